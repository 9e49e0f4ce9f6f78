// Stands in for pino in README snippets: its logging methods take fields first, then the message.
export default function pino() {
  return {
    warn(_fields: object, _message?: string) {},
    error(_fields: object, _message?: string) {},
  };
}

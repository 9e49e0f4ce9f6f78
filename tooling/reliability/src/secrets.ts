/** Scans everything the system said (bodies, logs, errors) for the secrets it was configured with. */
import { inspect } from 'node:util';

export interface SecretScan {
  /** Texts scanned. */
  scanned: number;
  /** Where a secret showed, e.g. `log: fp key (base64)`. Empty is the only acceptable outcome. */
  hits: string[];
}

/**
 * Every secret in every encoding it could leak in: as given, and its bytes as base64, base64url,
 * hex (both cases) and Latin-1.
 */
export function createSecretScanner(secrets: Record<string, string | Uint8Array>) {
  const needles: Array<[string, string]> = [];
  const addSecret = (name: string, secret: string | Uint8Array) => {
    const bytes =
      typeof secret === 'string'
        ? Buffer.from(secret, /^[A-Za-z0-9+/]+={0,2}$/.test(secret) && secret.length >= 40 ? 'base64' : 'utf8')
        : Buffer.from(secret);
    const forms: Record<string, string> = {
      given: typeof secret === 'string' ? secret : bytes.toString('base64'),
      base64: bytes.toString('base64'),
      base64url: bytes.toString('base64url'),
      hex: bytes.toString('hex'),
      HEX: bytes.toString('hex').toUpperCase(),
      latin1: bytes.toString('latin1'),
    };
    for (const [form, text] of Object.entries(forms)) if (text.length >= 8) needles.push([`${name} (${form})`, text]);
  };
  for (const [name, secret] of Object.entries(secrets)) addSecret(name, secret);
  const result: SecretScan = { scanned: 0, hits: [] };
  return {
    result,
    /** Adds a secret a run creates for itself (a generated key). */
    addSecret,
    /** Scans a text, an error (message, JSON, util.inspect with its cause) or any value. */
    scan(where: string, value: unknown) {
      const texts =
        typeof value === 'string'
          ? [value]
          : value instanceof Error
            ? [
                value.message,
                JSON.stringify(value),
                inspect(value, { depth: 8, showHidden: true }),
                String(value.stack),
              ]
            : [typeof value === 'object' ? (JSON.stringify(value) ?? '') : String(value), inspect(value, { depth: 8 })];
      result.scanned++;
      // One hit per secret form per value, however many of its renderings show it.
      const found = new Set<string>();
      for (const text of texts)
        for (const [name, needle] of needles) if (text.includes(needle)) found.add(`${where}: ${name}`);
      result.hits.push(...found);
    },
  };
}

export type SecretScanner = ReturnType<typeof createSecretScanner>;

/** A logger that scans every line and keeps a count; the guard's `logger` option takes it. */
export function scanningLogger(scanner: SecretScanner) {
  const lines = { count: 0 };
  const log = (level: string) => (message: string, details?: Record<string, unknown>) => {
    lines.count++;
    scanner.scan(`log ${level}`, message);
    if (details) scanner.scan(`log ${level} details`, details);
  };
  return { logger: { warn: log('warn'), error: log('error') }, lines };
}

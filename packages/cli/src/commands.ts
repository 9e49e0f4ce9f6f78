/** The CLI's commands: each takes parsed arguments and standard input, and returns what to print. */
import { createUnsealer, isFingerprintGuardError } from '@fingerprint-guard/core';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';

export interface Io {
  stdin: () => Promise<string>;
  env: Record<string, string | undefined>;
}

export interface Outcome {
  stdout?: string;
  stderr?: string;
  exitCode: number;
}

/** Thrown for a wrong command line: printed with the command's help, exit code 2. */
export class UsageError extends Error {}

export const HELP = {
  main: `Usage: fingerprint-guard <command> [options]

Commands:
  unseal [sealed]   Unseal a Fingerprint sealed result and print its event as JSON
  seal [event.json] Seal an event (JSON) with a key, as Fingerprint's agent does
  keygen            Print a new random 32-byte key (base64)

Run \`fingerprint-guard <command> --help\` for a command's options.`,
  unseal: `Usage: fingerprint-guard unseal [sealed] [--key KEY]... [--payload] [--max-payload-bytes N]

Unseals a sealed result (the argument, or standard input) and prints the event as JSON on
standard output, and which key matched on standard error.

Options:
  --key KEY               A base64 key; repeat for several, tried in order (rotation).
                          Default: FINGERPRINT_SEALED_KEYS, comma-separated.
  --payload               Print whatever JSON is inside, without the v4 event check
                          (e.g. a 3.x agent's { products } payload).
  --max-payload-bytes N   Inflated size limit (default 1048576).
  -h, --help              This help.

Exit codes: 0 unsealed, 1 the sealed result was rejected (its code is printed), 2 usage.`,
  seal: `Usage: fingerprint-guard seal [event.json] --key KEY | --fresh

Seals an event (a JSON file, or standard input) with KEY and prints the sealed result (base64).
For local testing only: real sealed results come from Fingerprint's agent.

Options:
  --key KEY   The base64 key to seal with. Default: the first of FINGERPRINT_SEALED_KEYS.
  --fresh     Seal a new realistic event (timestamp now) instead of reading one.
  -h, --help  This help.`,
  keygen: `Usage: fingerprint-guard keygen

Prints a new random 32-byte key, base64-encoded, for local sealing and unsealing.`,
} as const;

/** Keys from --key flags, else from FINGERPRINT_SEALED_KEYS. */
function keysFrom(flags: string[] | undefined, env: Io['env']): string[] {
  const keys = flags?.length ? flags : (env.FINGERPRINT_SEALED_KEYS ?? '').split(',').map((key) => key.trim()).filter(Boolean);
  if (keys.length === 0) throw new UsageError('No key: pass --key KEY or set FINGERPRINT_SEALED_KEYS.');
  return keys;
}

export async function unseal(
  positional: string[],
  flags: { key?: string[]; payload?: boolean; 'max-payload-bytes'?: string },
  io: Io,
): Promise<Outcome> {
  const keys = keysFrom(flags.key, io.env);
  const sealed = (positional[0] ?? (await io.stdin())).trim();
  if (sealed === '') throw new UsageError('No sealed result: pass it as an argument or on standard input.');
  const maxPayloadBytes = flags['max-payload-bytes'] === undefined ? undefined : Number(flags['max-payload-bytes']);
  // A bad key or limit is the command line's fault (CONFIG_INVALID, exit 2), not the sealed result's.
  const unsealer = createUnsealer({ keys, maxPayloadBytes });
  try {
    const { event, keyIndex } = flags.payload ? await unsealer.unsealPayload(sealed) : await unsealer.unsealDetailed(sealed);
    return {
      stdout: `${JSON.stringify(event, null, 2)}\n`,
      stderr: `Unsealed with key #${keyIndex + 1} of ${keys.length}.\n`,
      exitCode: 0,
    };
  } catch (error) {
    if (!isFingerprintGuardError(error)) throw error;
    return { stderr: `${error.code}: ${error.message}\n`, exitCode: 1 };
  }
}

export async function seal(positional: string[], flags: { key?: string[]; fresh?: boolean }, io: Io): Promise<Outcome> {
  const [key] = keysFrom(flags.key, io.env);
  let event: unknown;
  if (flags.fresh) {
    event = createEvent();
  } else {
    const text = positional[0] ? await import('node:fs/promises').then((fs) => fs.readFile(positional[0]!, 'utf8')) : await io.stdin();
    try {
      event = JSON.parse(text);
    } catch {
      throw new UsageError('The event is not JSON.');
    }
  }
  try {
    return { stdout: `${sealEvent(event, key!)}\n`, exitCode: 0 };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function keygen(): Outcome {
  return { stdout: `${generateKey()}\n`, exitCode: 0 };
}

/** The CLI's commands: each takes parsed arguments and standard input, and returns what to print. */
import { readFile } from 'node:fs/promises';
import { createUnsealer, isFingerprintGuardError } from '@fingerprint-guard/core';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { UsageError } from './args.js';

export interface Io {
  stdin: () => Promise<string>;
  env: Record<string, string | undefined>;
}

export interface Outcome {
  stdout?: string;
  stderr?: string;
  exitCode: number;
}

export const HELP = {
  main: `Usage: fingerprint-guard <command> [options]

Commands:
  unseal [sealed]   Unseal a Fingerprint sealed result (agent 4.x or 3.x) and print its event as JSON
  seal [event.json] Seal an event (JSON) with a key, as Fingerprint's agent does
  keygen            Print a new random 32-byte key (base64)

Run \`fingerprint-guard <command> --help\` for a command's options.

Exit codes: 0 done; 1 rejected (unseal: the sealed result does not unseal, its code is printed);
2 usage (an unknown command or option, a missing value, a file that cannot be read, a bad key);
3 an unexpected failure.`,
  unseal: `Usage: fingerprint-guard unseal [sealed] [--key KEY]... [--payload] [--max-payload-bytes N]

Unseals a sealed result (the argument, or standard input) and prints the event as JSON on
standard output: a 4.x agent's v4 event, or a 3.x agent's v3 { products } response. Standard
error says which format it was and which key matched.

Options:
  --key KEY               A base64 key; repeat for several, tried in order (rotation).
                          Default: FINGERPRINT_SEALED_KEYS, comma-separated.
  --payload               Print whatever JSON is inside, without any shape check.
  --max-payload-bytes N   Inflated size limit (default 1048576).
  -h, --help              This help.

Exit codes: 0 unsealed; 1 the sealed result was rejected (its code is printed); 2 usage.`,
  seal: `Usage: fingerprint-guard seal [event.json | --fresh] [--key KEY]

Seals an event (a JSON file, standard input, or with --fresh a new one) with a key and prints the
sealed result (base64). For local testing only: real sealed results come from Fingerprint's agent.

Options:
  --key KEY   The base64 key to seal with. Default: the first of FINGERPRINT_SEALED_KEYS.
              One of the two is needed, with --fresh too.
  --fresh     Seal a new realistic event (timestamp now) instead of reading one.
  -h, --help  This help.

Exit codes: 0 sealed; 2 usage (no key, an event file that cannot be read or is not JSON).`,
  keygen: `Usage: fingerprint-guard keygen

Prints a new random 32-byte key, base64-encoded, for local sealing and unsealing. It takes no
arguments and no options.

Exit codes: 0 done; 2 usage.`,
} as const;

/** Keys from --key flags, else from FINGERPRINT_SEALED_KEYS. */
function keysFrom(flags: string[] | undefined, env: Io['env']): string[] {
  // The variable lists keys with commas; a flag takes one (the library's own hint, an array, is not for a shell).
  if (flags?.some((key) => key.includes(',')))
    throw new UsageError('--key takes one key: for several, repeat it (--key "$NEW_KEY" --key "$OLD_KEY").');
  const keys = flags?.length
    ? flags
    : (env.FINGERPRINT_SEALED_KEYS ?? '')
        .split(',')
        .map((key) => key.trim())
        .filter(Boolean);
  if (keys.length === 0) throw new UsageError('No key: pass --key KEY or set FINGERPRINT_SEALED_KEYS.');
  return keys;
}

/** A whole number of bytes, 1 or more; anything else is the command line's mistake. */
function byteCount(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const bytes = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1)
    throw new UsageError(`${option} must be a whole number of bytes, 1 or more.`);
  return bytes;
}

/** How stderr names each format. */
const FORMAT_NAMES = { v4: 'a v4 event (agent 4.x) ', v3: 'a v3 { products } response (agent 3.x) ' } as const;

export async function unseal(
  positional: string[],
  flags: { key?: string[]; payload?: boolean; maxPayloadBytes?: string },
  io: Io,
): Promise<Outcome> {
  const keys = keysFrom(flags.key, io.env);
  const maxPayloadBytes = byteCount(flags.maxPayloadBytes, '--max-payload-bytes');
  const sealed = (positional[0] ?? (await io.stdin())).trim();
  if (sealed === '') throw new UsageError('No sealed result: pass it as an argument or on standard input.');
  // A bad key is the command line's fault (CONFIG_INVALID, exit 2), not the sealed result's.
  const unsealer = createUnsealer({ keys, maxPayloadBytes });
  try {
    const { event, keyIndex, what } = flags.payload
      ? { ...(await unsealer.unsealPayload(sealed)), what: '' }
      : await unsealer.unsealAnyFormat(sealed).then((opened) => ({ ...opened, what: FORMAT_NAMES[opened.format] }));
    return {
      stdout: `${JSON.stringify(event, null, 2)}\n`,
      stderr: `Unsealed ${what}with key #${keyIndex + 1} of ${keys.length}.\n`,
      exitCode: 0,
    };
  } catch (error) {
    if (!isFingerprintGuardError(error)) throw error;
    const message = (await fromAgent3(unsealer, sealed, error)) ?? error.message;
    return { stderr: `${error.code}: ${message}\n`, exitCode: 1 };
  }
}

/**
 * A 3.x agent's `{ products }` payload, said the command line's way: the library's message names
 * `unsealPayload()`, which is `--payload` here. Undefined for any other rejection.
 */
async function fromAgent3(
  unsealer: ReturnType<typeof createUnsealer>,
  sealed: string,
  error: { code: string },
): Promise<string | undefined> {
  if (error.code !== 'SEALED_RESULT_INVALID_PAYLOAD') return undefined;
  const payload = await unsealer.unsealPayload(sealed).then(
    ({ event }) => event,
    () => undefined,
  );
  if (typeof payload !== 'object' || payload === null || !('products' in payload)) return undefined;
  return (
    'The sealed result holds a v3 `{ products }` response from a 3.x JavaScript agent; fingerprint-guard ' +
    'reads the v4 event that agents 4.0 and later seal. Upgrade the agent, or print what it holds with --payload.'
  );
}

export async function seal(positional: string[], flags: { key?: string[]; fresh?: boolean }, io: Io): Promise<Outcome> {
  if (flags.fresh && positional.length > 0) throw new UsageError('--fresh seals a new event: give it no event file.');
  const [key] = keysFrom(flags.key, io.env);
  const event = flags.fresh
    ? createEvent()
    : parseEvent(positional[0] === undefined ? await io.stdin() : await readEventFile(positional[0]));
  try {
    return { stdout: `${sealEvent(event, key!)}\n`, exitCode: 0 };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function parseEvent(text: string): unknown {
  if (text.trim() === '')
    throw new UsageError('No event: pass a JSON file, pipe one on standard input, or use --fresh.');
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError('The event is not JSON.');
  }
}

/** Why a file could not be read, in words rather than an errno. */
const READ_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENAMETOOLONG: 'the name is too long',
};

async function readEventFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const why = READ_FAILURES[code] ?? (error as Error).message;
    // A key given without --key lands here: say so, without printing it.
    if (looksLikeKey(path))
      throw new UsageError(`Cannot read the event file: ${why}; the argument looks like a key (pass it with --key).`);
    throw new UsageError(`Cannot read the event file ${JSON.stringify(path)}: ${why}.`);
  }
}

function looksLikeKey(text: string): boolean {
  return /^[A-Za-z0-9+/]{42,44}={0,2}$/.test(text) && Buffer.from(text, 'base64').length === 32;
}

export function keygen(): Outcome {
  return { stdout: `${generateKey()}\n`, exitCode: 0 };
}

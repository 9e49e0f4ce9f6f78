/** The command line, checked against what each command takes: anything else is a usage error (exit 2). */
import { parseArgs } from 'node:util';

/** Thrown for a wrong command line: printed with the command's help, exit code 2. */
export class UsageError extends Error {}

export type CommandName = 'unseal' | 'seal' | 'keygen';

interface OptionSpec {
  type: 'string' | 'boolean';
  /** May be given more than once (`--key A --key B`). */
  multiple?: boolean;
}

interface CommandSpec {
  options: Readonly<Record<string, OptionSpec>>;
  /** How many arguments it takes, and what they are, for the error message. */
  positionals: { max: number; what: string };
}

/** What each command takes; `--help` / `-h` is taken by all of them. */
export const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  unseal: {
    options: {
      key: { type: 'string', multiple: true },
      payload: { type: 'boolean' },
      'max-payload-bytes': { type: 'string' },
    },
    positionals: { max: 1, what: 'one sealed result' },
  },
  seal: {
    options: { key: { type: 'string' }, fresh: { type: 'boolean' } },
    positionals: { max: 1, what: 'one event file' },
  },
  keygen: { options: {}, positionals: { max: 0, what: 'no arguments' } },
};

/** Every option any command takes, so that parseArgs knows which ones take a value. */
const ALL_OPTIONS = Object.fromEntries(
  Object.values(COMMANDS).flatMap((spec) =>
    Object.entries(spec.options).map(([name, { type }]) => [name, { type, multiple: true }]),
  ),
) as Record<string, { type: 'string' | 'boolean'; multiple: true }>;

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

export interface ParsedCommandLine {
  help: boolean;
  positionals: string[];
  strings: Record<string, string[]>;
  booleans: Set<string>;
}

/**
 * Reads `args` for `command`. Values are never echoed in messages: a key passed in the wrong
 * place must not end up in a terminal's scroll-back or a CI log.
 */
export function parseCommandLine(command: CommandName, args: string[]): ParsedCommandLine {
  const spec = COMMANDS[command];
  const { tokens } = parseArgs({ args, options: ALL_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const parsed: ParsedCommandLine = { help: false, positionals: [], strings: {}, booleans: new Set() };
  for (const token of tokens) {
    if (token.kind === 'positional') {
      parsed.positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    if (token.name === 'help' || token.name === 'h') {
      parsed.help = true;
      continue;
    }
    const option = Object.hasOwn(spec.options, token.name) ? spec.options[token.name] : undefined;
    if (option === undefined) throw new UsageError(notTaken(command, token.rawName));
    if (option.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value.`);
      parsed.booleans.add(token.name);
      continue;
    }
    // Without `=`, parseArgs takes the next word even when it is another option (`--key --payload`).
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))) {
      throw new UsageError(
        `${token.rawName} needs a value (one that starts with "-" is written ${token.rawName}=VALUE).`,
      );
    }
    parsed.strings[token.name] ??= [];
    const values = parsed.strings[token.name]!;
    if (values.length > 0 && !option.multiple)
      throw new UsageError(`${token.rawName} is taken once by fingerprint-guard ${command}.`);
    values.push(token.value);
  }
  if (!parsed.help && parsed.positionals.length > spec.positionals.max) {
    const count = parsed.positionals.length;
    throw new UsageError(
      `fingerprint-guard ${command} takes ${spec.positionals.what}; it was given ${count} argument${count === 1 ? '' : 's'}.`,
    );
  }
  return parsed;
}

function notTaken(command: CommandName, rawName: string): string {
  const known = Object.values(COMMANDS).some((spec) =>
    Object.keys(spec.options).some((name) => `--${name}` === rawName),
  );
  const takes = Object.keys(COMMANDS[command].options).map((name) => `--${name}`);
  const list = takes.length === 0 ? 'it takes no options' : `its options: ${takes.join(', ')}`;
  return known
    ? `fingerprint-guard ${command} does not take ${rawName} (${list}).`
    : `Unknown option ${rawName} (${list}).`;
}

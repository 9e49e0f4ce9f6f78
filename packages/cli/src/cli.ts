#!/usr/bin/env node
/** fingerprint-guard: unseal, seal and keygen on the command line. Exit codes: 0 done, 1 rejected, 2 usage, 3 unexpected. */
import { isCommand, parseCommandLine, UsageError, type CommandName } from './args.js';
import { HELP, keygen, seal, unseal, type Io, type Outcome } from './commands.js';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A usage mistake: the message and the help on standard error, exit code 2. */
function usage(message: string, help: string): Outcome {
  return { stderr: `${message}\n\n${help}\n`, exitCode: 2 };
}

async function run(argv: string[], io: Io): Promise<Outcome> {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') return { stdout: `${HELP.main}\n`, exitCode: 0 };
  if (command === undefined) return usage('No command.', HELP.main);
  if (!isCommand(command)) return usage(`Unknown command ${JSON.stringify(command)}.`, HELP.main);
  try {
    return await runCommand(command, rest, io);
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message, HELP[command]);
    // A key that is not 32 bytes, say: the command line's mistake. The message names the key's position, never its value.
    if ((error as { code?: string }).code === 'CONFIG_INVALID')
      return usage(`CONFIG_INVALID: ${(error as Error).message}`, HELP[command]);
    throw error;
  }
}

async function runCommand(command: CommandName, args: string[], io: Io): Promise<Outcome> {
  const { help, positionals, strings, booleans } = parseCommandLine(command, args);
  if (help) return { stdout: `${HELP[command]}\n`, exitCode: 0 };
  if (command === 'unseal') {
    return unseal(
      positionals,
      { key: strings.key, payload: booleans.has('payload'), maxPayloadBytes: strings['max-payload-bytes']?.[0] },
      io,
    );
  }
  if (command === 'seal') return seal(positionals, { key: strings.key, fresh: booleans.has('fresh') }, io);
  return keygen();
}

run(process.argv.slice(2), { stdin: readStdin, env: process.env }).then(
  ({ stdout, stderr, exitCode }) => {
    if (stdout) process.stdout.write(stdout);
    if (stderr) process.stderr.write(stderr);
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    // Not a rejected credential (1) nor a usage mistake (2): a failure the CLI did not expect.
    process.stderr.write(
      `fingerprint-guard: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 3;
  },
);

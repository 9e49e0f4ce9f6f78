#!/usr/bin/env node
/** fingerprint-guard: unseal, seal and keygen on the command line. */
import { parseArgs } from 'node:util';
import { HELP, keygen, seal, unseal, UsageError, type Io, type Outcome } from './commands.js';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function run(argv: string[], io: Io): Promise<Outcome> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    return { stdout: `${HELP.main}\n`, exitCode: command === undefined ? 2 : 0 };
  }
  if (!Object.hasOwn(HELP, command) || command === 'main') {
    throw new UsageError(`Unknown command "${command}".`);
  }
  const name = command as 'unseal' | 'seal' | 'keygen';
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        key: { type: 'string', multiple: true },
        payload: { type: 'boolean' },
        'max-payload-bytes': { type: 'string' },
        fresh: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) return { stdout: `${HELP[name]}\n`, exitCode: 0 };
    if (name === 'unseal') return await unseal(positionals, values, io);
    if (name === 'seal') return await seal(positionals, values, io);
    return keygen();
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      return { stderr: `${(error as Error).message}\n\n${HELP[name]}\n`, exitCode: 2 };
    }
    if ((error as { code?: string }).code === 'CONFIG_INVALID') return { stderr: `CONFIG_INVALID: ${(error as Error).message}\n`, exitCode: 2 };
    throw error;
  }
}

run(process.argv.slice(2), { stdin: readStdin, env: process.env }).then(
  ({ stdout, stderr, exitCode }) => {
    if (stdout) process.stdout.write(stdout);
    if (stderr) process.stderr.write(stderr);
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);

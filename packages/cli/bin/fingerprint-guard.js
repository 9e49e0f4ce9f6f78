#!/usr/bin/env node
// The command's entry point. It exists before the build, so that pnpm links it (at the repository
// root too) in a fresh clone; the command itself is dist/cli.js.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli.js', import.meta.url);
if (existsSync(entry)) {
  await import(entry.href);
} else {
  process.stderr.write('fingerprint-guard is not built: run `pnpm build` at the repository root first.\n');
  process.exitCode = 3;
}

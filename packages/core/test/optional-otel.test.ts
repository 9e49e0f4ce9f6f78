// The built package finding its optional @opentelemetry/api as an installed app would: the
// package copied into a node_modules of its own, beside an API that is missing, or installed but
// broken. "Not installed" is silent; a broken install is logged once and the guard still works.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Two guards in one process, each deciding one request; prints the decisions and what was logged. */
const SCRIPT = (load: string) => `
const logged = [];
const logger = { warn: (message, details) => logged.push(details?.event ?? message), error: (message, details) => logged.push(details?.event ?? message) };
Promise.resolve(${load}).then(async ({ createFingerprintGuard }) => {
  const options = { fingerprint: { keys: [Buffer.alloc(32, 7).toString('base64')] }, logger };
  const outcomes = [];
  for (const guard of [createFingerprintGuard(options), createFingerprintGuard(options)])
    outcomes.push((await guard.decide({ headers: {} })).error.code);
  console.log(JSON.stringify({ outcomes, logged }));
});`;

describe('the optional @opentelemetry/api, from the built package', () => {
  let work: string;

  /** An app directory with core's dist in node_modules, and `api` as its @opentelemetry/api (none when undefined). */
  function app(name: string, api?: string): string {
    const dir = join(work, name);
    const core = join(dir, 'node_modules/@fingerprint-guard/core');
    mkdirSync(core, { recursive: true });
    cpSync(join(packageDir, 'dist'), join(core, 'dist'), { recursive: true });
    cpSync(join(packageDir, 'package.json'), join(core, 'package.json'));
    const jsonParser = dirname(
      createRequire(join(packageDir, 'package.json')).resolve('secure-json-parse/package.json'),
    );
    symlinkSync(jsonParser, join(dir, 'node_modules/secure-json-parse'));
    if (api !== undefined) {
      const apiDir = join(dir, 'node_modules/@opentelemetry/api');
      mkdirSync(apiDir, { recursive: true });
      writeFileSync(join(apiDir, 'package.json'), JSON.stringify({ name: '@opentelemetry/api', main: 'index.js' }));
      writeFileSync(join(apiDir, 'index.js'), api);
    }
    return dir;
  }

  async function decide(dir: string, format: 'esm' | 'cjs') {
    const load = format === 'cjs' ? "require('@fingerprint-guard/core')" : "import('@fingerprint-guard/core')";
    const { stdout } = await run(process.execPath, ['-e', SCRIPT(load)], { cwd: dir, timeout: 20_000 });
    return JSON.parse(stdout);
  }

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'fingerprint-guard-otel-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(['esm', 'cjs'] as const)('%s: not installed is silent', async (format) => {
    expect(await decide(app(`missing-${format}`), format)).toEqual({
      outcomes: ['CREDENTIAL_MISSING', 'CREDENTIAL_MISSING'],
      logged: [],
    });
  });

  it.each(['esm', 'cjs'] as const)(
    '%s: installed but broken is logged once, and the guards still decide',
    async (format) => {
      const broken = app(`broken-${format}`, "throw new Error('a broken install');");
      expect(await decide(broken, format)).toEqual({
        outcomes: ['CREDENTIAL_MISSING', 'CREDENTIAL_MISSING'],
        logged: ['opentelemetry-load-failed'],
      });
    },
  );

  it.each(['esm', 'cjs'] as const)(
    '%s: a dependency missing inside the installed API is broken, not absent',
    async (format) => {
      const partial = app(`partial-${format}`, "require('@opentelemetry/missing-piece');");
      expect((await decide(partial, format)).logged).toEqual(['opentelemetry-load-failed']);
    },
  );
});

import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('the built package', () => {
  it('loads with require() and reports to OpenTelemetry from its CommonJS build', async () => {
    // Before the fix, the CommonJS build kept an `import.meta` and threw a SyntaxError on require().
    const fixture = fileURLToPath(new URL('./fixtures/cjs-otel.cjs', import.meta.url));
    const { stdout } = await run(process.execPath, [fixture], { timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({ outcome: 'CREDENTIAL_MISSING', spans: 1 });
  });

  it('shares one default replay store between its ESM and CommonJS builds loaded in one process', async () => {
    // Two copies of core (an ESM app importing an adapter whose CJS build requires core) must
    // still accept a result once: the store and the windows live on globalThis.
    const dir = fileURLToPath(new URL('../dist/', import.meta.url));
    const script = `
      const cjs = require('${dir}index.cjs');
      import('${dir}index.js').then((esm) => console.log(esm.defaultReplayStore() === cjs.defaultReplayStore()));`;
    const { stdout } = await run(process.execPath, ['-e', script], { timeout: 20_000 });
    expect(stdout.trim()).toBe('true');
  });

  it('keeps its class names in the CommonJS build', async () => {
    // Before issue 24, the CommonJS build named the class `_class` (Nest logged `_class [FingerprintGuardError]`).
    const script = `const { FingerprintGuardError } = require('${fileURLToPath(new URL('../dist/index.cjs', import.meta.url))}');
      console.log(new FingerprintGuardError('CONFIG_INVALID', 'a name check').constructor.name);`;
    const { stdout } = await run(process.execPath, ['-e', script], { timeout: 20_000 });
    expect(stdout.trim()).toBe('FingerprintGuardError');
  });

  it('keeps the error class name through a minifier, as in a Next server bundle', async () => {
    // Before (keepNames, then no keepNames): a minified bundle printed a one-letter class name.
    const { build } = await import('esbuild');
    const entry = fileURLToPath(new URL('../dist/index.cjs', import.meta.url));
    const { outputFiles } = await build({
      stdin: {
        contents: `const { FingerprintGuardError } = require(${JSON.stringify(entry)});
          console.log(new FingerprintGuardError('CONFIG_INVALID', 'a name check').constructor.name);`,
        resolveDir: process.cwd(),
      },
      bundle: true,
      minify: true,
      platform: 'node',
      external: ['@opentelemetry/api'],
      write: false,
    });
    const { stdout } = await run(process.execPath, ['-e', outputFiles[0]!.text], { timeout: 20_000 });
    expect(stdout.trim()).toBe('FingerprintGuardError');
  });

  it('runs one copy of core in a process: its ES module entry points are its CommonJS build', async () => {
    const dir = fileURLToPath(new URL('../dist/', import.meta.url));
    const script = `
      const cjs = require('${dir}index.cjs');
      const adapter = require('${dir}adapter.cjs');
      Promise.all([import('${dir}index.js'), import('${dir}adapter.js')]).then(([esm, esmAdapter]) =>
        console.log(JSON.stringify([
          Object.keys(esm).sort().join() === Object.keys(cjs).sort().join(),
          Object.keys(esm).every((name) => esm[name] === cjs[name]),
          Object.keys(esmAdapter).every((name) => esmAdapter[name] === adapter[name]),
          esm.FingerprintGuardError === cjs.FingerprintGuardError,
        ])));`;
    const { stdout } = await run(process.execPath, ['-e', script], { timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual([true, true, true, true]);
  });

  it.each([
    ['CommonJS', 'index.cjs', 'adapter.cjs'],
    ['ES module', 'index.js', 'adapter.js'],
    ['Web', 'web/index.js', 'web/adapter.js'],
  ])('spares the body of a request carrying the first header, from its %s build', async (_build, index, adapter) => {
    // A built guard, and a lazily built one before and after its first decision (asking never builds it).
    const dir = fileURLToPath(new URL('../dist/', import.meta.url));
    const load = (file: string) =>
      file.endsWith('.cjs') ? `require('${dir}${file}')` : `await import('${dir}${file}')`;
    const script = `(async () => {
      const core = ${load(index)};
      const { credentialBodyKindFor } = ${load(adapter)};
      const keys = [Buffer.alloc(32, 7).toString('base64')];
      const post = (headers) => new Request('http://localhost/login',
        { method: 'POST', headers: { 'content-type': 'application/json', ...headers } });
      const sealedHeader = post({ 'fingerprint-sealed-result': 'abc' });
      const guard = core.createFingerprintGuard({ fingerprint: { keys } });
      const lazy = core.createFingerprintGuard(() => ({ fingerprint: { keys } }));
      const beforeBuilt = credentialBodyKindFor(lazy, sealedHeader) ?? 'none';
      await lazy.decide({ headers: {} });
      console.log(JSON.stringify([credentialBodyKindFor(guard, sealedHeader) ?? 'none',
        credentialBodyKindFor(guard, post({})) ?? 'none', beforeBuilt, credentialBodyKindFor(lazy, sealedHeader) ?? 'none']));
    })()`;
    const { stdout } = await run(process.execPath, ['-e', script], { timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual(['none', 'json', 'json', 'none']);
  });

  it('keeps its Web build free of bare imports: its third-party code is its own vendor.js', () => {
    const web = fileURLToPath(new URL('../dist/web/', import.meta.url));
    const specifiers = readdirSync(web)
      .filter((name) => name.endsWith('.js') && name !== 'vendor.js')
      .flatMap((name) => [...readFileSync(join(web, name), 'utf8').matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)])
      .map((match) => match[1]!);
    expect(specifiers).toContain('./vendor.js');
    expect(specifiers.filter((specifier) => !specifier.startsWith('./'))).toEqual([]);
  });

  it('loads with import() from its ESM build', async () => {
    const script = `import('${fileURLToPath(new URL('../dist/index.js', import.meta.url))}').then((core) => console.log(typeof core.createFingerprintGuard))`;
    const { stdout } = await run(process.execPath, ['-e', script], { timeout: 20_000 });
    expect(stdout.trim()).toBe('function');
  });
});

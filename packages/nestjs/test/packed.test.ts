// The package as users install it: core and this adapter packed into tarballs, installed with npm
// into an app outside the repository beside NestJS 11 from the registry, and served over HTTP.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';

const here = fileURLToPath(new URL('..', import.meta.url));
const npmMissing = spawnSync('npm', ['--version'], { encoding: 'utf8' }).status !== 0;
if (npmMissing) console.warn('[packed] npm is not on PATH: the packed-tarball test is skipped.');

// The app, in plain JavaScript (ES modules): decorators applied with Reflect.decorate.
const APP = `
import 'reflect-metadata';
import { Controller, HttpCode, Module, Post, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Fingerprint, FingerprintGuard, FingerprintGuardModule } from '@fingerprint-guard/nestjs';

class LoginController {
  login(fingerprint) {
    return { visitorId: fingerprint.visitorId, eventId: fingerprint.eventId };
  }
}
const login = Object.getOwnPropertyDescriptor(LoginController.prototype, 'login');
Reflect.decorate([Post('login'), HttpCode(200), UseGuards(FingerprintGuard)], LoginController.prototype, 'login', login);
Fingerprint()(LoginController.prototype, 'login', 0);
Reflect.decorate([Controller()], LoginController);

class AppModule {}
Reflect.decorate([Module({ imports: [FingerprintGuardModule.forRoot({ fingerprint: { keys: [process.env.FP_SEALED_KEY] } })], controllers: [LoginController] })], AppModule);

const app = await NestFactory.create(AppModule, { logger: ['error'] });
await app.listen(0, '127.0.0.1');
console.log(app.getHttpServer().address().port);
`;

// The same package from CommonJS, and its declarations from TypeScript (node16 resolution, strict).
const CJS = `const m = require('@fingerprint-guard/nestjs');
for (const name of ['FingerprintGuard', 'FingerprintGuardModule', 'Fingerprint', 'FingerprintGuardException', 'fingerprintWebhook', 'createFingerprintGuard']) {
  if (typeof m[name] !== 'function') throw new Error(name + ' is missing from the CommonJS build');
}`;
const TYPES = `import { FingerprintGuardModule, type Fingerprint } from '@fingerprint-guard/nestjs';
import type { DynamicModule } from '@nestjs/common';
const module: DynamicModule = FingerprintGuardModule.forRoot({ fingerprint: { keys: ['x'] }, deny: { bot: true } });
export const visitor = (fingerprint: Fingerprint): string | undefined => fingerprint.visitorId;
export { module };
`;

const run = (command: string, args: string[], cwd: string) => {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 150_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
};

describe.skipIf(npmMissing)('the packed tarballs in an outside NestJS app', () => {
  let dir = '';
  const key = generateKey();
  let server: ChildProcess | undefined;
  let url = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fingerprint-guard-nestjs-packed-'));
    // pnpm pack, as publishing does, turns `workspace:^` into a version npm can install.
    for (const pkg of ['../core', '.'])
      run('npx', ['-y', 'pnpm@10.34.8', 'pack', '--pack-destination', dir], join(here, pkg));
    const tarballs = readdirSync(dir)
      .filter((file) => file.endsWith('.tgz'))
      .map((file) => join(dir, file));
    expect(tarballs).toHaveLength(2);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'outside-app', private: true, type: 'module' }));
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--loglevel=error',
        ...tarballs,
        '@nestjs/common@^11',
        '@nestjs/core@^11',
        '@nestjs/platform-express@^11',
        'reflect-metadata',
        'rxjs',
      ],
      dir,
    );
    writeFileSync(join(dir, 'app.mjs'), APP);
    server = spawn(process.execPath, ['app.mjs'], {
      cwd: dir,
      env: { ...process.env, FP_SEALED_KEY: key },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const first = await createInterface({ input: server.stdout! })[Symbol.asyncIterator]().next();
    url = `http://127.0.0.1:${String(first.value).trim()}/login`;
  }, 180_000);

  afterAll(() => {
    server?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a fresh sealed result once, then answers the replay 409 and a request without one 401', async () => {
    const event = createEvent();
    const headers = { 'fingerprint-sealed-result': sealEvent(event, key) };
    const first = await fetch(url, { method: 'POST', headers });
    expect([first.status, await first.json()]).toEqual([
      200,
      { visitorId: event.identification!.visitor_id, eventId: event.event_id },
    ]);
    const replay = await fetch(url, { method: 'POST', headers });
    expect([replay.status, ((await replay.json()) as { error: { code: string } }).error.code]).toEqual([
      409,
      'EVENT_REPLAYED',
    ]);
    const missing = await fetch(url, { method: 'POST' });
    expect([missing.status, ((await missing.json()) as { error: { code: string } }).error.code]).toEqual([
      401,
      'CREDENTIAL_MISSING',
    ]);
  });

  it('loads from CommonJS, and its declarations type-check from TypeScript', () => {
    writeFileSync(join(dir, 'check.cjs'), CJS);
    run(process.execPath, ['check.cjs'], dir);
    writeFileSync(join(dir, 'check.mts'), TYPES);
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const compilerOptions = {
      noEmit: true,
      strict: true,
      module: 'node16',
      moduleResolution: 'node16',
      target: 'es2022',
      experimentalDecorators: true,
      typeRoots: [join(here, '../../node_modules/@types')],
      types: ['node'],
    };
    // Nest's own declarations need Node's types, which every Nest app has: the repository's are lent here.
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['check.mts'] }));
    run(process.execPath, [tsc, '-p', 'tsconfig.json'], dir);
  }, 60_000);
});

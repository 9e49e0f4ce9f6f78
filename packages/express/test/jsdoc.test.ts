// Every @example of the package's doc comments (what an editor shows on hover), compiled by tsc
// under strict against @types/express 5 and @types/express 4: no example that fails to compile.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'test-artifacts', 'jsdoc');

/** The code of every `@example` in src: the comment lines after the tag, up to the next tag or the end. */
function examples(): Array<{ file: string; code: string }> {
  return readdirSync(join(root, 'src'))
    .filter((name) => name.endsWith('.ts'))
    .flatMap((name) =>
      [...readFileSync(join(root, 'src', name), 'utf8').matchAll(/@example\n((?: \*(?! @).*\n)+?) \*\//g)].map(
        (match) => ({ file: name, code: match[1]!.replace(/^ \* ?/gm, '') }),
      ),
    );
}

// What the examples use without defining: the reader's app and their own function.
const PRELUDE = `import express, { type Request } from 'express';
import {
  createFingerprintGuard,
  fingerprintGuard,
  fingerprintWebhook,
  withFingerprint,
  type FingerprintWebhookRequest,
} from '@fingerprint-guard/express';
declare const app: express.Express;
declare function saveEvent(event: unknown): Promise<void>;
`;

function compile(typesOfExpress: string): string {
  const files = examples().map(({ file, code }, index) => {
    const path = join(out, `${file.replace('.ts', '')}-${index + 1}.ts`);
    writeFileSync(path, `${PRELUDE}${code}\nexport {};\n`);
    return path;
  });
  const config = join(out, `tsconfig.${typesOfExpress.replaceAll('/', '_')}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      extends: '../../../../tsconfig.base.json',
      compilerOptions: {
        types: ['node'],
        noUnusedLocals: false,
        paths: {
          '@fingerprint-guard/express': ['../../src/index.ts'],
          express: [join(root, 'node_modules', typesOfExpress)],
        },
      },
      files,
    }),
  );
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', config, '--noEmit'], { cwd: out, encoding: 'utf8' });
  return `${run.stdout}${run.stderr}`.replaceAll(out, '.');
}

describe('the doc comments’ examples', () => {
  it('are found', () => {
    expect(examples().map(({ file }) => file)).toEqual(
      expect.arrayContaining(['guard.ts', 'webhook.ts', 'with-fingerprint.ts']),
    );
  });

  it.each(['@types/express', '@types/express4'])(
    'compile under strict with %s',
    (typesOfExpress) => {
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out, { recursive: true });
      expect(compile(typesOfExpress)).toBe('');
    },
    60_000,
  );
});

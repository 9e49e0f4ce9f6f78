// Every ```typescript block of the README, compiled by tsc under strict with the package's real
// types (the blocks use decorators, which the monorepo's README check does not compile).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'test-artifacts', 'readme');
const blocks = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```typescript\n([\s\S]*?)```/g)].map(
  (match) => match[1]!,
);

describe('the README', () => {
  it('has its examples in typescript blocks, and no cast in them', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const block of blocks) {
      const code = block.split('\n').filter((line) => !line.trimStart().startsWith('import '));
      expect(
        code.filter((line) => /\bas\s+(?!const\b)\w/.test(line) || /<\w+>\s*\w+\(/.test(line.replace(/<\w+>\(/g, '('))),
        block,
      ).toEqual([]);
    }
  });

  it('compiles, each block as its own module, under strict', () => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const files = blocks.map((code, index) => {
      const file = join(out, `block-${index + 1}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      return file;
    });
    // What the blocks import without defining: the reader's own root module.
    writeFileSync(join(out, 'app.module.ts'), 'export class AppModule {}\n');
    writeFileSync(
      join(out, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../../../tsconfig.base.json',
        compilerOptions: {
          types: ['node'],
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          moduleResolution: 'Bundler',
          paths: { '@fingerprint-guard/nestjs': ['../../src/index.ts'] },
        },
        files: [...files, join(out, 'app.module.ts')],
      }),
    );
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', join(out, 'tsconfig.json'), '--noEmit'], {
      cwd: out,
      encoding: 'utf8',
    });
    expect(`${run.stdout}${run.stderr}`.replaceAll(out, '.')).toBe('');
    expect(run.status).toBe(0);
  }, 60_000);
});

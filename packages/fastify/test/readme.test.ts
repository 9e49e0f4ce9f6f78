// The README's TypeScript blocks, compiled strict against this package's sources: they cannot rot,
// and the handler code in them needs no cast (no `as`; `!` only on `process.env` values).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('..', import.meta.url));
const blocks = [...readFileSync(`${here}README.md`, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map(
  (match) => match[1]!,
);

describe('README code blocks', () => {
  it('have no casts', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const code of blocks) {
      expect(code).not.toMatch(/\bas\s+(?!const\b)[A-Z{(a-z]/);
      expect(code.replace(/process\.env\.\w+!/g, '')).not.toMatch(/\w[!]\s*[.;,)\]]/);
    }
  });

  it('type-check, strict, against the package', () => {
    // Under node_modules (ignored by git), where the package's own dependencies resolve.
    const out = `${here}node_modules/.readme-snippets/`;
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const files = blocks.map((code, index) => {
      const file = `block-${index + 1}.ts`;
      writeFileSync(`${out}${file}`, `${code}\nexport {};\n`);
      return file;
    });
    const tsconfig = {
      extends: '../../tsconfig.json',
      compilerOptions: { noEmit: true, paths: { '@fingerprint-guard/fastify': ['../../src/index.ts'] } },
      include: files,
    };
    writeFileSync(`${out}tsconfig.json`, JSON.stringify(tsconfig));
    const tsc = spawnSync(
      process.execPath,
      [`${here}../../node_modules/typescript/bin/tsc`, '-p', `${out}tsconfig.json`],
      { encoding: 'utf8' },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);
});

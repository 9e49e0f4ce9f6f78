// Every ```ts block of the READMEs, compiled as its own module with the packages' real types.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('..', import.meta.url));
const root = join(here, '../..');
const out = join(here, 'snippets-out');

const readmes = [
  'README.md',
  ...['packages', 'examples'].flatMap((dir) => readdirSync(join(root, dir)).map((name) => `${dir}/${name}/README.md`)),
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
].filter((file) => existsSync(join(root, file)));

function extract(file: string): string[] {
  return [...readFileSync(join(root, file), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

describe('README code blocks', () => {
  it('are found in the root README and the package READMEs', () => {
    expect(readmes).toContain('README.md');
    expect(readmes.filter((file) => extract(file).length > 0).length).toBeGreaterThanOrEqual(6);
  });

  it('all type-check against the packages', () => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out);
    const written: string[] = [];
    for (const file of readmes) {
      extract(file).forEach((code, index) => {
        const path = join(out, `${file.replace(/[/.]/g, '_')}-${index + 1}.ts`);
        // `export {}` makes each block a module: names do not clash between blocks.
        writeFileSync(path, `${code}\nexport {};\n`);
        written.push(path);
      });
    }
    expect(written.length).toBeGreaterThan(20);
    const tsc = spawnSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.snippets.json', '--noEmit', '--listFiles'],
      {
        cwd: here,
        encoding: 'utf8',
      },
    );
    // The compiler must really have read every block (a folder it skips would pass silently).
    const listed = new Set(tsc.stdout.split('\n'));
    expect(written.filter((path) => !listed.has(path))).toEqual([]);
    const errors = tsc.stdout
      .split('\n')
      .filter((line) => !line.startsWith('/'))
      .join('\n')
      .trim()
      .replaceAll(out, relative(here, out));
    expect(errors, `README snippets that do not compile:\n${errors}`).toBe('');
    expect(tsc.status).toBe(0);
  });
});

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
  ...['packages', 'tooling', 'examples'].flatMap((dir) =>
    readdirSync(join(root, dir)).map((name) => `${dir}/${name}/README.md`),
  ),
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
].filter((file) => existsSync(join(root, file)));

function extract(file: string): string[] {
  return [...readFileSync(join(root, file), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/** The v4-only program (what every app has by default) and the one that declares v3. */
const PROGRAMS = ['v4', 'v3'] as const;
type Program = (typeof PROGRAMS)[number];

function compile(tsconfig: string) {
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', tsconfig, '--noEmit', '--listFiles'],
    { cwd: here, encoding: 'utf8' },
  );
  const errors = tsc.stdout
    .split('\n')
    .filter((line) => !line.startsWith('/'))
    .join('\n')
    .trim()
    .replaceAll(out, relative(here, out));
  return { listed: new Set(tsc.stdout.split('\n')), errors, status: tsc.status };
}

describe('README code blocks', () => {
  it('are found in the root README and the package READMEs', () => {
    expect(readmes).toContain('README.md');
    expect(readmes.filter((file) => extract(file).length > 0).length).toBeGreaterThanOrEqual(6);
  });

  it('all type-check against the packages', () => {
    rmSync(out, { recursive: true, force: true });
    const written: Record<Program, string[]> = { v4: [], v3: [] };
    for (const program of PROGRAMS) mkdirSync(join(out, program), { recursive: true });
    for (const file of readmes) {
      extract(file).forEach((code, index) => {
        // A block that declares v3 in AcceptedFingerprintFormats changes the types of its whole
        // program, as it would in an app: such blocks are compiled in a program of their own.
        const program: Program = /interface AcceptedFingerprintFormats\b/.test(code) ? 'v3' : 'v4';
        const path = join(out, program, `${file.replace(/[/.]/g, '_')}-${index + 1}.ts`);
        // `export {}` makes each block a module: names do not clash between blocks.
        writeFileSync(path, `${code}\nexport {};\n`);
        written[program].push(path);
      });
    }
    expect(written.v4.length).toBeGreaterThan(20);
    expect(written.v3.length).toBeGreaterThan(0);
    for (const program of PROGRAMS) {
      const { listed, errors, status } = compile(`tsconfig.snippets${program === 'v3' ? '-v3' : ''}.json`);
      // The compiler must really have read every block (a folder it skips would pass silently).
      expect(written[program].filter((path) => !listed.has(path))).toEqual([]);
      expect(errors, `README snippets that do not compile (${program} program):\n${errors}`).toBe('');
      expect(status).toBe(0);
    }
  });
});

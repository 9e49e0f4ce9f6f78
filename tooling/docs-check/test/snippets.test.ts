// Every ```ts block of the READMEs and guides, compiled as its own module with the packages' real
// types, strict: a block declares what it uses (`declare const app: express.Express; // your app`)
// or builds it, nothing is declared for it behind its back, and nothing in it is `any`.
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

interface Block {
  file: string;
  index: number;
  code: string;
}

const blocks: Block[] = readmes.flatMap((file) =>
  [...readFileSync(join(root, file), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((match, index) => ({
    file,
    index: index + 1,
    code: match[1]!,
  })),
);
const where = ({ file, index }: Block) => `${file}, block ${index}`;

/**
 * The programs the blocks are compiled in, as in an app: a block that declares edge or v3 in
 * AcceptedFingerprintFormats changes the types of its whole program, and @koa/bodyparser types
 * every IncomingMessage's `body` as `unknown` (an Express app does not have it). Each also compiles
 * the type checks of its folder in types/, when there is one.
 */
const PROGRAMS = {
  edge: (code: string) => /interface AcceptedFingerprintFormats\b[^}]*\bedge: true/.test(code),
  v3: (code: string) => /interface AcceptedFingerprintFormats\b/.test(code),
  koa: (code: string) => code.includes("from '@koa/bodyparser'"),
  v4: () => true,
} as const;
type Program = keyof typeof PROGRAMS;
const TYPE_CHECKS: Partial<Record<Program, string>> = { v4: 'types/v4-only', v3: 'types/v3-declared' };
const programOf = (code: string) => (Object.keys(PROGRAMS) as Program[]).find((program) => PROGRAMS[program](code))!;

/** READMEs whose handlers read the result with no cast: no `as` (but `as const`), `!` only on `process.env`. */
const NO_CASTS = ['packages/fastify/README.md', 'packages/hono/README.md'];

function compile(program: Program) {
  const tsconfig = join(out, program, 'tsconfig.json');
  const include = ['*.ts', '../../stubs', ...(TYPE_CHECKS[program] ? [`../../${TYPE_CHECKS[program]}`] : [])];
  writeFileSync(tsconfig, JSON.stringify({ extends: '../../tsconfig.snippets.json', include }));
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
  it('are found in the root README, the package READMEs and the guides', () => {
    expect(readmes).toContain('README.md');
    expect(new Set(blocks.map(({ file }) => file)).size).toBeGreaterThanOrEqual(10);
    expect(blocks.length).toBeGreaterThan(50);
    for (const file of NO_CASTS) expect(blocks.filter((block) => block.file === file).length).toBeGreaterThan(3);
  });

  it('declare what they use in the open: nothing is `any`, and every declaration says what it stands for', () => {
    const hidden = blocks.flatMap((block) =>
      block.code
        .split('\n')
        .filter(
          (line) =>
            /\bany\b/.test(line.replace(/\/\/.*$/, '')) ||
            (/^declare (const|function|let)\b/.test(line) && !line.includes('//')),
        )
        .map((line) => `${where(block)}: ${line.trim()}`),
    );
    expect(hidden).toEqual([]);
  });

  it('read the result with no cast where the adapter types it (Fastify, Hono)', () => {
    const casts = blocks
      .filter((block) => NO_CASTS.includes(block.file))
      .filter(
        ({ code }) =>
          /\bas\s+(?!const\b)[A-Z{(a-z]/.test(code) || /\w!\s*[.;,)\]]/.test(code.replace(/process\.env\.\w+!/g, '')),
      )
      .map(where);
    expect(casts).toEqual([]);
  });

  it('all type-check, strict, against the built packages, each program with no ambient declaration', () => {
    rmSync(out, { recursive: true, force: true });
    const written: Record<Program, string[]> = { edge: [], v3: [], koa: [], v4: [] };
    for (const program of Object.keys(PROGRAMS)) mkdirSync(join(out, program), { recursive: true });
    for (const block of blocks) {
      const program = programOf(block.code);
      const path = join(out, program, `${block.file.replace(/[/.]/g, '_')}-${block.index}.ts`);
      // `export {}` makes each block a module: names do not clash between blocks.
      writeFileSync(path, `${block.code}\nexport {};\n`);
      written[program].push(path);
    }
    expect(written.v4.length).toBeGreaterThan(20);
    expect(written.v3.length).toBeGreaterThan(0);
    expect(written.edge.length).toBeGreaterThan(0);
    expect(written.koa.length).toBeGreaterThan(0);
    for (const program of Object.keys(PROGRAMS) as Program[]) {
      const { listed, errors, status } = compile(program);
      // The compiler must really have read every block (a folder it skips would pass silently).
      expect(written[program].filter((path) => !listed.has(path))).toEqual([]);
      expect(errors, `README snippets that do not compile (${program} program):\n${errors}`).toBe('');
      expect(status).toBe(0);
    }
  }, 120_000);
});

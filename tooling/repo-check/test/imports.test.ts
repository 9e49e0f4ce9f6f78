// A package uses another through its name (a declared dependency), never by a relative path into
// that package's src/: code, tests, benchmarks and configs alike. The one exception is core's test
// config, which points @fingerprint-guard/testing at its source (a dependency would be a cycle).
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeFiles, read, root, workspacePackages } from './workspace.js';

/** The exception, and why: packages/core/vitest.config.ts. */
const ALLOWED = new Set(['packages/core/vitest.config.ts -> packages/testing/src/index.ts']);

/** Every relative path written in `path` that lands in another package's src/, as `from -> to`. */
function importsOfOtherSources(path: string, own: string, dirs: string[]): string[] {
  const found: string[] = [];
  for (const match of read(path).matchAll(/['"`](\.\.?\/[^'"`$\s]*)['"`]/g)) {
    const target = relative(root, join(root, dirname(path), match[1]!))
      .split(sep)
      .join('/');
    const owner = dirs.find((dir) => target.startsWith(`${dir}/`));
    if (owner !== undefined && owner !== own && target.startsWith(`${owner}/src/`)) found.push(`${path} -> ${target}`);
  }
  return found;
}

describe('imports between packages', () => {
  const dirs = workspacePackages().map(({ dir }) => dir);

  it('finds a relative import into another package (the check can fail)', () => {
    expect(importsOfOtherSources('packages/core/vitest.config.ts', 'packages/core', dirs)).toEqual([...ALLOWED]);
  });

  it('never go into another package’s src/ by a relative path', () => {
    const found = dirs.flatMap((dir) => [...codeFiles(dir)].flatMap((path) => importsOfOtherSources(path, dir, dirs)));
    expect(found.filter((edge) => !ALLOWED.has(edge))).toEqual([]);
  });
});

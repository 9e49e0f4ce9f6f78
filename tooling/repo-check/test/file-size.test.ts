// Small modules with one job: no source file over 300 lines, in any package, tooling or example.
import { describe, expect, it } from 'vitest';
import { codeFiles, read, workspacePackages } from './workspace.js';

const MAX_LINES = 300;

describe('source files', () => {
  it(`are at most ${MAX_LINES} lines`, () => {
    const sources = workspacePackages().flatMap(({ dir }) =>
      [...codeFiles(dir)].filter((path) => path.includes('/src/')),
    );
    expect(sources.length).toBeGreaterThan(100);
    const lines = (path: string) => read(path).replace(/\n$/, '').split('\n').length;
    const over = sources.filter((path) => lines(path) > MAX_LINES).map((path) => `${path}: ${lines(path)} lines`);
    expect(over).toEqual([]);
  });
});

// packages/ is what npm gets, tooling/ what only this repository uses: the folder says which.
import { describe, expect, it } from 'vitest';
import { packagesIn } from './workspace.js';

describe('the workspace folders', () => {
  it('packages/ holds only published packages', () => {
    const packages = packagesIn('packages');
    expect(packages.length).toBeGreaterThanOrEqual(10);
    expect(packages.filter(({ manifest }) => manifest.private).map(({ dir }) => dir)).toEqual([]);
  });

  it('tooling/ holds only private ones', () => {
    const tooling = packagesIn('tooling');
    expect(tooling.map(({ dir }) => dir)).toEqual(expect.arrayContaining(['tooling/docs-check', 'tooling/repo-check']));
    expect(tooling.filter(({ manifest }) => manifest.private !== true).map(({ dir }) => dir)).toEqual([]);
  });
});

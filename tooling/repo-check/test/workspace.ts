// The workspace as these checks read it: its packages (packages/, tooling/, examples/) and their files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../../', import.meta.url));

export const FOLDERS = ['packages', 'tooling', 'examples'] as const;

/** What is built, installed or generated, never written by hand. */
const SKIPPED = new Set(['node_modules', 'dist', '.next', '.turbo', '.wrangler', 'test-artifacts', 'snippets-out']);

export interface WorkspacePackage {
  /** `packages/core`, relative to the root. */
  dir: string;
  manifest: { name: string; private?: boolean };
}

export function packagesIn(folder: (typeof FOLDERS)[number]): WorkspacePackage[] {
  return readdirSync(join(root, folder))
    .map((name) => `${folder}/${name}`)
    .filter((dir) => statSync(join(root, dir, 'package.json'), { throwIfNoEntry: false })?.isFile())
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) }));
}

export const workspacePackages = (): WorkspacePackage[] => FOLDERS.flatMap(packagesIn);

/** Every JavaScript and TypeScript file under `dir` (relative to the root), built output left out. */
export function* codeFiles(dir: string): Generator<string> {
  for (const name of readdirSync(join(root, dir))) {
    if (SKIPPED.has(name) || name.startsWith('.')) continue;
    const path = `${dir}/${name}`;
    if (statSync(join(root, path)).isDirectory()) yield* codeFiles(path);
    else if (/\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(name)) yield path;
  }
}

export const read = (path: string) => readFileSync(join(root, path), 'utf8');
export const fromRoot = (path: string) => relative(root, path);

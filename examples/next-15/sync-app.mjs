// This package builds ../next's sources with Next 15: it copies them in rather than keeping a
// second copy in the repository. The copies are ignored by git.
import { cpSync, rmSync } from 'node:fs';

for (const dir of ['app', 'lib', 'test']) {
  rmSync(dir, { recursive: true, force: true });
  cpSync(new URL(`../next/${dir}`, import.meta.url), dir, { recursive: true });
}
cpSync(new URL('../next/instrumentation.ts', import.meta.url), 'instrumentation.ts');

// This package builds ../next's sources with Next 15: it copies them in rather than keeping a
// second copy in the repository. The copies are ignored by git.
import { cpSync, rmSync } from 'node:fs';

// Not the in-process benchmark's routes: they import the bench harness, which is not a dependency here.
const benchRoutes = new URL('../next/app/api/bench', import.meta.url).pathname;
for (const dir of ['app', 'lib', 'test']) {
  rmSync(dir, { recursive: true, force: true });
  cpSync(new URL(`../next/${dir}`, import.meta.url), dir, {
    recursive: true,
    filter: (source) => !source.startsWith(benchRoutes),
  });
}
cpSync(new URL('../next/instrumentation.ts', import.meta.url), 'instrumentation.ts');

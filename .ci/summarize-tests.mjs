// Prints one closing line for the whole run from every package's vitest JSON reports (Node 20's
// and the runtime matrix's):
// "tests: N passed, N failed, N skipped". Exits non-zero when a report is missing or failed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['packages', 'tooling', 'examples'].filter((dir) => existsSync(dir));
let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
for (const root of roots) {
  for (const name of readdirSync(root)) {
    const dir = join(root, name);
    if (!existsSync(dir)) continue;
    // test-results.json from Node 20's run, test-results.<leg>.json from the runtime matrix.
    for (const file of readdirSync(dir).filter((file) => /^test-results(\.[\w-]+)?\.json$/.test(file))) {
      const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      reports++;
      passed += report.numPassedTests;
      failed += report.numFailedTests;
      skipped += report.numPendingTests + report.numTodoTests;
    }
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (reports === 0 || failed > 0 || passed === 0) process.exit(1);

/** A small check runner for runtimes without vitest: runs named checks in order, prints each, and writes a vitest-shaped report. */
import { writeFileSync } from 'node:fs';

type Check = () => Promise<void> | void;

const results: Array<{ name: string; error?: unknown }> = [];

/** Runs one check; a throw fails it and the run goes on. */
export async function check(name: string, run: Check): Promise<void> {
  try {
    await run();
    results.push({ name });
    console.log(`  ✓ ${name}`);
  } catch (error) {
    results.push({ name, error });
    console.log(`  ✗ ${name}\n    ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

export function equal(actual: unknown, expected: unknown, what: string): void {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/**
 * Prints "N passed, N failed" and writes the counts where .ci/summarize-tests.mjs reads them
 * (FP_TEST_REPORT, in vitest's JSON report shape); exits non-zero when a check failed or none ran.
 */
export function finish(runtime: string): void {
  const failed = results.filter((result) => result.error !== undefined).length;
  const passed = results.length - failed;
  const report = process.env.FP_TEST_REPORT;
  if (report)
    writeFileSync(
      report,
      JSON.stringify({ numPassedTests: passed, numFailedTests: failed, numPendingTests: 0, numTodoTests: 0, runtime }),
    );
  console.log(`${runtime}: ${passed} passed, ${failed} failed`);
  if (failed > 0 || passed === 0) process.exitCode = 1;
}

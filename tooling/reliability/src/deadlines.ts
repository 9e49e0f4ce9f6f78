/** Provider deadlines under forced GC: stalled and trickled bodies, cside and Server API, Node and Web builds, through Express. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ChildOutput, ChildScenario } from './deadlines-child.js';
import type { SecretScanner } from './secrets.js';

export interface DeadlineOutcome extends ChildScenario {
  /** Answers that were not the expected typed outcome, or came later than the bound: must be 0. */
  unexpected: number;
  /** Answers that never came (the client gave up maxWait + 20 s later): must be 0. */
  hangs: number;
}

/**
 * Past maxWait, an answer may be late by the forced collections that ran after its deadline (a
 * timer, the abort and the answer cannot run inside a full GC) plus this much: the event loop's
 * own work of answering every concurrent request, on a 2-core machine shared with other work.
 * The healthy control's `workMs` (its answers' time outside GC) shows what that work costs.
 */
export const LATE_MARGIN_MS = 1_000;
const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./deadlines-child.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs every scenario in one `node --expose-gc` child (a full collection forced every 5 ms, as
 * core's stalled-body fixture does): 3 provider states (healthy, stalled after the headers,
 * trickling a byte every 100 ms) × cside and the Server API × the Node and Web builds, each with
 * `requests` concurrent guarded requests through a real Express app.
 */
export async function runDeadlines(options: {
  requests: number;
  maxWaitMs?: number;
  scanner: SecretScanner;
}): Promise<DeadlineOutcome[]> {
  const maxWaitMs = options.maxWaitMs ?? 1_000;
  const { stdout, stderr } = await run(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', CHILD, String(options.requests), String(maxWaitMs)],
    {
      cwd: PACKAGE_DIR,
      // Twelve scenarios of a few seconds each; far past it, the child is hanging.
      timeout: 300_000,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  if (stderr.trim()) options.scanner.scan('deadlines child stderr', stderr);
  const output = JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildOutput;
  for (const text of output.texts) options.scanner.scan('deadlines body or log', text);
  return output.scenarios.map((scenario) => {
    const healthy = scenario.fault.startsWith('healthy');
    const expected = healthy ? '200' : '503 PROVIDER_UNAVAILABLE';
    const hangs = scenario.outcomes['0 no answer'] ?? 0;
    let unexpected = scenario.requests - (scenario.outcomes[expected] ?? 0);
    if (!healthy && scenario.unexplainedMs > LATE_MARGIN_MS) unexpected = Math.max(unexpected, 1);
    return { ...scenario, unexpected, hangs };
  });
}

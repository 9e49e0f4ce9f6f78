/** What a fuzz run counts: inputs, outcomes by code, crashes, wrong acceptances, time and memory. */
export interface FuzzStats {
  inputs: number;
  /** Outcomes by error code, `accepted` for an unsealed event (`accepted v3` for a 3.x agent's). */
  outcomes: Record<string, number>;
  /** Anything other than a FingerprintGuardError that escaped: must stay 0. */
  crashes: number;
  /** Attacker-side mutations (no key) accepted as anything but their seed's own event: must stay 0. */
  wrongAcceptances: number;
  maxMillis: number;
  rssStartMb: number;
  rssEndMb: number;
  failures: string[];
}

export const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);

/**
 * zlib reports a failed inflate through an event on process.nextTick, which holds the failed
 * stream's buffers until the event loop turns. A server turns it between requests; a fuzz loop
 * made only of awaits never does, and would measure that backlog instead of the code under test.
 */
export const YIELD_EVERY = 1_000;

export const newStats = (): FuzzStats => ({
  inputs: 0,
  outcomes: {},
  crashes: 0,
  wrongAcceptances: 0,
  maxMillis: 0,
  rssStartMb: rssMb(),
  rssEndMb: 0,
  failures: [],
});

/**
 * The few Workers runtime shapes this package uses, described structurally: the types of
 * `@cloudflare/workers-types` (or `wrangler types`) fit them, and nothing is imported at run time.
 */

/** A Durable Object stub: only `fetch` is used. */
export interface DurableObjectStubLike {
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

/** A Durable Object namespace binding (`env.REPLAY_STORE`), bound to `ReplayStoreObject`. */
export interface DurableObjectNamespaceLike<Id = unknown> {
  idFromName(name: string): Id;
  get(id: Id): DurableObjectStubLike;
}

/** A cursor over the rows a SQL statement returned. */
export interface SqlCursorLike {
  toArray(): unknown[];
}

/** What the runtime gives a Durable Object's constructor (`ctx`): its SQLite-backed storage. */
export interface DurableObjectStateLike {
  storage: {
    sql: { exec(query: string, ...bindings: unknown[]): SqlCursorLike };
    getAlarm(): Promise<number | null>;
    setAlarm(scheduledTime: number): Promise<void>;
  };
}

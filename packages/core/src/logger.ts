/** The logger every part of the guard writes to. */

/** The guard's logger; `console` fits. Messages never carry keys, tokens or sealed input. */
export interface GuardLogger {
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/** The adapter table's rows for a guard that cannot be configured: a 500 CONFIG_INVALID JSON answer, never the framework's bare 500. */
import type { FingerprintGuardOptions } from '@fingerprint-guard/core';
import { expect, it } from 'vitest';
import type { GuardedApp } from './adapter-fixtures.js';

/** What the rows need from the table that registers them. */
export interface ConfigRowHelpers {
  /** Starts the app with options read at the first request: the lazily configured form. */
  startLazy(read: () => FingerprintGuardOptions<never>): Promise<GuardedApp>;
  post(app: GuardedApp, credential?: string): Promise<{ status: number; body: Record<string, any> }>;
  sealed(): string;
  key: string;
}

const quiet = { warn() {}, error() {} };

/** Registers the rows (inside the table's `describe`). */
export function unconfiguredGuardRows({ startLazy, post, sealed, key }: ConfigRowHelpers): void {
  it('answers 500 CONFIG_INVALID as JSON, at every request, when a lazily configured guard’s key is malformed', async () => {
    const app = await startLazy(() => ({ fingerprint: { keys: ['not a key'] }, logger: quiet }));
    for (let request = 0; request < 2; request++) {
      expect(await post(app, sealed())).toEqual({
        status: 500,
        body: { error: { code: 'CONFIG_INVALID', message: expect.stringContaining('not base64') } },
      });
    }
  });

  it('answers 500 CONFIG_INVALID when the options function throws (a variable it reads is unset), and lets requests through once it is set', async () => {
    const env: { FP_SEALED_KEYS?: string } = {};
    const app = await startLazy(() => ({ fingerprint: { keys: env.FP_SEALED_KEYS!.split(',') }, logger: quiet }));
    expect(await post(app, sealed())).toEqual({
      status: 500,
      body: { error: { code: 'CONFIG_INVALID', message: expect.stringContaining('threw (TypeError)') } },
    });
    env.FP_SEALED_KEYS = key;
    expect((await post(app, sealed())).status).toBe(200);
  });
}

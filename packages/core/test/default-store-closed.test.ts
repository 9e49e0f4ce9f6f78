// Its own file (its own process): closing the process-wide default store must make every guard refuse, never accept.
import { describe, expect, it } from 'vitest';
import { createFingerprintGuard, defaultReplayStore } from '../src/index.js';
import { createEvent, expectGuardError, generateKey, sealEvent } from './helpers.js';

describe('a closed default store', () => {
  it('refuses every claim: 503 for a new result, and a replay of an accepted one is not let through', async () => {
    const key = generateKey();
    const guard = createFingerprintGuard({ fingerprint: { keys: [key] }, logger: { warn() {}, error() {} } });
    const request = { headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) } };
    await expect(guard.verify(request)).resolves.toBeDefined();
    await defaultReplayStore().close?.();
    await expectGuardError(guard.verify(request), 'REPLAY_STORE_UNAVAILABLE');
    const later = createFingerprintGuard({ fingerprint: { keys: [key] }, logger: { warn() {}, error() {} } });
    await expectGuardError(later.verify(request), 'REPLAY_STORE_UNAVAILABLE');
    await expectGuardError(
      later.verify({ headers: { 'fingerprint-sealed-result': sealEvent(createEvent(), key) } }),
      'REPLAY_STORE_UNAVAILABLE',
    );
  });
});

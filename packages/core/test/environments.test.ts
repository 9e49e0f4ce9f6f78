// bind.environment keeps another environment's events out (the Server API fallback answers for
// every environment of the workspace), and an agentless edge evaluation is never taken for a
// browser's identification, sealed or fetched.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createFingerprintGuard,
  MemoryReplayStore,
  type FingerprintEvent,
  type FingerprintGuardOptions,
} from '../src/index.js';
import {
  createEvent,
  createFakeCside,
  createFakeFingerprintApi,
  expectConfigError,
  expectGuardError,
  generateKey,
  sealEvent,
  toEventV3,
} from './helpers.js';

const key = generateKey();
const quiet = () => ({ warn: vi.fn(), error: vi.fn() });
let api: Awaited<ReturnType<typeof createFakeFingerprintApi>>;
beforeAll(async () => {
  api = await createFakeFingerprintApi();
});
afterAll(() => api.close());

const guardWith = (options: Partial<FingerprintGuardOptions>) =>
  createFingerprintGuard({
    fingerprint: {
      keys: [key],
      formats: ['v4', 'v3'] as never,
      serverApi: { secretKey: api.secretKey, baseUrl: api.baseUrl },
    },
    replay: { store: new MemoryReplayStore() },
    logger: quiet(),
    ...options,
  });
const sealed = (overrides: Partial<FingerprintEvent> = {}) => ({
  headers: { 'fingerprint-sealed-result': sealEvent(createEvent(overrides), key) },
});
const byId = (overrides: Partial<FingerprintEvent> = {}) => ({
  headers: { 'fingerprint-event-id': api.addEvent(createEvent(overrides)) },
});

describe('bind.environment', () => {
  it('accepts an event of one of your environments, sealed or fetched by id', async () => {
    const guard = guardWith({ bind: { environment: ['env_prod_eu', 'env_prod_us'] } });
    await expect(guard.verify(sealed({ environment_id: 'env_prod_us' }))).resolves.toBeDefined();
    await expect(guard.verify(byId({ environment_id: 'env_prod_eu' }))).resolves.toBeDefined();
  });

  it("attack: staging's event id sent to production's Server API fallback is refused", async () => {
    const guard = guardWith({ bind: { environment: 'env_prod_eu' } });
    const decision = await guard.decide(byId({ environment_id: 'env_staging' }));
    expect(decision).toMatchObject({ allowed: false, rule: 'environment', stage: 'binding' });
    expect(decision.error?.message).toContain('another environment');
    expect(decision.fingerprint?.replayCheck).toBe('not-reached');
  });

  it('attack: an event that names no environment is refused, even with onUnavailableSignal: allow', async () => {
    for (const onUnavailableSignal of ['deny', 'allow'] as const) {
      const guard = guardWith({ bind: { environment: 'env_prod_eu' }, onUnavailableSignal });
      for (const environment_id of [undefined, '', 42 as unknown as string]) {
        const error = await expectGuardError(guard.verify(sealed({ environment_id })), 'EVENT_DENIED');
        expect([error.rule, error.message]).toEqual(['environment', expect.stringContaining('names no environment')]);
      }
    }
  });

  it("reads a 3.x agent's identification.data.environmentId", async () => {
    const guard = guardWith({ bind: { environment: 'env_prod_eu' } });
    const v3 = (environment_id?: string) => ({
      headers: { 'fingerprint-sealed-result': sealEvent(toEventV3(createEvent({ environment_id })), key) },
    });
    await expect(guard.verify(v3('env_prod_eu'))).resolves.toMatchObject({ format: 'v3' });
    expect((await guard.decide(v3('env_staging'))).rule).toBe('environment');
    expect((await guard.decide(v3())).rule).toBe('environment');
  });

  it('refuses an empty environment or list, or one that is not text', () => {
    for (const environment of ['', [], [''], ['env_a', 7], 7]) {
      expect(expectConfigError(() => guardWith({ bind: { environment: environment as never } })).message).toContain(
        'bind.environment must be an environment id',
      );
    }
  });

  describe('with cside', () => {
    let cside: Awaited<ReturnType<typeof createFakeCside>>;
    beforeAll(async () => {
      cside = await createFakeCside();
    });
    afterAll(() => cside.close());

    it('cside has no environments: said at start-up, and its results follow onUnavailableSignal', async () => {
      const logger = quiet();
      const options = {
        cside: { apiKey: cside.apiKey, baseUrl: cside.url },
        bind: { environment: 'env_prod_eu' },
        logger,
      };
      const strict = createFingerprintGuard(options);
      expect(logger.warn.mock.calls[0]![1]).toMatchObject({ event: 'binding-not-documented', rules: ['environment'] });
      expect((await strict.decide({ headers: { 'cside-token': cside.issueToken() } })).rule).toBe('environment');
      const lenient = createFingerprintGuard({ ...options, onUnavailableSignal: 'allow' });
      await expect(lenient.verify({ headers: { 'cside-token': cside.issueToken() } })).resolves.toBeDefined();
    });
  });
});

describe("source: 'edge' on the device path", () => {
  it('attack: an edge evaluation sealed with the valid key is refused (EVENT_DENIED, rule source), never claimed', async () => {
    const store = new MemoryReplayStore();
    const guard = guardWith({ replay: { store } });
    const decision = await guard.decide(sealed({ source: 'edge' }));
    expect(decision).toMatchObject({ allowed: false, rule: 'source', stage: 'authenticate' });
    expect(decision.error).toMatchObject({ code: 'EVENT_DENIED', status: 403 });
    expect(decision.error?.message).toContain("source 'edge'");
    expect(store.size).toBe(0);
  });

  it('attack: an edge evaluation fetched by its id from the Server API is refused too', async () => {
    const error = await expectGuardError(guardWith({}).verify(byId({ source: 'edge' })), 'EVENT_DENIED');
    expect(error.rule).toBe('source');
  });

  it("an event from the device (source 'device', or no source from older schemas) is accepted", async () => {
    const guard = guardWith({});
    await expect(guard.verify(sealed({ source: 'device' }))).resolves.toBeDefined();
    await expect(guard.verify(byId({ source: 'device' }))).resolves.toBeDefined();
    await expect(guard.verify(sealed({ source: undefined }))).resolves.toBeDefined();
  });

  it('monitor mode lets the request on without a result', async () => {
    const decision = await guardWith({ mode: 'monitor' }).decide(sealed({ source: 'edge' }));
    expect(decision).toMatchObject({ allowed: true, fingerprint: undefined, error: { rule: 'source' } });
  });
});

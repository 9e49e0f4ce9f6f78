/** createFakeFingerprintApi: the Fingerprint Server API v4 `GET /v4/events/{id}` on loopback. */
import type { FingerprintEvent } from '@fingerprint-guard/core';
import { hasBearer, startFakeServer, type FakeServer, type FakeServerOptions } from './server.js';

export interface FakeFingerprintApiOptions extends FakeServerOptions {
  /** The secret API key the fake accepts. Default `'test-fingerprint-secret-key'`. */
  secretKey?: string;
}

export interface FakeFingerprintApi extends FakeServer {
  /** The base URL to configure: `<url>/v4/`. */
  baseUrl: string;
  secretKey: string;
  /** Makes `event` fetchable by its `event_id`; returns the id. */
  addEvent(event: FingerprintEvent): string;
}

/**
 * A real HTTP server on 127.0.0.1 (random port) answering `GET /v4/events/{event_id}` with the
 * events you add, 404 for others, 403 for a wrong or missing secret key. Failures are scripted
 * with `failNext(...)` as for `createFakeCside`.
 *
 * @example
 * const api = await createFakeFingerprintApi();
 * const id = api.addEvent(createEvent());
 * createFingerprintGuard({ fingerprint: { serverApi: { secretKey: api.secretKey, baseUrl: api.baseUrl } } });
 */
export async function createFakeFingerprintApi(options: FakeFingerprintApiOptions = {}): Promise<FakeFingerprintApi> {
  const secretKey = options.secretKey ?? 'test-fingerprint-secret-key';
  const events = new Map<string, FingerprintEvent>();
  const server = await startFakeServer((request) => {
    if (!hasBearer(request, secretKey)) {
      return { status: 403, json: { error: { code: 'secret_api_key_not_found', message: 'secret key is not found' } } };
    }
    const match = /^\/v4\/events\/([^/]+)$/.exec(request.path);
    if (request.method !== 'GET' || !match)
      return { status: 404, json: { error: { code: 'not_found', message: 'no such endpoint' } } };
    const event = events.get(decodeURIComponent(match[1]!));
    return event
      ? { status: 200, json: event }
      : { status: 404, json: { error: { code: 'event_not_found', message: 'event id not found' } } };
  }, options);
  return {
    ...server,
    baseUrl: `${server.url}/v4/`,
    secretKey,
    addEvent(event) {
      events.set(event.event_id, event);
      return event.event_id;
    },
  };
}

/** createFakeFingerprintApi: the Fingerprint Server API on loopback, v4 `GET /v4/events/{id}` and v3 `GET /events/{id}`. */
import type { FingerprintEvent, FingerprintEventV3 } from '@fingerprint-guard/core';
import { hasBearer, startFakeServer, type FakeReply, type FakeServer, type FakeServerOptions } from './server.js';

export interface FakeFingerprintApiOptions extends FakeServerOptions {
  /** The secret API key the fake accepts. Default `'test-fingerprint-secret-key'`. */
  secretKey?: string;
}

export interface FakeFingerprintApi extends FakeServer {
  /** The v4 base URL to configure: `<url>/v4/`. */
  baseUrl: string;
  /** The v3 base URL to configure (with `serverApi.version: 3`): `<url>/`. */
  baseUrlV3: string;
  secretKey: string;
  /**
   * Makes `event` fetchable by its id and returns the id: a v4 event by its `event_id` from the
   * v4 API, a v3 `{ products }` response by its `requestId` from the v3 API.
   */
  addEvent(event: FingerprintEvent | FingerprintEventV3): string;
}

/**
 * A real HTTP server on 127.0.0.1 (random port) answering the v4 `GET /v4/events/{event_id}`
 * (secret key as `Authorization: Bearer`) and the v3 `GET /events/{request_id}` (secret key in
 * `Auth-API-Key`) with the events you add: 404 for others, 403 for a wrong or missing key, each
 * with that version's error body. Failures are scripted with `failNext(...)` as for `createFakeCside`.
 *
 * @example
 * const api = await createFakeFingerprintApi();
 * const id = api.addEvent(createEvent());
 * createFingerprintGuard({ fingerprint: { serverApi: { secretKey: api.secretKey, baseUrl: api.baseUrl } } });
 */
export async function createFakeFingerprintApi(options: FakeFingerprintApiOptions = {}): Promise<FakeFingerprintApi> {
  const secretKey = options.secretKey ?? 'test-fingerprint-secret-key';
  const events = new Map<string, FingerprintEvent>();
  const eventsV3 = new Map<string, FingerprintEventV3>();
  const server = await startFakeServer((request): FakeReply => {
    const v4 = /^\/v4\/events\/([^/]+)$/.exec(request.path);
    if (v4 || !request.path.startsWith('/events/')) {
      if (!hasBearer(request, secretKey)) return error(403, 'secret_api_key_not_found', 'secret key is not found');
      if (request.method !== 'GET' || !v4) return error(404, 'not_found', 'no such endpoint');
      const event = events.get(decodeURIComponent(v4[1]!));
      return event ? { status: 200, json: event } : error(404, 'event_not_found', 'event id not found');
    }
    if (request.apiKey !== secretKey) return error(403, 'TokenNotFound', 'secret key is not found');
    const v3 = /^\/events\/([^/]+)$/.exec(request.path);
    const event = request.method === 'GET' && v3 ? eventsV3.get(decodeURIComponent(v3[1]!)) : undefined;
    return event ? { status: 200, json: event } : error(404, 'RequestNotFound', 'request id not found');
  }, options);
  return {
    ...server,
    baseUrl: `${server.url}/v4/`,
    baseUrlV3: `${server.url}/`,
    secretKey,
    addEvent(event) {
      if ('products' in event) {
        const requestId = event.products.identification!.data!.requestId;
        eventsV3.set(requestId, event);
        return requestId;
      }
      events.set(event.event_id, event);
      return event.event_id;
    },
  };
}

const error = (status: number, code: string, message: string): FakeReply => ({
  status,
  json: { error: { code, message } },
});

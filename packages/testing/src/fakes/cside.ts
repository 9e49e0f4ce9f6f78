/** createFakeCside: cside's Events API on loopback, for offline tests and demos. */
import { randomBytes } from 'node:crypto';
import type { CsideClientResponse, CsideVerifyResponse } from '@fingerprint-guard/core';
import { createEvent } from '../event.js';
import { hasBearer, startFakeServer, type FakeServer, type FakeServerOptions, type RecordedRequest } from './server.js';

export interface FakeCsideOptions extends FakeServerOptions {
  /** The backend API key the fake accepts. Default `'test-cside-api-key'`. */
  apiKey?: string;
  /** `202 pending` answers before a token's evaluation completes. Default 0. */
  pendingRounds?: number;
}

export interface IssueTokenOptions {
  /** Fields merged over the default evaluation (`status`, `created_at`, `bot`, …). */
  evaluation?: Partial<CsideVerifyResponse>;
  /** The device the token belongs to. Default: a new one. */
  deviceId?: string;
  /** Overrides the fake's `pendingRounds` for this token. */
  pendingRounds?: number;
  /** Completed evaluations listed for the device by `/token/v2/device/entries`. Default 3. */
  deviceEntries?: number;
  /** `false`: `/token/v1/clientId` answers 404 for this token. */
  hasClientId?: boolean;
}

export interface FakeCside extends FakeServer {
  apiKey: string;
  // The browser side lives at `<url>/client.js` (defines `sendClientTelemetry`) and `POST <url>/client`.
  /** What the browser's `sendClientTelemetry()` would return: a fresh session token. */
  issueToken(options?: IssueTokenOptions): string;
}

interface TokenState {
  deviceId: string;
  pendingLeft: number;
  evaluation: CsideVerifyResponse;
  client: CsideClientResponse;
  hasClientId: boolean;
}

/**
 * A real HTTP server on 127.0.0.1 (random port) implementing `/token/v2/verify` (with `202
 * pending` rounds), `/token/v2/device/entries` (paginated), `/token/v1/client` and
 * `/token/v1/clientId`, checking the Bearer API key on the v2 endpoints. Script failures with
 * `failNext({ status: 503 }, { status: 429, retryAfter: 1 }, 'malformed', 'hang', 'reset')`.
 *
 * @example
 * const cside = await createFakeCside({ pendingRounds: 1 });
 * const client = createCsideClient({ apiKey: cside.apiKey, baseUrl: cside.url });
 * await client.verify(cside.issueToken());
 */
export async function createFakeCside(options: FakeCsideOptions = {}): Promise<FakeCside> {
  const apiKey = options.apiKey ?? 'test-cside-api-key';
  const tokens = new Map<string, TokenState>();
  const devices = new Map<string, CsideVerifyResponse[]>();

  const server = await startFakeServer((request) => {
    const route = `${request.method} ${request.path}`;
    // The browser side: cside's client script and the telemetry endpoint it posts to.
    if (route === 'GET /client.js') return { status: 200, javascript: browserScript(server.url) };
    if (route === 'POST /client') return { status: 200, json: { token: issue({ externalIds: request.body }) } };
    const token = (request.body as { token?: unknown } | undefined)?.token;
    const state = typeof token === 'string' ? tokens.get(token) : undefined;
    const v2 = route.startsWith('POST /token/v2/');
    if (v2 && !hasBearer(request, apiKey)) return { status: 401, json: { error: 'invalid api key' } };
    if (typeof token !== 'string') return { status: 400, json: { error: 'token is required' } };
    if (!state) return { status: 404, json: { error: 'token not found' } };
    switch (route) {
      case 'POST /token/v2/verify':
        if (state.pendingLeft > 0) {
          state.pendingLeft--;
          return { status: 202, json: { status: 'pending' } };
        }
        return { status: 200, json: state.evaluation };
      case 'POST /token/v2/device/entries':
        return deviceEntriesPage(request, devices.get(state.deviceId) ?? [], state.deviceId);
      case 'POST /token/v1/client':
        return { status: 200, json: state.client };
      case 'POST /token/v1/clientId':
        return state.hasClientId ? { status: 200, text: state.deviceId } : { status: 404, text: 'not found' };
      default:
        return { status: 404, json: { error: 'no such endpoint' } };
    }
  }, options);

  function issue(spec: IssueTokenOptions & { externalIds?: unknown } = {}): string {
    const token = `fake.${randomBytes(24).toString('base64url')}`;
    const deviceId = spec.deviceId ?? `dev_${randomBytes(8).toString('hex')}`;
    const now = new Date();
    const evaluation: CsideVerifyResponse = {
      status: 'completed',
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      fingerprint: { id: deviceId },
      bot: { result: 'not_detected', score: 0, signal: [] },
      vpn_evaluation: { evaluated: true },
      geo_data: { country: 'CZ' },
      ip_enrichment: { asn: 'AS5610' },
      network_client_metrics: {},
      fingerprint_enrichment: {},
      ...spec.evaluation,
    };
    const entries = devices.get(deviceId) ?? [];
    for (let i = 0; i < (spec.deviceEntries ?? 3); i++)
      entries.push({ ...evaluation, created_at: new Date(now.getTime() - i * 60_000).toISOString() });
    devices.set(deviceId, entries);
    const { event_id: eventId, timestamp, ...event } = createEvent();
    tokens.set(token, {
      deviceId,
      pendingLeft: spec.pendingRounds ?? options.pendingRounds ?? 0,
      evaluation,
      client: {
        ...event,
        event_id: eventId,
        timestamp,
        bot: { result: 'not_detected', score: 0, signal: [] },
        throwawayEmail: isThrowaway((spec.externalIds as { email?: unknown } | undefined)?.email),
      } as CsideClientResponse,
      hasClientId: spec.hasClientId ?? true,
    });
    return token;
  }

  return { ...server, apiKey, issueToken: issue };
}

const THROWAWAY_DOMAINS = new Set(['mailinator.com', 'guerrillamail.com', '10minutemail.com', 'yopmail.com']);

/** The fake's `throwawayEmail`: true for a few well-known disposable domains. */
function isThrowaway(email: unknown): boolean {
  return typeof email === 'string' && THROWAWAY_DOMAINS.has(email.split('@').pop()!.toLowerCase());
}

/**
 * A stand-in for `https://<subdomain>.csidefd.com/client.js`: defines `sendClientTelemetry`,
 * which posts to this fake's `/client` and resolves `{ token }` as the real script does.
 */
function browserScript(base: string): string {
  return `window.sendClientTelemetry = async function (externalIds) {
  try {
    const response = await fetch(${JSON.stringify(`${base}/client`)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(externalIds || {}) });
    return await response.json();
  } catch (error) {
    return { errors: [String(error)] };
  }
};`;
}

function deviceEntriesPage(request: RecordedRequest, entries: CsideVerifyResponse[], deviceId: string) {
  const body = request.body as { limit?: unknown; offset?: unknown };
  const limit = body.limit ?? 500;
  const offset = body.offset ?? 0;
  if (typeof limit !== 'number' || limit < 1 || limit > 500 || typeof offset !== 'number' || offset < 0) {
    return { status: 400, json: { error: 'invalid limit or offset' } };
  }
  const page = entries.slice(offset, offset + limit);
  const hasMore = offset + page.length < entries.length;
  return {
    status: 200,
    json: {
      device_id: deviceId,
      entries: page,
      limit,
      offset,
      next_offset: hasMore ? offset + page.length : null,
      has_more: hasMore,
    },
  };
}

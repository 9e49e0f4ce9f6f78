/** createFakeFingerprintApi: the Fingerprint Server API on loopback, v4 `GET /v4/events/{id}` (with rulesets), `POST /v4/edge` and v3 `GET /events/{id}`. */
import type { FingerprintEdgeRequest, FingerprintEvent, FingerprintEventV3 } from '@fingerprint-guard/core';
import { edgeEvent, edgeRequestProblem, judgeByUserAgent, type FakeEdgeJudge, type FakeEdgeVerdict } from './edge.js';
import { evaluateRuleset, type FakeRuleset } from './rulesets.js';
import {
  hasBearer,
  startFakeServer,
  type FakeReply,
  type FakeServer,
  type FakeServerOptions,
  type RecordedRequest,
} from './server.js';

export interface FakeFingerprintApiOptions extends FakeServerOptions {
  /** The secret API key the fake accepts. Default `'test-fingerprint-secret-key'`. */
  secretKey?: string;
  /** Rulesets by id, evaluated for `GET /v4/events/{id}?ruleset_id=<id>`. Default: none. */
  rulesets?: Readonly<Record<string, FakeRuleset>>;
  /** What `POST /v4/edge` finds: a verdict for every request, or a function of it. Default: by User-Agent (`judgeByUserAgent`). */
  edge?: FakeEdgeVerdict | FakeEdgeJudge;
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
  /** Adds (or replaces) the ruleset `id`. */
  addRuleset(id: string, ruleset: FakeRuleset): void;
  /** What `POST /v4/edge` finds from now on: a verdict for every request, or a function of it. */
  setEdgeVerdict(verdict: FakeEdgeVerdict | FakeEdgeJudge): void;
}

/**
 * A real HTTP server on 127.0.0.1 (random port) answering the v4 `GET /v4/events/{event_id}`
 * (secret key as `Authorization: Bearer`) and the v3 `GET /events/{request_id}` (secret key in
 * `Auth-API-Key`) with the events you add: 404 for others, 403 for a wrong or missing key, each
 * with that version's error body. Failures are scripted with `failNext(...)` as for `createFakeCside`.
 *
 * As the real v4 API does, an event carries `rule_action` only when the request names a ruleset
 * (`?ruleset_id=`): the fake evaluates that ruleset against the event (see `FakeRuleset`), and
 * answers 400 `ruleset_not_found` for an id it does not have.
 *
 * `POST /v4/edge` (Automation Intelligence) checks the body as the schema does (method, absolute
 * http(s) URL, a non-empty list of `{ name, value }` header lines, an IP; no other field),
 * answering 400 `request_cannot_be_parsed` otherwise, and answers an `EventEdge` (`source:
 * 'edge'`) with the verdict `edge` chooses: `bot_info` for a bot, `vpn` or `proxy` true. The
 * evaluation can then be fetched by its `event_id`, as the real one can.
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
  const rulesets = new Map(Object.entries(options.rulesets ?? {}));
  let judge = judgeOf(options.edge ?? judgeByUserAgent);

  function edge(request: RecordedRequest): FakeReply {
    const problem = edgeRequestProblem(request.body);
    if (problem !== undefined) return error(400, 'request_cannot_be_parsed', problem);
    const body = request.body as FingerprintEdgeRequest;
    const evaluation = edgeEvent(body, judge(body));
    events.set(evaluation.event_id!, evaluation as FingerprintEvent);
    return { status: 200, json: evaluation };
  }

  /** The v4 answer: the event, with the named ruleset's action (never one the event was added with). */
  function v4Event(request: RecordedRequest, event: FingerprintEvent | undefined): FakeReply {
    const rulesetId = request.query?.ruleset_id;
    const ruleset = rulesetId === undefined ? undefined : rulesets.get(rulesetId);
    if (rulesetId !== undefined && ruleset === undefined) return error(400, 'ruleset_not_found', 'ruleset not found');
    if (!event) return error(404, 'event_not_found', 'event id not found');
    const { rule_action: _added, ...plain } = event;
    if (ruleset === undefined) return { status: 200, json: plain };
    return { status: 200, json: { ...plain, rule_action: evaluateRuleset(rulesetId!, ruleset, event) } };
  }
  const server = await startFakeServer((request): FakeReply => {
    const v4 = /^\/v4\/events\/([^/]+)$/.exec(request.path);
    if (v4 || !request.path.startsWith('/events/')) {
      // Every /v4 path (and any unknown one) takes the v4 key; only v3's /events/{id} takes Auth-API-Key.
      if (!hasBearer(request, secretKey)) return error(403, 'secret_api_key_not_found', 'secret key is not found');
      if (request.method === 'POST' && request.path === '/v4/edge') return edge(request);
      if (request.method !== 'GET' || !v4) return error(404, 'not_found', 'no such endpoint');
      return v4Event(request, events.get(decodeURIComponent(v4[1]!)));
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
    addRuleset(id, ruleset) {
      rulesets.set(id, ruleset);
    },
    setEdgeVerdict(verdict) {
      judge = judgeOf(verdict);
    },
  };
}

const judgeOf = (verdict: FakeEdgeVerdict | FakeEdgeJudge): FakeEdgeJudge =>
  typeof verdict === 'function' ? verdict : () => verdict;

const error = (status: number, code: string, message: string): FakeReply => ({
  status,
  json: { error: { code, message } },
});

/** A development stand-in for Fingerprint's browser agent: returns freshly sealed events. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FingerprintEvent, FingerprintEventV3 } from '@fingerprint-guard/core';
import { createEvent } from './event.js';
import { createEventV3 } from './event-v3.js';
import { sealEvent } from './seal.js';

/** Ready-made situations a demo or a test can ask the simulator for. */
export const AGENT_SCENARIOS = {
  fresh: () => ({}),
  stale: () => ({ timestamp: Date.now() - 10 * 60_000 }),
  bot: () => ({ bot: 'bad' as const, bot_type: 'selenium' }),
  vpn: () => ({
    vpn: true,
    vpn_confidence: 'high' as const,
    vpn_methods: { public_vpn: true, timezone_mismatch: true },
  }),
  'low-confidence': () => ({
    identification: {
      visitor_id: 'LowConfidenceVisitor',
      visitor_found: false,
      confidence: { score: 0.42, version: '1.1' },
    },
  }),
  tampering: () => ({ tampering: true, tampering_confidence: 'high' as const }),
  /** A browser that logged in 40 times in the last hour, from 6 IPs: where `stepUp.maxVelocity` is set, the route asks for a second factor. */
  'many-logins': () => ({
    velocity: {
      events: { '5_minutes': 9, '1_hour': 40, '24_hours': 61 },
      ip_events: { '5_minutes': 3, '1_hour': 9, '24_hours': 14 },
      distinct_ip: { '5_minutes': 2, '1_hour': 6, '24_hours': 9 },
      distinct_country: { '5_minutes': 1, '1_hour': 1, '24_hours': 2 },
    },
  }),
  /** An identification made from another IP (say, on the attacker's own machine), brought to this request. */
  'other-ip': () => ({ ip_address: '198.51.100.23' }),
  /** An identification made on another site (a phishing copy of your page), brought to this request. */
  'other-site': () => ({ url: 'https://phishing.example/login', client_referrer: 'https://phishing.example/' }),
} satisfies Record<string, () => Partial<FingerprintEvent>>;

export type AgentScenario = keyof typeof AGENT_SCENARIOS;

/** What the simulator answers, shaped like the JS agent's `get()` result. */
export interface AgentSimulatorResult {
  event_id: string;
  sealed_result: string;
  /** Not in the agent's answer: the event inside the sealed result, so a demo can show it. */
  simulated_event: FingerprintEvent;
}

/** What the simulator answers as a 3.x agent, shaped like its `get()` result (camelCase). */
export interface AgentSimulatorResultV3 {
  requestId: string;
  sealedResult: string;
  /** Not in the agent's answer: the v3 `{ products }` response inside the sealed result. */
  simulated_event: FingerprintEventV3;
}

export interface AgentSimulator {
  /** Seals a new event for `scenario` (default `fresh`), with `overrides` on top. */
  identify(scenario?: AgentScenario, overrides?: Partial<FingerprintEvent>): AgentSimulatorResult;
  /** As `identify`, as a 3.x agent: the same scenario sealed as a v3 `{ products }` response. */
  identifyV3(scenario?: AgentScenario, overrides?: Partial<FingerprintEvent>): AgentSimulatorResultV3;
  /**
   * Web-standard handler (Next.js route, Hono, workers): `POST { scenario?, agent? }` → JSON
   * (`agent: '3.x'` answers as a 3.x agent, `{ requestId, sealedResult }`). The event's
   * `url` is the page that called it (its `Referer`), as the real agent reports the page.
   */
  handleRequest(request: Request): Promise<Response>;
  /**
   * Node handler (Express `app.post(path, sim.handleNode)`, Koa via `ctx.req` / `ctx.res`). The
   * event's `ip_address` is the caller's socket address and its `url` the calling page, as the
   * real agent's would be.
   */
  handleNode(req: IncomingMessage, res: ServerResponse): void;
}

/**
 * A simulator of Fingerprint's browser agent for local development and tests: each call returns a
 * new realistic event sealed with your development key, as the real agent would with the
 * dashboard's key. It is a simulator: never mount it in production (the examples mount it only
 * when `NODE_ENV !== 'production'`), since anyone who can call it can mint valid credentials.
 *
 * @example
 * if (process.env.NODE_ENV !== 'production') app.post('/dev/agent-simulator', createAgentSimulator({ key: DEV_KEY }).handleNode);
 */
export function createAgentSimulator(options: { key: string | Uint8Array }): AgentSimulator {
  const { key } = options;
  const fieldsOf = (scenario: AgentScenario, overrides: Partial<FingerprintEvent>) => {
    const make = AGENT_SCENARIOS[scenario];
    if (!make)
      throw new TypeError(`Unknown scenario "${String(scenario)}"; known: ${Object.keys(AGENT_SCENARIOS).join(', ')}.`);
    return { ...make(), ...overrides };
  };
  const identify = (scenario: AgentScenario = 'fresh', overrides: Partial<FingerprintEvent> = {}) => {
    const event = createEvent(fieldsOf(scenario, overrides));
    return { event_id: event.event_id, sealed_result: sealEvent(event, key), simulated_event: event };
  };
  const identifyV3 = (scenario: AgentScenario = 'fresh', overrides: Partial<FingerprintEvent> = {}) => {
    const event = createEventV3(fieldsOf(scenario, overrides));
    const requestId = event.products.identification!.data!.requestId;
    return { requestId, sealedResult: sealEvent(event, key), simulated_event: event };
  };
  const answer = (body: unknown, seenFrom: Partial<FingerprintEvent>) => {
    const { scenario = 'fresh', agent = '4.x' } = (body ?? {}) as { scenario?: unknown; agent?: unknown };
    if (typeof scenario !== 'string' || !Object.hasOwn(AGENT_SCENARIOS, scenario)) {
      return { status: 400, json: { error: `unknown scenario; known: ${Object.keys(AGENT_SCENARIOS).join(', ')}` } };
    }
    if (agent !== '4.x' && agent !== '3.x')
      return { status: 400, json: { error: "unknown agent; known: '4.x', '3.x'" } };
    // The scenario's own fields win: 'other-ip' and 'other-site' replace what the request showed.
    const fields = { ...seenFrom, ...AGENT_SCENARIOS[scenario as AgentScenario]() };
    const simulate = agent === '3.x' ? identifyV3 : identify;
    return { status: 200, json: simulate(scenario as AgentScenario, fields) };
  };
  return {
    identify,
    identifyV3,
    async handleRequest(request) {
      const { status, json } = answer(
        await request.json().catch(() => undefined),
        pageOf(request.headers.get('referer')),
      );
      return Response.json(json, { status });
    },
    handleNode(req, res) {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        let body: unknown;
        try {
          body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
        } catch {
          body = undefined;
        }
        const seenFrom = { ...pageOf(req.headers.referer), ...ipOf(req.socket.remoteAddress) };
        const { status, json } = answer(body ?? (req as IncomingMessage & { body?: unknown }).body, seenFrom);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      });
      // A body parser may have read the stream already; then `end` has fired and req.body holds it.
      if (req.readableEnded) req.emit('end');
    },
  };
}

/** The calling page, as the agent reports it in `url`. */
function pageOf(referer: string | null | undefined): Partial<FingerprintEvent> {
  return referer ? { url: referer } : {};
}

/** The caller's address as Fingerprint would see it: IPv4-mapped IPv6 written as IPv4. */
function ipOf(address: string | undefined): Partial<FingerprintEvent> {
  if (!address) return {};
  const ip = address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
  return { ip_address: ip, ip_info: undefined };
}

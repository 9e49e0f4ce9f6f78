// CONTRIBUTING's "Adding an adapter" is enough: a toy adapter for Web fetch handlers
// (`(request) => Response`), written as a newcomer would from the two public entry points of the
// built core and nothing else, passes every row of the adapter and webhook conformance tables.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Fingerprint,
  type FingerprintGuardOptions,
  type FingerprintWebhookEvent,
  type GuardSource,
  WEBHOOK_SIGNATURE_HEADER,
} from '@fingerprint-guard/core';
import {
  DEFAULT_MAX_BODY_BYTES,
  decideOrRefuse,
  denialResponse,
  isFunction,
  type OptionSchema,
  readCredentialBody,
  readRawBody,
  receiveDelivery,
  resolveGuard,
  resolveWebhookReceiver,
  settleAfter,
  type WebhookSource,
} from '@fingerprint-guard/core/adapter';
import { adapterConformance, describeFingerprint, webhookConformance } from '@fingerprint-guard/testing/vitest';

// ---- The toy adapter: what a newcomer writes in packages/toy/src ----

type FetchHandler = (request: Request) => Promise<Response>;

interface ToyAdapterOptions {
  onDenied?: (error: Error & { status: number }, request: Request) => Response;
}
type ToyFingerprintGuardOptions = FingerprintGuardOptions<Request> & ToyAdapterOptions;

const TOY_OPTIONS = { onDenied: isFunction } as const satisfies OptionSchema<ToyAdapterOptions>;

function withFingerprint(
  options: GuardSource<Request, ToyAdapterOptions>,
  handler: (request: Request, fingerprint: Fingerprint) => Response | Promise<Response>,
): FetchHandler {
  // A fetch handler has neither a client IP nor a connecting address: bind.ip needs `clientIp`.
  const current = resolveGuard<Request, ToyAdapterOptions>(options, TOY_OPTIONS, undefined, {
    providesIp: false,
    providesPeer: false,
  });
  return async (request) => {
    const { guard, adapter } = current();
    const body = await readCredentialBody(request, DEFAULT_MAX_BODY_BYTES);
    const decision = await decideOrRefuse(guard, request, {
      headers: request.headers,
      body,
      route: new URL(request.url).pathname,
      // For fingerprint.edge: the request's method and absolute URL.
      method: request.method,
      url: request.url,
    });
    if (decision.allowed) return handler(request, decision.fingerprint!);
    const error = decision.error!;
    if (adapter.onDenied) return adapter.onDenied(error, request);
    const { status, headers, body: answer } = denialResponse(error);
    return new Response(answer, { status, headers });
  };
}

function fingerprintWebhook(
  options: WebhookSource,
  handler: (event: FingerprintWebhookEvent) => Promise<Response>,
): FetchHandler {
  const current = resolveWebhookReceiver(options);
  return async (request) => {
    const step = await receiveDelivery(async () => {
      const receiver = current();
      const body = request.body ? await readRawBody(request.body, receiver.maxBodyBytes) : new Uint8Array();
      return receiver.receive({ body, signature: request.headers.get(WEBHOOK_SIGNATURE_HEADER) });
    });
    if (step.answer) return Response.json(step.answer.body, { status: step.answer.status });
    const { accepted } = step;
    return settleAfter(
      accepted,
      () => handler(accepted.event),
      (response) => response.status,
    );
  };
}

// ---- The test's server: a fetch handler on real HTTP, the socket's address in a header ----

const CLIENT_IP = 'x-toy-client-ip';

async function serve(handler: FetchHandler, host: '127.0.0.1' | '::' = '127.0.0.1') {
  const server = createServer(async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (name === CLIENT_IP) continue; // a client's own value is dropped, as a trusted proxy would
      for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
    }
    headers.set(CLIENT_IP, req.socket.remoteAddress ?? '');
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readAll(req);
    const request = new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url}`, {
      method: req.method,
      headers,
      body,
    });
    const response = await handler(request).catch(() => new Response('Internal Server Error', { status: 500 }));
    // Each Set-Cookie stays its own header (Headers iteration would keep only one in an object).
    const outgoing: Record<string, string | string[]> = Object.fromEntries(response.headers);
    if (response.headers.has('set-cookie')) outgoing['set-cookie'] = response.headers.getSetCookie();
    res.writeHead(response.status, outgoing);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/login`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readAll(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

// ---- The conformance tables, as CONTRIBUTING step 4 says ----

adapterConformance(
  'a toy fetch-handler adapter built from the public adapter kit only',
  async (options, { host }) => {
    const addIp = (given: FingerprintGuardOptions<never>): ToyFingerprintGuardOptions => ({
      ...(given as ToyFingerprintGuardOptions),
      clientIp:
        (given.clientIp as ToyFingerprintGuardOptions['clientIp']) ??
        ((request: Request) => request.headers.get(CLIENT_IP) ?? undefined),
    });
    const source = typeof options === 'function' ? () => addIp(options()) : addIp(options);
    return serve(
      withFingerprint(source, (_request, fingerprint) => Response.json(describeFingerprint(fingerprint))),
      host,
    );
  },
  { peer: false },
);

webhookConformance('a toy fetch-handler adapter (webhooks)', async (options, handle) =>
  serve(
    fingerprintWebhook(options, async (event) => {
      await handle(event);
      return new Response(null, { status: 204 });
    }),
  ),
);

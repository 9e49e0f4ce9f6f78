/** Hostile HTTP against each adapter: every request is answered 4xx, nothing reaches the handler. */
import type { AddressInfo } from 'node:net';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { targets } from './hostile-targets.js';
import { rawRequest, type RawResponse } from './raw-http.js';
import { scanningLogger, type SecretScanner } from './secrets.js';

export interface HostileOutcome {
  adapter: string;
  request: string;
  status: number;
  /** The guard's error code, or what answered instead (Node's HTTP parser, the body parser). */
  answeredBy: string;
}

export interface HostileReport {
  outcomes: HostileOutcome[];
  /** Hostile requests that reached a route handler: must be 0. */
  reachedHandler: number;
  /** Answers that were not 4xx: must be empty. */
  not4xx: HostileOutcome[];
  /** A genuine request after the barrage was served (the process stayed healthy). */
  healthyAfter: Record<string, boolean>;
}

const head = (lines: string[], bodyLength: number) =>
  Buffer.from([...lines, `Content-Length: ${bodyLength}`, 'Connection: close', '', ''].join('\r\n'), 'latin1');

/** The barrage: each entry is a request an attacker or a broken client can send. */
function barrage(genuine: string): Array<{ name: string; head: Buffer; body?: Buffer; trickleMs?: number }> {
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  const post = (extra: string[], body: Buffer) =>
    head(['POST /login HTTP/1.1', 'Host: 127.0.0.1', ...extra], body.length);
  const cases = [
    { name: 'a 20 KB header', head: post([`Fingerprint-Sealed-Result: ${'A'.repeat(20_000)}`], Buffer.alloc(0)) },
    { name: 'a 2 MB JSON body', body: json({ sealed_result: 'A'.repeat(2_000_000) }), type: 'application/json' },
    { name: 'the credential as text/plain', body: Buffer.from(`sealed_result=${genuine}`), type: 'text/plain' },
    {
      name: 'an array where a string belongs',
      body: json({ sealed_result: [genuine, genuine] }),
      type: 'application/json',
    },
    {
      name: 'an object where a string belongs',
      body: json({ sealed_result: { value: genuine } }),
      type: 'application/json',
    },
    { name: 'a number where a string belongs', body: json({ sealed_result: 12345 }), type: 'application/json' },
    { name: 'a JSON body that is an array', body: json([genuine]), type: 'application/json' },
    { name: 'invalid JSON', body: Buffer.from('{"sealed_result": "abc'), type: 'application/json' },
    {
      name: 'invalid UTF-8 in the body',
      body: Buffer.from([0x7b, 0x22, 0x73, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      type: 'application/json',
    },
    {
      name: 'a __proto__ key carrying the credential',
      body: Buffer.from(`{"__proto__":{"sealed_result":${JSON.stringify(genuine)}}}`),
      type: 'application/json',
    },
    {
      name: 'a constructor.prototype key',
      body: Buffer.from(`{"constructor":{"prototype":{"sealed_result":${JSON.stringify(genuine)}}}}`),
      type: 'application/json',
    },
    {
      name: 'invalid UTF-8 in the header',
      head: Buffer.concat([
        post([], Buffer.alloc(0)).subarray(0, -2),
        Buffer.from('Fingerprint-Sealed-Result: \xff\xfe\xfd\r\n\r\n', 'latin1'),
      ]),
    },
    {
      name: 'a duplicated credential header',
      head: post([`Fingerprint-Sealed-Result: ${genuine}`, `Fingerprint-Sealed-Result: ${genuine}`], Buffer.alloc(0)),
    },
    {
      name: 'a control character in the header',
      head: post(['Fingerprint-Sealed-Result: abc\x01def'], Buffer.alloc(0)),
    },
    {
      name: 'a body trickled a byte every 200 ms',
      body: json({ sealed_result: genuine }),
      type: 'application/json',
      trickleMs: 200,
    },
  ];
  return cases.map((c) => ({
    name: c.name,
    head: c.head ?? post([`Content-Type: ${c.type}`], c.body!),
    body: c.body,
    trickleMs: c.trickleMs,
  }));
}

function answeredBy(response: RawResponse): string {
  try {
    const code = (JSON.parse(response.body) as { error?: { code?: string } }).error?.code;
    if (code) return code;
  } catch {
    // not the guard's JSON
  }
  if (response.status === 0) return 'no answer (connection closed)';
  if (response.status === 408) return 'Node (requestTimeout)';
  return response.status === 431 || response.body === '' ? 'Node HTTP parser' : 'body parser';
}

export async function runHostile(scanner: SecretScanner): Promise<HostileReport> {
  const key = generateKey();
  scanner.addSecret('hostile-HTTP key', key);
  const report: HostileReport = { outcomes: [], reachedHandler: 0, not4xx: [], healthyAfter: {} };
  const { logger } = scanningLogger(scanner);
  for (const target of targets) {
    let reached = 0;
    const server = await target.start(key, () => reached++, logger);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    for (const attack of barrage(sealEvent(createEvent(), key))) {
      const response = await rawRequest(port, attack.head, attack.body, {
        trickleMs: attack.trickleMs,
        timeoutMs: 8_000,
      });
      scanner.scan(`${target.adapter} response`, response.body);
      const outcome = {
        adapter: target.adapter,
        request: attack.name,
        status: response.status,
        answeredBy: answeredBy(response),
      };
      report.outcomes.push(outcome);
      if (!(response.status >= 400 && response.status < 500)) report.not4xx.push(outcome);
    }
    const hostileReached = reached;
    report.reachedHandler += hostileReached;
    const genuine = sealEvent(createEvent(), key);
    const healthy = await rawRequest(
      port,
      head(['POST /login HTTP/1.1', 'Host: 127.0.0.1', `Fingerprint-Sealed-Result: ${genuine}`], 0),
    );
    report.healthyAfter[target.adapter] = healthy.status === 200 && reached === hostileReached + 1;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  return report;
}

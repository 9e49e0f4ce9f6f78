import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../src/index.js';
import { HAS_VECTORS, readVectorFile } from './helpers.js';

interface WebhookCase {
  header: string;
  secret: string;
  bodyUtf8: string;
  expectValid: boolean;
}

describe.skipIf(!HAS_VECTORS)('webhook signature vectors', () => {
  const vector = HAS_VECTORS
    ? (readVectorFile('webhook-signature-v1.json') as WebhookCase & { negativeCases: WebhookCase[] })
    : undefined;
  const cases = vector ? [vector, ...vector.negativeCases] : [];
  it.each(
    cases.map((c) => [
      `${JSON.stringify(c.header).slice(0, 30)} / secret ${JSON.stringify(c.secret)} / body ${JSON.stringify(c.bodyUtf8)}`,
      c,
    ]),
  )('%s', (_name, c) => {
    expect(verifyWebhookSignature({ header: c.header, body: Buffer.from(c.bodyUtf8), secret: c.secret })).toBe(
      c.expectValid,
    );
  });
});

describe('verifyWebhookSignature', () => {
  const secret = 'whsec_rotating';
  const body = Buffer.from(JSON.stringify({ event_id: '1708102555327.NLOjmg', timestamp: 1708102555327 }));
  const sign = (key: string, data: Buffer = body) => createHmac('sha256', key).update(data).digest('hex');

  it('accepts any matching v1 entry among several (secret rotation), in any position', () => {
    expect(verifyWebhookSignature({ header: `v1=${sign('old')},v1=${sign(secret)}`, body, secret })).toBe(true);
    expect(verifyWebhookSignature({ header: `v1=${sign(secret)}, v2=abc`, body, secret })).toBe(true);
  });

  it('rejects another body, another secret, uppercase version names and truncated hashes', () => {
    expect(verifyWebhookSignature({ header: `v1=${sign(secret)}`, body: Buffer.from(`${body} `), secret })).toBe(false);
    expect(verifyWebhookSignature({ header: `v1=${sign('other')}`, body, secret })).toBe(false);
    expect(verifyWebhookSignature({ header: `V1=${sign(secret)}`, body, secret })).toBe(false);
    expect(verifyWebhookSignature({ header: `v1=${sign(secret).slice(0, 62)}`, body, secret })).toBe(false);
    expect(verifyWebhookSignature({ header: undefined, body, secret })).toBe(false);
  });

  it('takes the body as text too', () => {
    expect(verifyWebhookSignature({ header: `v1=${sign(secret)}`, body: body.toString('utf8'), secret })).toBe(true);
  });
});

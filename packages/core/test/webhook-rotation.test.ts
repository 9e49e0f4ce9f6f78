// Webhook secret rotation: `secret` takes a list, and a delivery signed with any listed secret is accepted.
import { createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createWebhookReceiver, MemoryReplayStore, verifyWebhookSignature } from '../src/index.js';
import { createEvent, expectConfigError, expectGuardError } from './helpers.js';

const sign = (secret: string, body: string) => `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
const quiet = { warn: vi.fn(), error: vi.fn() };

describe('verifyWebhookSignature with a list of secrets', () => {
  const body = JSON.stringify(createEvent());

  it('accepts a signature by any listed secret, and one header entry of several', () => {
    const secret = ['whsec_new', 'whsec_old'];
    expect(verifyWebhookSignature({ header: sign('whsec_new', body), body, secret })).toBe(true);
    expect(verifyWebhookSignature({ header: sign('whsec_old', body), body, secret })).toBe(true);
    expect(verifyWebhookSignature({ header: `${sign('other', body)},${sign('whsec_old', body)}`, body, secret })).toBe(
      true,
    );
  });

  it('refuses another secret, an empty list, and a list with an empty secret', () => {
    expect(verifyWebhookSignature({ header: sign('other', body), body, secret: ['whsec_new', 'whsec_old'] })).toBe(
      false,
    );
    expect(verifyWebhookSignature({ header: sign('', body), body, secret: [] })).toBe(false);
    // An empty secret in the list could be matched by anyone who signs with the empty key.
    expect(verifyWebhookSignature({ header: sign('', body), body, secret: ['whsec_new', ''] })).toBe(false);
  });
});

describe('createWebhookReceiver({ secret: [new, old] })', () => {
  const receiverWith = (secret: string | string[]) =>
    createWebhookReceiver({ secret, logger: quiet, replay: { store: new MemoryReplayStore() } });

  it('takes a delivery signed with either secret, each event once, and refuses any other secret', async () => {
    const secrets = ['whsec_new', 'whsec_old'];
    const receiver = receiverWith(secrets);
    // The caller's array changing later changes nothing.
    secrets.push('whsec_later');
    for (const secret of ['whsec_new', 'whsec_old']) {
      const body = JSON.stringify(createEvent());
      expect(await receiver.process({ body, signature: sign(secret, body) }, () => 'stored')).toEqual({
        duplicate: false,
        result: 'stored',
      });
      expect(await receiver.process({ body, signature: sign(secret, body) }, () => 'again')).toEqual({
        duplicate: true,
      });
    }
    for (const secret of ['whsec_later', 'whsec_newer']) {
      const body = JSON.stringify(createEvent());
      await expectGuardError(receiver.receive({ body, signature: sign(secret, body) }), 'WEBHOOK_SIGNATURE_INVALID');
    }
  });

  it('refuses at start-up an empty list, an empty or non-string secret in it', () => {
    for (const secret of [[], [''], ['whsec_new', ''], ['whsec_new', 42], '']) {
      expect(expectConfigError(() => receiverWith(secret as string[])).message).toContain('list');
    }
  });
});

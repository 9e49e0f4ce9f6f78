import { createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createWebhookReceiver, MemoryReplayStore, type WebhookReceiverOptions } from '../src/index.js';
import { createEvent, createWebhookEventV3, expectConfigError, expectGuardError } from './helpers.js';
import { redatedWebhook } from './v3-fixtures.js';

const secret = 'whsec_legacy';
const quiet = { warn: vi.fn(), error: vi.fn() };
const receiverWith = (options: Partial<WebhookReceiverOptions> = {}) =>
  createWebhookReceiver({
    secret,
    formats: ['v4', 'v3'],
    replay: { store: new MemoryReplayStore() },
    logger: quiet,
    ...options,
  });
const delivery = (payload: unknown) => {
  const body = JSON.stringify(payload);
  return { body, signature: `v1=${createHmac('sha256', secret).update(body).digest('hex')}` };
};

describe("legacy (v3) webhooks: Fingerprint's own examples, re-dated", () => {
  for (const name of ['webhook.json', 'node-sdk-webhook.json']) {
    it(`${name}: handed on once with format v3, deduplicated by requestId`, async () => {
      const example = redatedWebhook(name);
      const receiver = receiverWith();
      const first = await receiver.receive(delivery(example));
      expect(first.duplicate).toBe(false);
      const { event } = first;
      expect(event.format).toBe('v3');
      if (event.format !== 'v3') throw new Error('not a legacy event');
      expect(event.requestId).toBe(example.requestId);
      expect(event.bot?.result).toBe('bad');
      // format is not enumerable: the event serialises exactly as delivered.
      expect(JSON.stringify(event)).toBe(JSON.stringify(example));
      expect(Object.keys(event)).not.toContain('format');
      await expectGuardError(receiver.receive(delivery(example)), 'WEBHOOK_IN_PROGRESS');
      if (!first.duplicate) await first.complete();
      await expect(receiver.receive(delivery(example))).resolves.toMatchObject({ duplicate: true });
    });
  }

  it('a legacy delivery older than maxAge is EVENT_EXPIRED; one from the future EVENT_FROM_FUTURE', async () => {
    await expectGuardError(
      receiverWith().receive(delivery(redatedWebhook('webhook.json', Date.now() - 20 * 60_000))),
      'EVENT_EXPIRED',
    );
    await expectGuardError(
      receiverWith().receive(delivery(redatedWebhook('webhook.json', Date.now() + 5 * 60_000))),
      'EVENT_FROM_FUTURE',
    );
  });

  it('a receiver that accepts v4 only (the default) refuses it, 400, naming v3 and formats', async () => {
    const error = await expectGuardError(
      receiverWith({ formats: undefined }).receive(delivery(redatedWebhook('webhook.json'))),
      'SEALED_RESULT_INVALID_PAYLOAD',
    );
    expect(error.status).toBe(400);
    expect(error.message).toContain('legacy (v3) webhook');
    expect(error.message).toContain("formats: ['v4', 'v3']");
  });

  it('a v3-only receiver refuses a v4 event; v4 events are tagged v4 (not enumerable)', async () => {
    await expectGuardError(
      receiverWith({ formats: ['v3'] }).receive(delivery(createEvent())),
      'SEALED_RESULT_INVALID_PAYLOAD',
    );
    const v4 = createEvent();
    const { event } = await receiverWith({ formats: undefined }).receive(delivery(v4));
    expect(event.format).toBe('v4');
    expect(JSON.stringify(event)).toBe(JSON.stringify(v4));
  });

  it('a legacy body without requestId or a numeric timestamp is 400', async () => {
    for (const broken of [
      { ...createWebhookEventV3(), requestId: '' },
      { ...createWebhookEventV3(), timestamp: '1708102555327' },
      { ...createWebhookEventV3(), requestId: 42 },
    ]) {
      await expectGuardError(receiverWith().receive(delivery(broken)), 'SEALED_RESULT_INVALID_PAYLOAD');
    }
  });

  it('process() hands the handler the tagged event, and gives the claim back when it throws', async () => {
    const receiver = receiverWith();
    const legacy = createWebhookEventV3();
    const seen: string[] = [];
    await expect(
      receiver.process(delivery(legacy), () => {
        throw new Error('database down');
      }),
    ).rejects.toThrow('database down');
    const outcome = await receiver.process(delivery(legacy), (event) => {
      seen.push(event.format === 'v3' ? event.requestId : event.event_id);
      return 'stored';
    });
    expect(outcome).toEqual({ duplicate: false, result: 'stored' });
    expect(seen).toEqual([legacy.requestId]);
  });

  it('formats is checked once, at construction', () => {
    for (const formats of [[], ['v2'], 'v3']) {
      expectConfigError(() => createWebhookReceiver({ secret, formats: formats as never }));
    }
  });
});

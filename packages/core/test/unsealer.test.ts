import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createUnsealer, DEFAULT_MAX_SEALED_BYTES } from '../src/index.js';
import {
  createEvent,
  expectConfigError,
  expectGuardError,
  FINGERPRINT_TEST_KEY,
  generateKey,
  sealEvent,
  sealPlaintext,
  UNSEALERS,
} from './helpers.js';

const key = generateKey();
const unsealer = createUnsealer({ keys: [key] });

/** Seals arbitrary JSON text as the agent would (deflated), bypassing JSON.stringify. */
function sealJsonText(text: string, sealingKey = key): string {
  return sealPlaintext(deflateRawSync(text), sealingKey);
}

describe('createUnsealer: keys', () => {
  it('accepts Fingerprint’s non-canonical test key, a single key and raw 32-byte keys', async () => {
    const event = createEvent();
    await expect(
      createUnsealer({ keys: FINGERPRINT_TEST_KEY }).unseal(sealEvent(event, FINGERPRINT_TEST_KEY)),
    ).resolves.toStrictEqual(event);
    const raw = randomBytes(32);
    await expect(createUnsealer({ keys: [new Uint8Array(raw)] }).unseal(sealEvent(event, raw))).resolves.toStrictEqual(
      event,
    );
  });

  it('tries keys in order and reports which one matched, for rotation metrics', async () => {
    const oldKey = generateKey();
    const rotating = createUnsealer({ keys: [key, oldKey] });
    await expect(rotating.unsealDetailed(sealEvent(createEvent(), key))).resolves.toMatchObject({ keyIndex: 0 });
    await expect(rotating.unsealDetailed(sealEvent(createEvent(), oldKey))).resolves.toMatchObject({ keyIndex: 1 });
  });

  it.each(UNSEALERS)(
    '%s: tries the key that matched last first, and still reports each key by its configured position',
    async (_name, create) => {
      const [a, b, c] = [generateKey(), generateKey(), generateKey()];
      const three = create({ keys: [a, b, c] });
      const keyIndexes = [];
      for (const sealingKey of [c, c, a, c, b, b, a])
        keyIndexes.push((await three.unsealDetailed(sealEvent(createEvent(), sealingKey))).keyIndex);
      expect(keyIndexes).toEqual([2, 2, 0, 2, 1, 1, 0]);
      await expectGuardError(three.unseal(sealEvent(createEvent(), generateKey())), 'SEALED_RESULT_DECRYPTION_FAILED');
      expect((await three.unsealDetailed(sealEvent(createEvent(), c))).keyIndex).toBe(2);
    },
  );

  it.each([
    ['no keys', { keys: [] }, /no sealed-results key/],
    ['a missing keys option', {}, /no sealed-results key/],
    ['a 31-byte key', { keys: [randomBytes(31).toString('base64')] }, /decodes to 31 bytes/],
    ['a 16-byte Uint8Array', { keys: [new Uint8Array(16)] }, /is 16 bytes/],
    ['text that is not base64', { keys: ['not a key!'] }, /is not base64/],
    [
      'comma-separated keys in one string',
      { keys: [`${generateKey()},${generateKey()}`] },
      /pass several keys as an array/,
    ],
    ['a number', { keys: [42] }, /not a number/],
    ['a zero maxSealedBytes', { keys: [key], maxSealedBytes: 0 }, /maxSealedBytes/],
    ['a fractional maxPayloadBytes', { keys: [key], maxPayloadBytes: 1.5 }, /maxPayloadBytes/],
  ])('rejects %s with CONFIG_INVALID', (_name, options, message) => {
    const error = expectConfigError(() => createUnsealer(options as never));
    expect(error.message).toMatch(message);
  });

  it('names a bad key by its position and never shows its value', () => {
    const bad = randomBytes(24).toString('base64');
    const error = expectConfigError(() => createUnsealer({ keys: [key, bad] }));
    expect(error.message).toContain('#2 of 2');
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(bad);
  });
});

describe('createUnsealer: round trip', () => {
  it('unseals a sealed event exactly, keeping fields it does not know', async () => {
    const event = { ...createEvent(), brand_new_signal: { nested: [1, 'two', null] } };
    await expect(unsealer.unseal(sealEvent(event, key))).resolves.toStrictEqual(event);
  });

  it('accepts the decoded bytes and base64 without padding', async () => {
    const event = createEvent();
    const sealed = sealEvent(event, key);
    await expect(unsealer.unseal(Buffer.from(sealed, 'base64'))).resolves.toStrictEqual(event);
    await expect(unsealer.unseal(sealed.replace(/=+$/, ''))).resolves.toStrictEqual(event);
  });
});

describe('createUnsealer: each failure has its code, in pipeline order', () => {
  const sealed = sealEvent(createEvent(), key);

  it('checks the size before decoding: oversized garbage is TOO_LARGE, not MALFORMED', async () => {
    const error = await expectGuardError(
      unsealer.unseal('!'.repeat(DEFAULT_MAX_SEALED_BYTES * 2)),
      'SEALED_RESULT_TOO_LARGE',
    );
    expect(error.status).toBe(413);
    await expectGuardError(unsealer.unseal(new Uint8Array(DEFAULT_MAX_SEALED_BYTES + 1)), 'SEALED_RESULT_TOO_LARGE');
    const small = createUnsealer({ keys: [key], maxSealedBytes: 100 });
    await expectGuardError(small.unseal(sealed), 'SEALED_RESULT_TOO_LARGE');
  });

  it.each([
    ['a space inside', (s: string) => `${s.slice(0, 10)} ${s.slice(10)}`],
    ['a newline at the end', (s: string) => `${s}\n`],
    ['URL-safe characters', (s: string) => s.replace(/\+/g, '-').replace(/\//g, '_')],
    ['a stray = in the middle', (s: string) => `${s.slice(0, 8)}=${s.slice(9)}`],
    ['a character outside ASCII', (s: string) => `${s.slice(0, 20)}é${s.slice(21)}`],
    ['a length that no base64 text has (4n + 1)', (s: string) => s.replace(/=+$/, '').slice(0, 4 * 40 + 1)],
    ['three padding characters', (s: string) => `${s.replace(/=+$/, '')}===`],
  ])('rejects base64 with %s as MALFORMED instead of skipping it', async (_name, mutate) => {
    const mutated = mutate(sealed);
    expect(mutated).not.toBe(sealed);
    const error = await expectGuardError(unsealer.unseal(mutated), 'SEALED_RESULT_MALFORMED');
    expect(error.status).toBe(400);
  });

  it('rejects a value that is not a string or bytes as MALFORMED', async () => {
    await expectGuardError(unsealer.unseal(42 as never), 'SEALED_RESULT_MALFORMED');
    await expectGuardError(unsealer.unseal({ sealed } as never), 'SEALED_RESULT_MALFORMED');
  });

  it('rejects input shorter than header + nonce + tag as MALFORMED', async () => {
    await expectGuardError(unsealer.unseal(Buffer.from(sealed, 'base64').subarray(0, 31)), 'SEALED_RESULT_MALFORMED');
  });

  it('rejects another version header as UNSUPPORTED_VERSION', async () => {
    const bytes = Buffer.from(sealed, 'base64');
    bytes[3] = 0xee;
    await expectGuardError(unsealer.unseal(bytes.toString('base64')), 'SEALED_RESULT_UNSUPPORTED_VERSION');
  });

  it('rejects a flipped ciphertext bit, a flipped tag bit and a foreign key as DECRYPTION_FAILED', async () => {
    for (const offset of [16, 40, -1]) {
      const bytes = Buffer.from(sealed, 'base64');
      bytes[(offset + bytes.length) % bytes.length]! ^= 0x01;
      await expectGuardError(unsealer.unseal(bytes), 'SEALED_RESULT_DECRYPTION_FAILED');
    }
    const error = await expectGuardError(
      unsealer.unseal(sealEvent(createEvent(), generateKey())),
      'SEALED_RESULT_DECRYPTION_FAILED',
    );
    expect(error.status).toBe(401);
  });

  it('rejects authenticated bytes that are not raw deflate as INVALID_PAYLOAD', async () => {
    const notDeflated = sealPlaintext(Buffer.from(JSON.stringify(createEvent())), key);
    await expectGuardError(unsealer.unseal(notDeflated), 'SEALED_RESULT_INVALID_PAYLOAD');
  });

  it.each([
    ['truncated JSON', '{"event_id":"1.a","timestamp":1'],
    ['an array', '[1,2]'],
    ['a string', '"event"'],
    ['null', 'null'],
    ['no event_id', '{"timestamp":1708102555327}'],
    ['an empty event_id', '{"event_id":"","timestamp":1708102555327}'],
    ['a string timestamp', '{"event_id":"1708102555327.NLOjmg","timestamp":"1708102555327"}'],
  ])('rejects %s as INVALID_PAYLOAD', async (_name, text) => {
    await expectGuardError(unsealer.unseal(sealJsonText(text)), 'SEALED_RESULT_INVALID_PAYLOAD');
  });

  it('says a v3 { products } payload comes from a 3.x agent, and still opens it with unsealPayload', async () => {
    const v3 = { products: { identification: { data: { visitorId: 'abc', requestId: '1.a' } } } };
    const error = await expectGuardError(unsealer.unseal(sealEvent(v3, key)), 'SEALED_RESULT_INVALID_PAYLOAD');
    expect(error.message).toMatch(/3\.x JavaScript agent/);
    await expect(unsealer.unsealPayload(sealEvent(v3, key))).resolves.toStrictEqual({ event: v3, keyIndex: 0 });
  });

  it('stops at maxPayloadBytes', async () => {
    const event = createEvent({ tags: { padding: 'x'.repeat(5000) } });
    const tight = createUnsealer({ keys: [key], maxPayloadBytes: 4096 });
    const error = await expectGuardError(tight.unseal(sealEvent(event, key)), 'SEALED_RESULT_TOO_LARGE');
    expect(error.message).toContain('4096');
  });
});

describe('createUnsealer: prototype keys in browser-supplied data', () => {
  const base = createEvent();
  const head = `{"event_id":"${base.event_id}","timestamp":${base.timestamp}`;

  it.each([
    ['__proto__', `${head},"tags":{"__proto__":{"polluted":true},"plan":"pro"}}`],
    ['__proto__ spelled with escapes', `${head},"tags":{"\\u005f\\u005fproto__":{"polluted":true},"plan":"pro"}}`],
    ['constructor.prototype', `${head},"tags":{"constructor":{"prototype":{"polluted":true}},"plan":"pro"}}`],
  ])('drops %s so that merging the event pollutes nothing', async (_name, text) => {
    const event = await unsealer.unseal(sealJsonText(text));
    expect(event.tags).toStrictEqual({ plan: 'pro' });
    const merged = Object.assign({}, event.tags);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((merged as Record<string, unknown>).polluted).toBeUndefined();
  });
});

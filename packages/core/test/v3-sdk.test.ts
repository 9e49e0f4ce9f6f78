// What docs/migrating-from-fingerprintjs-pro-server-api.md says of the v3 SDK, checked against the
// real package (@fingerprintjs/fingerprintjs-pro-server-api 6.13.1, from the registry).
import { createHmac } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import {
  DecryptionAlgorithm,
  isValidWebhookSignature,
  unsealEventsResponse,
} from '@fingerprintjs/fingerprintjs-pro-server-api';
import { describe, expect, it } from 'vitest';
import { createUnsealer } from '../src/index.js';
import {
  createEvent,
  createEventV3,
  expectGuardError,
  generateKey,
  HAS_VECTORS,
  loadSealedVectors,
  sealEvent,
  sealPlaintext,
} from './helpers.js';

const key = generateKey();
const sdkKeys = (keys: string[]) =>
  keys.map((k) => ({ key: Buffer.from(k, 'base64'), algorithm: DecryptionAlgorithm.Aes256Gcm }));

describe('the v3 SDK against createUnsealer().unsealAnyFormat', () => {
  it.skipIf(!HAS_VECTORS)('both read the official v3 vectors to the same object', async () => {
    for (const vector of loadSealedVectors().filter((v) => v.payloadShape === 'v3')) {
      const sdk = await unsealEventsResponse(Buffer.from(vector.sealed, 'base64'), sdkKeys(vector.keys));
      const usable = vector.keys.filter((k) => Buffer.from(k, 'base64').length === 32);
      const ours = await createUnsealer({ keys: usable }).unsealAnyFormat(vector.sealed);
      expect(ours).toMatchObject({ format: 'v3' });
      expect(ours.event).toStrictEqual(sdk);
    }
  });

  it('both read a 3.x agent’s sealed result to the same object; only ours reads a 4.x agent’s', async () => {
    const v3 = sealEvent(createEventV3(), key);
    expect((await createUnsealer({ keys: [key] }).unsealAnyFormat(v3)).event).toStrictEqual(
      await unsealEventsResponse(Buffer.from(v3, 'base64'), sdkKeys([key])),
    );
    const v4 = sealEvent(createEvent(), key);
    await expect(unsealEventsResponse(Buffer.from(v4, 'base64'), sdkKeys([key]))).rejects.toThrow(
      'Sealed data is not valid events response',
    );
    await expect(createUnsealer({ keys: [key] }).unsealAnyFormat(v4)).resolves.toMatchObject({ format: 'v4' });
  });

  it('the SDK checks only that a `products` key exists; ours needs an identification with id and time', async () => {
    const hollow = sealEvent({ products: 42 }, key);
    await expect(unsealEventsResponse(Buffer.from(hollow, 'base64'), sdkKeys([key]))).resolves.toEqual({
      products: 42,
    });
    await expectGuardError(createUnsealer({ keys: [key] }).unsealAnyFormat(hollow), 'SEALED_RESULT_INVALID_PAYLOAD');
  });

  it('the SDK inflates without a limit; ours stops at maxPayloadBytes (1 MiB)', async () => {
    const big = { ...createEventV3(), pad: 'x'.repeat(4 * 1024 * 1024) };
    const sealed = sealPlaintext(deflateRawSync(JSON.stringify(big)), key);
    expect(sealed.length).toBeLessThan(8 * 1024); // base64 characters, as a page would send it
    const sdk = (await unsealEventsResponse(Buffer.from(sealed, 'base64'), sdkKeys([key]))) as unknown as typeof big;
    expect(sdk.pad).toHaveLength(4 * 1024 * 1024);
    await expectGuardError(createUnsealer({ keys: [key] }).unsealAnyFormat(sealed), 'SEALED_RESULT_TOO_LARGE');
  });

  it('the SDK’s error carries the key it tried; ours never does', async () => {
    const sealed = sealEvent(createEventV3(), generateKey());
    const sdkError = await unsealEventsResponse(Buffer.from(sealed, 'base64'), sdkKeys([key])).catch((e) => e);
    expect(JSON.stringify(sdkError)).toContain(JSON.stringify([...Buffer.from(key, 'base64')]).slice(1, 40));
    const ours = await expectGuardError(
      createUnsealer({ keys: [key] }).unsealAnyFormat(sealed),
      'SEALED_RESULT_DECRYPTION_FAILED',
    );
    expect(JSON.stringify(ours)).not.toContain(key);
  });

  it('the SDK’s webhook check throws on a missing header', () => {
    const body = Buffer.from(JSON.stringify({ requestId: '1708102555327.NLOjmg' }));
    const header = `v1=${createHmac('sha256', 'secret').update(body).digest('hex')}`;
    expect(isValidWebhookSignature({ header, data: body, secret: 'secret' })).toBe(true);
    expect(() => isValidWebhookSignature({ header: undefined as never, data: body, secret: 'secret' })).toThrow(
      TypeError,
    );
  });
});

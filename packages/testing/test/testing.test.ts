import { createDecipheriv } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createUnsealer } from '@fingerprint-guard/core';
import { createEvent, createEventId, createVisitorId, generateKey, sealEvent, sealPlaintext } from '../src/index.js';

/** Opens a sealed result by the published format, independently of the core package. */
function openByTheSpec(sealed: string, key: string): Buffer {
  const bytes = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key, 'base64'), bytes.subarray(4, 16), {
    authTagLength: 16,
  });
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(16, bytes.length - 16)), decipher.final()]);
}

describe('sealEvent', () => {
  it('produces the published format: 0x9E85DCED, 12-byte nonce, AES-256-GCM of raw-deflated JSON, 16-byte tag', () => {
    const key = generateKey();
    const event = createEvent();
    const sealed = sealEvent(event, key);
    expect(Buffer.from(sealed, 'base64').subarray(0, 4).toString('hex')).toBe('9e85dced');
    expect(JSON.parse(inflateRawSync(openByTheSpec(sealed, key)).toString('utf8'))).toStrictEqual(event);
  });

  it('uses a fresh nonce every time', () => {
    const key = generateKey();
    const event = createEvent();
    const nonces = new Set(
      Array.from({ length: 50 }, () => Buffer.from(sealEvent(event, key), 'base64').subarray(4, 16).toString('hex')),
    );
    expect(nonces.size).toBe(50);
  });

  it('is opened by the core unsealer, with Fingerprint’s non-canonical test key too', async () => {
    const key = 'p2PA7MGy5tx56cnyJaFZMr96BCFwZeHjZV2EqMvTq53=';
    const event = createEvent();
    await expect(createUnsealer({ keys: [key] }).unseal(sealEvent(event, key))).resolves.toStrictEqual(event);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => sealEvent(createEvent(), Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});

describe('sealPlaintext', () => {
  it('seals bytes without deflating them', () => {
    const key = generateKey();
    expect(openByTheSpec(sealPlaintext(Buffer.from('not deflated'), key), key).toString()).toBe('not deflated');
  });
});

describe('createEvent', () => {
  it('builds a fresh, plausible v4 event in Fingerprint’s formats', () => {
    const before = Date.now();
    const event = createEvent();
    expect(event.timestamp).toBeGreaterThanOrEqual(before);
    expect(event.event_id).toMatch(new RegExp(`^${event.timestamp}\\.[A-Za-z0-9]{6}$`));
    expect(event.identification?.visitor_id).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(event.identification?.confidence?.score).toBeGreaterThan(0.9);
    expect([event.bot, event.vpn, event.proxy, event.tampering]).toEqual(['not_detected', false, false, false]);
    expect(JSON.stringify(event).length).toBeGreaterThan(1500);
  });

  it('applies overrides, and dates the event id by an overridden timestamp', () => {
    const event = createEvent({ timestamp: 1708102555327, vpn: true });
    expect(event.vpn).toBe(true);
    expect(event.event_id.startsWith('1708102555327.')).toBe(true);
    expect(createEvent({ event_id: 'fixed.id' }).event_id).toBe('fixed.id');
  });

  it('makes distinct ids', () => {
    expect(new Set(Array.from({ length: 100 }, () => createEventId())).size).toBe(100);
    expect(new Set(Array.from({ length: 100 }, () => createVisitorId())).size).toBe(100);
  });
});

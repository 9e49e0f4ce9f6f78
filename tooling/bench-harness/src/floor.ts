// The floor every adapter bench compares the guard with: the least any server that unseals does.
import { createDecipheriv } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';

/** What the floor read: the visitor, or `undefined` for a replay. */
export type BareUnseal = (sealedHeader: unknown) => { visitorId?: string } | undefined;

/**
 * AES-256-GCM decrypt, `inflateRawSync`, `JSON.parse` and a `Map` of seen event ids: no size
 * caps, no strict base64, no age, rules, binding or error handling. Throws on a bad input.
 */
export function createBareUnseal(base64Key: string): BareUnseal {
  const seen = new Map<string, number>();
  const key = Buffer.from(base64Key, 'base64');
  return (sealedHeader) => {
    const bytes = Buffer.from(String(sealedHeader), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(4, 16), { authTagLength: 16 });
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const plaintext = Buffer.concat([decipher.update(bytes.subarray(16, bytes.length - 16)), decipher.final()]);
    const event = JSON.parse(inflateRawSync(plaintext).toString('utf8'));
    if (seen.has(event.event_id)) return undefined;
    seen.set(event.event_id, event.timestamp);
    return { visitorId: event.identification?.visitor_id };
  };
}

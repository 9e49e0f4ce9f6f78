// The floor every adapter bench compares the guard with: the least any server that unseals does.
import { createDecipheriv, createSecretKey } from 'node:crypto';
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

const HEADER = [0x9e, 0x85, 0xdc, 0xed];
const MAX_SEALED_BYTES = 65_536;
const MAX_SEALED_CHARS = Math.ceil(MAX_SEALED_BYTES / 3) * 4;
const MAX_AGE_MS = 120_000;
const SKEW_MS = 10_000;
const WINDOW_MS = 15 * 60_000;

/**
 * The bare unseal plus every check the guard makes on a sealed result (at the guard's defaults),
 * hand-flattened into one function: size caps, strict base64, the version header, a pinned tag
 * length, a capped inflate, the prototype-key scan (text that fails it is refused here, where the
 * guard parses it with secure-json-parse), `event_id` and `timestamp`, not an edge event, age and
 * clock skew, and a claim with its expiry under a bound (expired keys are not dropped: a bench run
 * is shorter than the window). The least a guard that keeps its checks can do: no typed result, no
 * signals, no decision record. Answers `undefined` for anything it refuses.
 */
export function createCheckedUnseal(base64Key: string): BareUnseal {
  const expiries = new Map<string, number>();
  const key = createSecretKey(Buffer.from(base64Key, 'base64'));
  return (sealedHeader) => {
    if (typeof sealedHeader !== 'string' || sealedHeader.length > MAX_SEALED_CHARS) return undefined;
    if (sealedHeader.includes('-') || sealedHeader.includes('_')) return undefined;
    let padding = 0;
    while (padding < 2 && sealedHeader.charCodeAt(sealedHeader.length - 1 - padding) === 0x3d) padding++;
    const significant = sealedHeader.length - padding;
    if ((padding > 0 && sealedHeader.length % 4 !== 0) || significant % 4 === 1) return undefined;
    const bytes = Buffer.from(sealedHeader, 'base64');
    if (bytes.length !== Math.floor((significant * 3) / 4) || bytes.length < 32) return undefined;
    if (bytes[0] !== HEADER[0] || bytes[1] !== HEADER[1] || bytes[2] !== HEADER[2] || bytes[3] !== HEADER[3])
      return undefined;
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(4, 16), { authTagLength: 16 });
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const head = decipher.update(bytes.subarray(16, bytes.length - 16));
    let plaintext: Buffer;
    try {
      const tail = decipher.final();
      plaintext = tail.length === 0 ? head : Buffer.concat([head, tail]);
    } catch {
      return undefined;
    }
    let event: Record<string, unknown>;
    try {
      const text = inflateRawSync(plaintext, { maxOutputLength: 1_048_576 }).toString('utf8');
      if (text.includes('proto') || text.includes('\\u00')) return undefined;
      event = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return undefined;
    const { event_id: eventId, timestamp } = event;
    if (typeof eventId !== 'string' || eventId === '' || typeof timestamp !== 'number' || !Number.isFinite(timestamp))
      return undefined;
    if (event.source === 'edge') return undefined;
    const now = Date.now();
    if (now - timestamp >= MAX_AGE_MS || timestamp - now > SKEW_MS) return undefined;
    const expiry = expiries.get(eventId);
    if ((expiry !== undefined && expiry > now) || expiries.size >= 10_000_000) return undefined;
    expiries.set(eventId, timestamp + WINDOW_MS);
    const identification = event.identification as { visitor_id?: string } | undefined;
    return { visitorId: identification?.visitor_id };
  };
}

/** Fingerprint webhook signatures: `FPJS-Event-Signature: v1=<hex HMAC-SHA256(secret, raw body)>`. */
import { platform } from '#platform';

export const WEBHOOK_SIGNATURE_HEADER = 'fpjs-event-signature';

export interface WebhookSignatureInput {
  /** The `FPJS-Event-Signature` header: comma-separated `<version>=<hex>` entries. */
  header: string | null | undefined;
  /** The raw request body, exactly as received. */
  body: Uint8Array | string;
  /** The webhook's signing secret, or several during a rotation: a signature by any of them is valid. */
  secret: string | readonly string[];
}

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * True when one `v1` entry of the header is the HMAC-SHA256 of the raw body under `secret` (or
 * under any secret of a list, during a rotation), compared in constant time. Several entries may
 * be present (during a secret rotation); other versions are ignored. An empty secret, body or
 * header is never valid.
 *
 * @example
 * app.post('/webhook', express.raw({ type: '*\/*' }), (req, res) => {
 *   if (!verifyWebhookSignature({ header: req.get('fpjs-event-signature'), body: req.body, secret })) return res.sendStatus(401);
 * });
 */
export function verifyWebhookSignature({ header, body, secret }: WebhookSignatureInput): boolean {
  const secrets: readonly unknown[] = typeof secret === 'string' ? [secret] : Array.isArray(secret) ? secret : [];
  if (typeof header !== 'string' || header === '' || secrets.length === 0) return false;
  if (secrets.some((one) => typeof one !== 'string' || one === '')) return false;
  const bodyBytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  if (!(bodyBytes instanceof Uint8Array) || bodyBytes.byteLength === 0) return false;
  const expected = (secrets as readonly string[]).map((one) => platform.hmacSha256(one, bodyBytes));
  let valid = false;
  for (const entry of header.split(',')) {
    const [version, hash] = entry.trim().split('=', 2);
    if (version !== 'v1' || hash === undefined || !HEX_SHA256.test(hash)) continue;
    const given = hexToBytes(hash);
    // Every v1 entry against every secret, none skipped: the time taken does not tell which one matched.
    for (const mac of expected) valid = platform.timingSafeEqual(given, mac) || valid;
  }
  return valid;
}

function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Fingerprint webhook signatures: `FPJS-Event-Signature: v1=<hex HMAC-SHA256(secret, raw body)>`. */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_SIGNATURE_HEADER = 'fpjs-event-signature';

export interface WebhookSignatureInput {
  /** The `FPJS-Event-Signature` header: comma-separated `<version>=<hex>` entries. */
  header: string | null | undefined;
  /** The raw request body, exactly as received. */
  body: Uint8Array | string;
  /** The webhook's signing secret. */
  secret: string;
}

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * True when one `v1` entry of the header is the HMAC-SHA256 of the raw body under `secret`,
 * compared in constant time. Several entries may be present (during a secret rotation); other
 * versions are ignored. An empty secret, body or header is never valid.
 *
 * @example
 * app.post('/webhook', express.raw({ type: '*\/*' }), (req, res) => {
 *   if (!verifyWebhookSignature({ header: req.get('fpjs-event-signature'), body: req.body, secret })) return res.sendStatus(401);
 * });
 */
export function verifyWebhookSignature({ header, body, secret }: WebhookSignatureInput): boolean {
  if (typeof header !== 'string' || header === '' || typeof secret !== 'string' || secret === '') return false;
  const bodyBytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  if (!(bodyBytes instanceof Uint8Array) || bodyBytes.byteLength === 0) return false;
  const expected = createHmac('sha256', secret).update(bodyBytes).digest();
  let valid = false;
  for (const entry of header.split(',')) {
    const [version, hash] = entry.trim().split('=', 2);
    if (version !== 'v1' || hash === undefined || !HEX_SHA256.test(hash)) continue;
    // Every v1 entry is compared, so the time taken does not tell which one matched.
    valid = timingSafeEqual(Buffer.from(hash, 'hex'), expected) || valid;
  }
  return valid;
}

/** createWebhookReceiver: Fingerprint webhooks verified, dated, processed once, and retried when your handler fails. */
import { toMilliseconds, type Duration } from '../duration.js';
import { configError, FingerprintGuardError } from '../errors.js';
import type { GuardLogger } from '../logger.js';
import { isDuration, isLogger, wholeNumber } from '../schema/checks.js';
import { checkOptions, nested, type OptionSchema } from '../schema/schema.js';
import { claimWithin, createStoreFailureLog } from '../replay/claim.js';
import { REPLAY_OPTIONS, resolveReplay } from '../replay/options.js';
import type { ReplayStore } from '../replay/types.js';
import { checkFitsWindow, DEFAULT_REPLAY_WINDOW_MS } from '../replay/window.js';
import { verifyWebhookSignature } from './signature.js';
import { type AcceptedFingerprintFormat, resolveFormats } from '../result/format.js';
import { type FingerprintWebhookEvent, parseWebhookEvent } from './webhook-event.js';

export interface WebhookReceiverOptions {
  /**
   * The webhook's signing secret (Dashboard > Webhooks), or a list of them while you rotate it:
   * a delivery signed with any listed secret is accepted. Never logged.
   */
  secret: string | readonly string[];
  /**
   * Which bodies are accepted: `['v4']` (default), or with `'v3'` legacy webhooks too (flat,
   * deduplicated by `requestId`); the handler tells them apart by `event.format`. Declare `v3`
   * in `AcceptedFingerprintFormats` for the types.
   */
  formats?: readonly AcceptedFingerprintFormat[];
  /**
   * Deduplication by `event_id` (a legacy webhook's `requestId`), claimed as `webhook:<id>`.
   * Default: the process-wide default store the guards share; give a shared store (Redis,
   * PostgreSQL) when several instances receive webhooks. `false` turns it off (every delivery
   * runs your handler).
   */
  replay?: false | { store?: ReplayStore; timeout?: Duration };
  /**
   * Oldest delivery accepted, from the event's `timestamp`; older ones are refused
   * (`EVENT_EXPIRED`) without running your handler. It must cover Fingerprint's retry of a
   * failed delivery (5 minutes later). Default: the store's window less `clockSkew` (14 minutes
   * with the default 15-minute window); `maxAge + clockSkew` may not exceed the window.
   */
  maxAge?: Duration;
  /** How far in the future an event's timestamp may be. Default `'1m'`. */
  clockSkew?: Duration;
  /** Largest body read, in bytes; a larger one is `WEBHOOK_BODY_TOO_LARGE` (413). Default 1,048,576. */
  maxBodyBytes?: number;
  /** Default `console`. */
  logger?: GuardLogger;
}

export interface WebhookDelivery {
  /** The raw request body, exactly as received; `undefined` when the adapter stopped reading it past `maxBodyBytes`. */
  body: Uint8Array | string | undefined;
  /** The `FPJS-Event-Signature` header. */
  signature: string | null | undefined;
}

/**
 * A delivery to process: run your handler, then `complete()` when it succeeded (a redelivery is
 * then a duplicate), or `release()` when it failed (Fingerprint's retry is then processed).
 * Until one of them, a redelivery is answered `WEBHOOK_IN_PROGRESS` (409) so its sender retries.
 */
export interface AcceptedDelivery {
  duplicate: false;
  event: FingerprintWebhookEvent;
  /** Records the event as processed. Never rejects (a store failure is logged). */
  complete(): Promise<void>;
  /** Gives the claim back. Never rejects (a store failure is logged). */
  release(): Promise<void>;
}

/** A delivery of an event already processed: answer 200 so it is not sent again, and do nothing. */
export interface DuplicateDelivery {
  duplicate: true;
  event: FingerprintWebhookEvent;
}

export interface WebhookReceiver {
  /** Largest body this receiver reads, for adapters that read the body themselves. */
  readonly maxBodyBytes: number;
  /**
   * Verifies the signature over the raw body, parses the v4 event, checks its age and claims
   * it. Rejects with a `FingerprintGuardError`: `WEBHOOK_SIGNATURE_INVALID` (401),
   * `WEBHOOK_BODY_TOO_LARGE` (413), `SEALED_RESULT_INVALID_PAYLOAD` (400), `EVENT_EXPIRED` /
   * `EVENT_FROM_FUTURE` (401), `WEBHOOK_IN_PROGRESS` (409: the same event is being processed),
   * `REPLAY_STORE_UNAVAILABLE` (503).
   */
  receive(delivery: WebhookDelivery): Promise<AcceptedDelivery | DuplicateDelivery>;
  /**
   * `receive`, then `handler(event)` for a first delivery only; a handler that resolves
   * completes the delivery, one that throws releases the claim and rethrows. Resolves
   * `{ duplicate: true }` (answer 200 and do nothing) or the handler's result.
   */
  process<T>(
    delivery: WebhookDelivery,
    handler: (event: FingerprintWebhookEvent) => T | Promise<T>,
  ): Promise<{ duplicate: true } | { duplicate: false; result: T }>;
}

/** `createWebhookReceiver`'s options; Fastify's webhook plugin and NestJS's `webhook` option take them too. */
export const WEBHOOK_RECEIVER_OPTIONS = {
  secret: true,
  formats: true,
  replay: nested(REPLAY_OPTIONS, 'false'),
  maxAge: isDuration,
  clockSkew: isDuration,
  maxBodyBytes: wholeNumber(1, undefined, 'bytes'),
  logger: isLogger,
} as const satisfies OptionSchema<WebhookReceiverOptions>;

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The secret, or a copy of the list (so that a later change to the caller's array changes nothing). */
function readSecrets(secret: unknown): string | readonly string[] {
  const valid = (one: unknown) => typeof one === 'string' && one !== '';
  if (valid(secret)) return secret as string;
  if (Array.isArray(secret) && secret.length > 0 && secret.every(valid)) return Object.freeze([...secret]);
  throw configError(
    'a webhook receiver needs the webhook `secret`: a non-empty string, or a non-empty list of them during a rotation.',
  );
}
const DEFAULT_CLOCK_SKEW = '1m';

/**
 * The framework-free webhook protocol every adapter's `fingerprintWebhook` is built on.
 *
 * The signature covers the body only, not a time: a captured delivery stays valid for ever. So
 * a delivery is refused once its event is older than `maxAge`, and each event is claimed
 * (`webhook:<event_id>`, until its timestamp plus the store's window), so it runs your handler
 * once. When the handler succeeds the event is recorded as processed (`webhook-done:<event_id>`)
 * and a redelivery is answered 200 as a duplicate; while it runs, a redelivery is answered 409
 * `WEBHOOK_IN_PROGRESS`, so that the sender retries; when it fails, the claim is given back and
 * Fingerprint's retry runs it again. A dropped connection changes none of this.
 *
 * @example
 * const receiver = createWebhookReceiver({ secret: process.env.FP_WEBHOOK_SECRET! });
 * const outcome = await receiver.process({ body, signature: request.headers.get('fpjs-event-signature') }, saveEvent);
 */
export function createWebhookReceiver(options: WebhookReceiverOptions): WebhookReceiver {
  checkOptions(options, WEBHOOK_RECEIVER_OPTIONS, 'createWebhookReceiver');
  const secret = readSecrets(options.secret);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const logger = options.logger ?? console;
  const replay = resolveReplay(options.replay);
  const clockSkewMs = toMilliseconds(options.clockSkew ?? DEFAULT_CLOCK_SKEW, 'clockSkew');
  // Without a store there is no window to fit in; the default one still bounds a captured delivery.
  const windowMs = replay?.windowMs ?? DEFAULT_REPLAY_WINDOW_MS;
  const maxAgeMs = toMilliseconds(options.maxAge ?? windowMs - clockSkewMs, 'maxAge');
  if (maxAgeMs <= 0) throw configError('maxAge must be more than 0.');
  if (replay !== undefined) checkFitsWindow(maxAgeMs, clockSkewMs, windowMs, 'the webhook receiver');
  const logStoreFailure = createStoreFailureLog(logger);
  const formats = resolveFormats(options.formats, 'formats');

  /** A claim, its failures logged once per kind. */
  async function claim(key: string, expiresAtMs: number): Promise<boolean> {
    try {
      return await claimWithin(replay!.store, key, expiresAtMs, replay!.timeoutMs);
    } catch (error) {
      logStoreFailure(error, { source: 'webhook' });
      throw error;
    }
  }

  /** A store write after the handler ran: its failure is logged, never thrown at the sender. */
  async function settle(what: string, eventId: string, write: () => unknown): Promise<void> {
    try {
      await write();
    } catch (error) {
      logger.error(`fingerprint-guard: could not ${what}.`, {
        event: 'webhook-settle-failed',
        eventId,
        error: String(error),
      });
    }
  }

  async function receive({ body, signature }: WebhookDelivery): Promise<AcceptedDelivery | DuplicateDelivery> {
    const size =
      body === undefined ? Number.POSITIVE_INFINITY : typeof body === 'string' ? body.length : body.byteLength;
    if (size > maxBodyBytes || body === undefined)
      throw new FingerprintGuardError('WEBHOOK_BODY_TOO_LARGE', `The webhook body is over ${maxBodyBytes} bytes.`);
    if (!verifyWebhookSignature({ header: signature, body, secret })) {
      throw new FingerprintGuardError('WEBHOOK_SIGNATURE_INVALID', 'The webhook signature does not match its body.');
    }
    const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
    const parsed = parseWebhookEvent(text, formats);
    // The app's types list the formats it declared; `formats` cannot list v3 in TypeScript without that.
    const event = parsed.event as FingerprintWebhookEvent;
    const now = Date.now();
    if (now - event.timestamp >= maxAgeMs) {
      throw new FingerprintGuardError(
        'EVENT_EXPIRED',
        `The webhook's event is older than maxAge (${maxAgeMs} ms); it was not processed.`,
      );
    }
    if (event.timestamp - now > clockSkewMs) {
      throw new FingerprintGuardError(
        'EVENT_FROM_FUTURE',
        `The webhook's event is dated more than clockSkew (${clockSkewMs} ms) ahead.`,
      );
    }
    if (replay === undefined) return { duplicate: false, event, complete: async () => {}, release: async () => {} };
    const { store, timeoutMs } = replay;
    const expiresAtMs = event.timestamp + windowMs;
    const key = `webhook:${parsed.eventId}`;
    const doneKey = `webhook-done:${parsed.eventId}`;
    if (!(await claim(key, expiresAtMs))) {
      // A claim with an expiry in the past only reads: false means the done mark is there.
      const processed = !(await claim(doneKey, 0));
      if (processed) return { duplicate: true, event };
      throw new FingerprintGuardError('WEBHOOK_IN_PROGRESS', 'This webhook event is being processed; retry later.');
    }
    return {
      duplicate: false,
      event,
      complete: () =>
        settle('record a processed webhook event; a redelivery will be answered 409 in progress', parsed.eventId, () =>
          claimWithin(store, doneKey, expiresAtMs, timeoutMs),
        ),
      release: () =>
        settle('release a webhook claim; its retry will be answered 409 in progress', parsed.eventId, () =>
          store.release?.(key),
        ),
    };
  }

  return {
    maxBodyBytes,
    receive,
    async process<T>(delivery: WebhookDelivery, handler: (event: FingerprintWebhookEvent) => T | Promise<T>) {
      const receipt = await receive(delivery);
      if (receipt.duplicate) return { duplicate: true as const };
      let result: T;
      try {
        result = await handler(receipt.event);
      } catch (error) {
        await receipt.release();
        throw error;
      }
      await receipt.complete();
      return { duplicate: false as const, result };
    },
  };
}

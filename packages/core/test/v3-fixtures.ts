/** Fingerprint's own v3 examples (fixtures/fingerprint-v3), re-dated so that a guard can accept them. */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { FingerprintEventV3, WebhookEventV3 } from '../src/index.js';

const DIR = new URL('./fixtures/fingerprint-v3/', import.meta.url);

export function readV3Fixture<T = FingerprintEventV3>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, DIR), 'utf8')) as T;
}

/** A fresh `<epoch ms>.<id>` request id, unique per call. */
export const freshRequestId = (timestamp: number) => `${timestamp}.${randomBytes(6).toString('hex').slice(0, 6)}`;

/** An official example as if it were made at `timestamp` (default now): its time, and a fresh request id. */
export function redated(name: string, timestamp = Date.now()): FingerprintEventV3 {
  const event = readV3Fixture(name);
  const data = event.products.identification!.data!;
  data.timestamp = timestamp;
  data.time = new Date(timestamp).toISOString();
  data.requestId = freshRequestId(timestamp);
  if (event.products.botd?.data) event.products.botd.data.requestId = data.requestId;
  return event;
}

/** An official webhook example as if it were delivered now. */
export function redatedWebhook(name: string, timestamp = Date.now()): WebhookEventV3 {
  const event = readV3Fixture<WebhookEventV3>(name);
  return { ...event, timestamp, time: new Date(timestamp).toISOString(), requestId: freshRequestId(timestamp) };
}

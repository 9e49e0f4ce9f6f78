// An app that accepts 3.x agents: once v3 is declared, every result and webhook event is the union
// narrowed by `format`, and code that reads a v4 event without narrowing no longer compiles.
import express from 'express';
import {
  createFingerprintGuard,
  createUnsealer,
  fingerprintGuard,
  fingerprintWebhook,
  type FingerprintEvent,
  type FingerprintEventV3,
  type FingerprintRequest,
  type WebhookEventV3,
} from '@fingerprint-guard/express';
import { fingerprintWebhook as nextWebhook } from '@fingerprint-guard/next';

declare module '@fingerprint-guard/express' {
  interface AcceptedFingerprintFormats {
    v3: true;
  }
}

declare const keys: string[]; // the app's sealed-results keys
declare const sealed: string; // a sealed result from a request
declare const secret: string; // the webhook secret
declare function loginV4(event: FingerprintEvent): void;
declare function loginV3(event: FingerprintEventV3): void;
declare function storeLegacy(event: WebhookEventV3): void;
declare function store(event: FingerprintEvent): void;

const server = express();
server.post('/login', fingerprintGuard({ fingerprint: { keys, formats: ['v4', 'v3'] } }), (req, res) => {
  const { fingerprint } = req as FingerprintRequest;
  if (fingerprint.provider !== 'fingerprint') return;
  // @ts-expect-error: the event may be a v3 response; narrow on format first
  loginV4(fingerprint.event);
  if (fingerprint.format === 'v3') {
    loginV3(fingerprint.event);
    const requestId: string | undefined = fingerprint.event.products.identification?.data?.requestId;
    res.json({ requestId, same: requestId === fingerprint.eventId });
  } else {
    loginV4(fingerprint.event);
  }
});

createFingerprintGuard({
  fingerprint: { formats: ['v3'], serverApi: { secretKey: 'sk', version: 3, region: 'eu' } },
  check: (fingerprint) =>
    fingerprint.provider === 'fingerprint' && fingerprint.format === 'v3'
      ? fingerprint.event.products.suspectScore?.data?.result !== 100
      : true,
});

server.post('/hook', fingerprintWebhook({ secret, formats: ['v4', 'v3'] }), (req, res) => {
  const event = req.fingerprintWebhookEvent!;
  // @ts-expect-error: a legacy webhook has no event_id
  store(event);
  if (event.format === 'v3') storeLegacy(event);
  else store(event);
  res.sendStatus(204);
});
export const POST = nextWebhook({ secret, formats: ['v4', 'v3'] }, async (event) => {
  const id: string = event.format === 'v3' ? event.requestId : event.event_id;
  return Response.json({ id });
});

const opened = await createUnsealer({ keys }).unsealAnyFormat(sealed);
const openedId: string =
  opened.format === 'v3' ? opened.event.products.identification!.data!.requestId : opened.event.event_id;
export { openedId };

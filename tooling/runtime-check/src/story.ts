/** The story every adapter tells over real HTTP: a sealed result once, its replay, none, a tampered one, and a webhook twice. */
import { createHmac } from 'node:crypto';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';
import { check, equal } from './harness.ts';

export const KEY = generateKey();
export const WEBHOOK_SECRET = 'whsec_runtime_check';

/** Posts to `url` + `/login` and `/webhook` (an app built with KEY and WEBHOOK_SECRET) and checks every answer. */
export async function httpStory(name: string, url: string): Promise<void> {
  const login = async (headers: Record<string, string>) => {
    const response = await fetch(`${url}/login`, { method: 'POST', headers });
    return [response.status, ((await response.json()) as { error?: { code: string } }).error?.code ?? 'ok'];
  };
  await check(
    `${name}: a sealed result is accepted once, its replay is 409, none is 401, a tampered one 401`,
    async () => {
      const sealed = sealEvent(createEvent(), KEY);
      const tampered = Buffer.from(sealEvent(createEvent(), KEY), 'base64');
      tampered[40]! ^= 1;
      equal(
        [
          await login({ 'fingerprint-sealed-result': sealed }),
          await login({ 'fingerprint-sealed-result': sealed }),
          await login({}),
          await login({ 'fingerprint-sealed-result': tampered.toString('base64') }),
        ],
        [
          [200, 'ok'],
          [409, 'EVENT_REPLAYED'],
          [401, 'CREDENTIAL_MISSING'],
          [401, 'SEALED_RESULT_DECRYPTION_FAILED'],
        ],
        'statuses',
      );
    },
  );
  await check(
    `${name}: a signed webhook runs once, its redelivery is a 200 duplicate, a bad signature 401`,
    async () => {
      const body = JSON.stringify(createEvent());
      const deliver = async (signature: string) => {
        const headers = { 'content-type': 'application/json', 'fpjs-event-signature': signature };
        const response = await fetch(`${url}/webhook`, { method: 'POST', headers, body });
        await response.arrayBuffer();
        return response.status;
      };
      const signature = `v1=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`;
      equal([await deliver(signature), await deliver(signature), await deliver('v1=00')], [204, 200, 401], 'statuses');
    },
  );
}

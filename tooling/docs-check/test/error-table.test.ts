// The core README's error table against what the guard answers: the row that says where an
// `event_id` sent as `sealed_result` lands is the row of the code the built guard gives it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createFingerprintGuard } from '@fingerprint-guard/core';
import { createEventId, generateKey } from '@fingerprint-guard/testing';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(fileURLToPath(new URL('../../../packages/core/README.md', import.meta.url)), 'utf8');
/** Each row of the error table: its code and the rest of its text. */
const rows = [...readme.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|(.*)$/gm)].map(([, code, status, text]) => ({
  code: code!,
  status: Number(status),
  text: text!,
}));

describe('the core README error table', () => {
  it('has the rows', () => {
    expect(rows.map(({ code }) => code)).toEqual(
      expect.arrayContaining(['CREDENTIAL_MISSING', 'SEALED_RESULT_MALFORMED', 'SEALED_RESULT_UNSUPPORTED_VERSION']),
    );
  });

  it('names, for an event_id sent as sealed_result, the code and status the guard answers', async () => {
    const guard = createFingerprintGuard({
      fingerprint: { keys: [generateKey()] },
      replay: false,
      logger: { warn() {}, error() {} },
    });
    const decision = await guard.decide({ headers: { 'fingerprint-sealed-result': createEventId() } });
    const claiming = rows.filter(({ text }) => /an `event_id`[^|]* sent as `sealed_result`/.test(text));
    expect(claiming.map(({ code, status }) => [code, status])).toEqual([
      [decision.error?.code, decision.error?.status],
    ]);
  });
});

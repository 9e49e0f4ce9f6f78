import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createUnsealer, ERROR_STATUS, FingerprintGuardError, isFingerprintGuardError } from '../src/index.js';
import { createEvent, expectConfigError, expectGuardError, sealEvent } from './helpers.js';

describe('FingerprintGuardError', () => {
  it('carries code, status, message and cause, and serialises to exactly what a client may see', () => {
    const cause = new Error('inner');
    const error = new FingerprintGuardError('EVENT_REPLAYED', 'seen before', { cause });
    expect(error).toMatchObject({
      name: 'FingerprintGuardError',
      code: 'EVENT_REPLAYED',
      status: 409,
      message: 'seen before',
    });
    expect(error.cause).toBe(cause);
    expect(JSON.parse(JSON.stringify(error))).toStrictEqual({
      name: 'FingerprintGuardError',
      code: 'EVENT_REPLAYED',
      status: 409,
      message: 'seen before',
    });
  });

  it('has the DESIGN.md status for every code', () => {
    expect(ERROR_STATUS).toMatchObject({
      CREDENTIAL_MISSING: 401,
      SEALED_RESULT_MALFORMED: 400,
      SEALED_RESULT_UNSUPPORTED_VERSION: 400,
      SEALED_RESULT_TOO_LARGE: 413,
      SEALED_RESULT_DECRYPTION_FAILED: 401,
      SEALED_RESULT_INVALID_PAYLOAD: 400,
      EVENT_EXPIRED: 401,
      EVENT_FROM_FUTURE: 401,
      EVENT_REPLAYED: 409,
      EVENT_DENIED: 403,
      PROVIDER_PENDING: 503,
      PROVIDER_UNAVAILABLE: 503,
      PROVIDER_REJECTED: 401,
      PROVIDER_AUTH_FAILED: 500,
      REPLAY_STORE_UNAVAILABLE: 503,
    });
  });

  it('is recognised by its code across copies of the package, not by instanceof', () => {
    const foreign = Object.assign(new Error('x'), { name: 'FingerprintGuardError', code: 'EVENT_DENIED' });
    expect(isFingerprintGuardError(foreign)).toBe(true);
    expect(isFingerprintGuardError(Object.assign(new Error('x'), { code: 'EVENT_DENIED' }))).toBe(false);
    expect(
      isFingerprintGuardError(Object.assign(new Error('x'), { name: 'FingerprintGuardError', code: 'toString' })),
    ).toBe(false);
    expect(isFingerprintGuardError({ name: 'FingerprintGuardError', code: 'EVENT_DENIED' })).toBe(false);
  });
});

describe('no secret or input ever shows in an error', () => {
  const raw = randomBytes(32);
  const encodings = (bytes: Buffer) => [
    bytes.toString('base64'),
    bytes.toString('hex'),
    bytes.toString('base64url'),
    bytes.toString('latin1'),
  ];

  it('for every unsealing failure, in message, JSON and util.inspect', async () => {
    const unsealer = createUnsealer({ keys: [raw.toString('base64')] });
    const foreignKey = randomBytes(32);
    const sealed = sealEvent(createEvent(), foreignKey);
    const bytes = Buffer.from(sealed, 'base64');
    const failures = [
      await expectGuardError(unsealer.unseal(sealed), 'SEALED_RESULT_DECRYPTION_FAILED'),
      await expectGuardError(unsealer.unseal(`${sealed.slice(0, 30)}*${sealed.slice(31)}`), 'SEALED_RESULT_MALFORMED'),
      await expectGuardError(
        unsealer.unseal(Buffer.concat([Buffer.from([1, 2, 3, 4]), bytes.subarray(4)])),
        'SEALED_RESULT_UNSUPPORTED_VERSION',
      ),
    ];
    for (const error of failures) {
      const views = [
        error.message,
        JSON.stringify(error),
        inspect(error, { depth: 10, showHidden: true }),
        String(error.stack),
      ];
      for (const secret of [...encodings(raw), ...encodings(foreignKey), sealed.slice(0, 40), sealed.slice(-40)]) {
        for (const view of views) expect(view).not.toContain(secret);
      }
    }
  });

  it('for a rejected key at construction', () => {
    const wrongLength = randomBytes(31);
    const error = expectConfigError(() => createUnsealer({ keys: [wrongLength.toString('base64')] }));
    for (const secret of encodings(wrongLength)) {
      expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
    }
  });
});

/** Test helpers: the official vectors from ../shared, and error assertions. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { isFingerprintGuardError, type FingerprintGuardError, type FingerprintGuardErrorCode } from '../src/index.js';

export {
  createEvent,
  createEventV3,
  createWebhookEventV3,
  toEventV3,
  createFakeCside,
  createFakeFingerprintApi,
  generateKey,
  sealEvent,
  sealPlaintext,
} from '@fingerprint-guard/testing';

/** `shared/` sits beside the clone; CI has it there too. Never copied into the repo. */
export const VECTORS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/vectors/fingerprint');
export const HAS_VECTORS = existsSync(VECTORS_DIR);

/** Fingerprint's own test key: non-canonical base64 (non-zero padding bits). */
export const FINGERPRINT_TEST_KEY = 'p2PA7MGy5tx56cnyJaFZMr96BCFwZeHjZV2EqMvTq53=';

export interface SealedVector {
  id: string;
  sealed: string;
  keys: string[];
  payloadShape?: 'v3' | 'v4';
  expectedFile?: string;
  expectError?: 'header' | 'decrypt' | 'inflate' | 'json' | 'validation';
}

export function loadSealedVectors(): SealedVector[] {
  if (!HAS_VECTORS) return [];
  return readdirSync(VECTORS_DIR)
    .filter((name) => name.endsWith('.json') && !name.endsWith('.expected.json'))
    .map((name) => JSON.parse(readFileSync(join(VECTORS_DIR, name), 'utf8')) as SealedVector & { sealed?: string })
    .filter((vector): vector is SealedVector => typeof vector.sealed === 'string');
}

export function readVectorFile(name: string): unknown {
  return JSON.parse(readFileSync(join(VECTORS_DIR, name), 'utf8'));
}

/** Resolves to the FingerprintGuardError the promise rejects with, after checking its code. */
export async function expectGuardError(promise: Promise<unknown>, code: FingerprintGuardErrorCode) {
  const error = await promise.then(
    () => expect.fail(`expected ${code}, but it resolved`),
    (reason: unknown) => reason,
  );
  expect(isFingerprintGuardError(error), `not a FingerprintGuardError: ${String(error)}`).toBe(true);
  expect(error).toMatchObject({ code });
  return error as FingerprintGuardError;
}

export function expectConfigError(build: () => unknown) {
  let thrown: unknown;
  try {
    build();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toMatchObject({ name: 'FingerprintGuardError', code: 'CONFIG_INVALID' });
  return thrown as Error;
}

import { createUnsealer as createNodeUnsealer } from '../src/index.js';
import { inflateWithPako } from '../src/sealed/inflate-pako.js';
import { createWebRuntime } from '../src/sealed/runtime-web.js';
import { createUnsealerFor } from '../src/sealed/unsealer.js';

/** Both unsealing runtimes, each run in Node here: the Node one, and the Web-standard one forced. */
export const UNSEALERS = [
  ['node (node:crypto + zlib)', createNodeUnsealer],
  ['web (WebCrypto + pako)', createUnsealerFor(createWebRuntime(inflateWithPako))],
] as const;

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';

const BIN = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const VECTORS = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/vectors/fingerprint');

function cli(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input: options.input ?? '',
    env: { PATH: process.env.PATH, ...options.env },
    encoding: 'utf8',
  });
  return { stdout: result.stdout, stderr: result.stderr, code: result.status };
}

describe('fingerprint-guard unseal', () => {
  const key = generateKey();
  const event = createEvent();
  const sealed = sealEvent(event, key);

  it('prints the event as JSON and which key matched, from an argument', () => {
    const result = cli(['unseal', '--key', generateKey(), '--key', key, sealed]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toStrictEqual(event);
    expect(result.stderr).toBe('Unsealed with key #2 of 2.\n');
  });

  it('reads the sealed result from standard input and the keys from FINGERPRINT_SEALED_KEYS', () => {
    const result = cli(['unseal'], { input: `${sealed}\n`, env: { FINGERPRINT_SEALED_KEYS: `${generateKey()},${key}` } });
    expect([result.code, JSON.parse(result.stdout).event_id]).toEqual([0, event.event_id]);
  });

  it('prints the error code and a one-line explanation, and exits 1, for a rejected result', () => {
    const result = cli(['unseal', '--key', generateKey(), sealed]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^SEALED_RESULT_DECRYPTION_FAILED: .+\n$/);
  });

  it('exits 2 with the help for a usage mistake, and never echoes a key', () => {
    const noKey = cli(['unseal', sealed]);
    expect([noKey.code, noKey.stderr]).toEqual([2, expect.stringContaining('No key')]);
    const badKey = 'c2hvcnQ=';
    const bad = cli(['unseal', '--key', badKey, sealed]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('CONFIG_INVALID');
    expect(bad.stderr).not.toContain(badKey);
    expect(cli(['unseal', '--nope']).code).toBe(2);
  });

  describe.skipIf(!existsSync(VECTORS))('on the official vectors', () => {
    const vector = (name: string) => JSON.parse(readFileSync(join(VECTORS, name), 'utf8'));

    it('unseals the v4 vectors exactly', () => {
      for (const name of ['v4-event-NLOjmg', 'v4-event-go-sdk-get_event_200']) {
        const { sealed: input, keys, expectedFile } = vector(`${name}.json`);
        const result = cli(['unseal', ...keys.flatMap((k: string) => ['--key', k]), input]);
        expect(result.code).toBe(0);
        expect(JSON.parse(result.stdout)).toStrictEqual(vector(expectedFile));
      }
    });

    it('says a v3 payload comes from a 3.x agent, and prints it with --payload', () => {
      const { sealed: input, keys, expectedFile } = vector('v3-event-Z5hutJ.json');
      const args = ['unseal', ...keys.flatMap((k: string) => ['--key', k]), input];
      expect(cli(args)).toMatchObject({ code: 1, stderr: expect.stringContaining('3.x JavaScript agent') });
      expect(JSON.parse(cli([...args, '--payload']).stdout)).toStrictEqual(vector(expectedFile));
    });

    it('reports each negative vector’s code', () => {
      const { sealed: input, keys } = vector('neg-bad-header-xz.json');
      expect(cli(['unseal', ...keys.flatMap((k: string) => ['--key', k]), input]).stderr).toMatch(/^SEALED_RESULT_UNSUPPORTED_VERSION: /);
    });
  });
});

describe('fingerprint-guard seal and keygen', () => {
  it('keygen prints a fresh 32-byte base64 key', () => {
    const [a, b] = [cli(['keygen']).stdout.trim(), cli(['keygen']).stdout.trim()];
    expect(Buffer.from(a, 'base64')).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('seal round-trips an event from a file and from standard input', () => {
    const key = generateKey();
    const event = createEvent();
    const file = join(mkdtempSync(join(tmpdir(), 'fpg-cli-')), 'event.json');
    writeFileSync(file, JSON.stringify(event));
    for (const sealed of [cli(['seal', file, '--key', key]).stdout.trim(), cli(['seal', '--key', key], { input: JSON.stringify(event) }).stdout.trim()]) {
      expect(JSON.parse(cli(['unseal', '--key', key, sealed]).stdout)).toStrictEqual(event);
    }
    const fresh = cli(['seal', '--fresh', '--key', key]).stdout.trim();
    expect(JSON.parse(cli(['unseal', '--key', key, fresh]).stdout).event_id).toMatch(/^\d{13}\.[A-Za-z0-9]{6}$/);
  });

  it('has --help for every command', () => {
    for (const command of ['unseal', 'seal', 'keygen']) {
      expect(cli([command, '--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining(`Usage: fingerprint-guard ${command}`) });
    }
    expect(cli(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Commands:') });
    expect(cli([]).code).toBe(2);
    expect(cli(['frobnicate']).code).toBe(2);
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEvent, generateKey, sealEvent } from '@fingerprint-guard/testing';

const BIN = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const VECTORS = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/vectors/fingerprint');

function cli(args: string[], options: { input?: string; env?: Record<string, string>; command?: string[] } = {}) {
  const [file, ...prefix] = options.command ?? [process.execPath, BIN];
  const result = spawnSync(file!, [...prefix, ...args], {
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
    expect(result.stderr).toBe('Unsealed a v4 event (agent 4.x) with key #2 of 2.\n');
  });

  it('reads the sealed result from standard input and the keys from FINGERPRINT_SEALED_KEYS', () => {
    const result = cli(['unseal'], {
      input: `${sealed}\n`,
      env: { FINGERPRINT_SEALED_KEYS: `${generateKey()},${key}` },
    });
    expect([result.code, JSON.parse(result.stdout).event_id]).toEqual([0, event.event_id]);
  });

  it('prints the error code and a one-line explanation, and exits 1, for a rejected result', () => {
    const result = cli(['unseal', '--key', generateKey(), sealed]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^SEALED_RESULT_DECRYPTION_FAILED: .+\n$/);
  });

  it('says the command line’s way what to do with a v3 payload: --payload, not the library’s unsealPayload()', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fpg-cli-')), 'v3.json');
    writeFileSync(file, JSON.stringify({ products: { identification: { data: { requestId: 'r-1' } } } }));
    const v3 = cli(['seal', file, '--key', key]).stdout.trim();
    const result = cli(['unseal', '--key', key, v3]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^SEALED_RESULT_INVALID_PAYLOAD: .*3\.x JavaScript agent.*with --payload\.\n$/);
    expect(result.stderr).not.toContain('unsealPayload');
    expect(JSON.parse(cli(['unseal', '--payload', '--key', key, v3]).stdout)).toHaveProperty('products');
  });

  it('says to repeat --key for several keys, never to pass an array, and never echoes them', () => {
    const other = generateKey();
    const result = cli(['unseal', '--key', `${key},${other}`, sealed]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      '--key takes one key: for several, repeat it (--key "$NEW_KEY" --key "$OLD_KEY").',
    );
    expect(result.stderr).not.toMatch(/array/);
    expect(result.stderr).not.toContain(key);
    expect(result.stderr).not.toContain(other);
    // The variable is the place for a comma-separated list.
    expect(cli(['unseal', sealed], { env: { FINGERPRINT_SEALED_KEYS: `${other},${key}` } }).code).toBe(0);
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

    it('unseals the v3 vectors (3.x agents) exactly, and says so', () => {
      for (const name of ['v3-event-Z5hutJ', 'v3-event-python-legacy']) {
        const { sealed: input, keys, expectedFile } = vector(`${name}.json`);
        const args = ['unseal', ...keys.flatMap((k: string) => ['--key', k]), input];
        const result = cli(args);
        expect(result).toMatchObject({
          code: 0,
          stderr: 'Unsealed a v3 { products } response (agent 3.x) with key #2 of 2.\n',
        });
        expect(JSON.parse(result.stdout)).toStrictEqual(vector(expectedFile));
        expect(cli([...args, '--payload'])).toMatchObject({ code: 0, stderr: 'Unsealed with key #2 of 2.\n' });
      }
    });

    it('reports each negative vector’s code', () => {
      const { sealed: input, keys } = vector('neg-bad-header-xz.json');
      expect(cli(['unseal', ...keys.flatMap((k: string) => ['--key', k]), input]).stderr).toMatch(
        /^SEALED_RESULT_UNSUPPORTED_VERSION: /,
      );
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
    for (const sealed of [
      cli(['seal', file, '--key', key]).stdout.trim(),
      cli(['seal', '--key', key], { input: JSON.stringify(event) }).stdout.trim(),
    ]) {
      expect(JSON.parse(cli(['unseal', '--key', key, sealed]).stdout)).toStrictEqual(event);
    }
    const fresh = cli(['seal', '--fresh', '--key', key]).stdout.trim();
    expect(JSON.parse(cli(['unseal', '--key', key, fresh]).stdout).event_id).toMatch(/^\d{13}\.[A-Za-z0-9]{6}$/);
  });

  it('seal’s usage says that --fresh replaces the event file, and that a key is needed either way', () => {
    const help = cli(['seal', '--help']).stdout;
    expect(help).toContain('Usage: fingerprint-guard seal [event.json | --fresh] [--key KEY]');
    expect(help).toMatch(/with --fresh too/);
    expect(cli(['seal', '--fresh'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^No key: pass --key KEY/),
    });
  });

  it('has --help for every command', () => {
    for (const command of ['unseal', 'seal', 'keygen']) {
      expect(cli([command, '--help'])).toMatchObject({
        code: 0,
        stdout: expect.stringContaining(`Usage: fingerprint-guard ${command}`),
      });
    }
    expect(cli(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Commands:') });
    expect(cli([]).code).toBe(2);
    expect(cli(['frobnicate']).code).toBe(2);
  });
});

describe('exit codes: 0 done, 1 rejected, 2 usage', () => {
  const key = generateKey();

  /** A usage mistake: nothing on standard output, the message then the command's help on standard error, exit 2. */
  function expectUsage(result: ReturnType<typeof cli>, message: RegExp | string, help = 'Usage: fingerprint-guard') {
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toMatch(message);
    expect(result.stderr).toContain(help);
  }

  it('answers an event file that does not exist or cannot be read with a sentence, not an errno, and exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fpg-cli-'));
    const missing = cli(['seal', join(dir, 'missing.json'), '--key', key]);
    expectUsage(
      missing,
      /^Cannot read the event file ".*missing\.json": no such file\.$/,
      'Usage: fingerprint-guard seal',
    );
    expect(missing.stderr).not.toMatch(/ENOENT|at .*\.js/);
    expectUsage(cli(['seal', dir, '--key', key]), /: it is a directory\.$/);
  });

  it('does not print a key given where the event file goes', () => {
    const result = cli(['seal', key], { env: { FINGERPRINT_SEALED_KEYS: generateKey() } });
    expectUsage(result, /looks like a key \(pass it with --key\)/);
    expect(result.stderr).not.toContain(key);
  });

  it('refuses an option the command does not take, naming it and the command', () => {
    expectUsage(
      cli(['keygen', '--payload']),
      'fingerprint-guard keygen does not take --payload (it takes no options).',
      'Usage: fingerprint-guard keygen',
    );
    expectUsage(cli(['keygen', '--key', key]), /^fingerprint-guard keygen does not take --key/);
    expectUsage(
      cli(['seal', '--payload', '--key', key]),
      'fingerprint-guard seal does not take --payload (its options: --key, --fresh).',
    );
    expectUsage(
      cli(['seal', '--max-payload-bytes', '10', '--key', key]),
      /^fingerprint-guard seal does not take --max-payload-bytes/,
    );
    expectUsage(cli(['unseal', '--fresh', '--key', key, 'x']), /^fingerprint-guard unseal does not take --fresh/);
    expectUsage(cli(['unseal', '--nope']), /^Unknown option --nope /);
    expectUsage(cli(['keygen', '-x']), /^Unknown option -x /);
  });

  it('refuses arguments a command does not take, without echoing them', () => {
    expectUsage(cli(['keygen', 'extra']), 'fingerprint-guard keygen takes no arguments; it was given 1 argument.');
    const twice = cli(['unseal', key, sealEvent(createEvent(), key)]);
    expectUsage(twice, 'fingerprint-guard unseal takes one sealed result; it was given 2 arguments.');
    expect(twice.stderr).not.toContain(key);
    expectUsage(cli(['seal', 'a.json', 'b.json', '--key', key]), /^fingerprint-guard seal takes one event file/);
    expectUsage(
      cli(['seal', '--fresh', 'event.json', '--key', key]),
      /^--fresh seals a new event: give it no event file\.$/,
    );
  });

  it('refuses a missing, doubled or misplaced option value', () => {
    expectUsage(cli(['unseal', '--key']), /^--key needs a value/);
    expectUsage(cli(['unseal', '--key', '--payload', 'x']), /^--key needs a value/);
    expectUsage(cli(['seal', '--fresh=yes', '--key', key]), '--fresh takes no value.');
    expectUsage(
      cli(['seal', '--fresh', '--key', key, '--key', generateKey()]),
      '--key is taken once by fingerprint-guard seal.',
    );
    for (const bytes of ['abc', '0', '1.5', '-1']) {
      expectUsage(
        cli(['unseal', `--max-payload-bytes=${bytes}`, '--key', key, 'x']),
        '--max-payload-bytes must be a whole number of bytes, 1 or more.',
      );
    }
  });

  it('answers an unknown command or none with the main help on standard error, exit 2', () => {
    expectUsage(cli(['frobnicate']), 'Unknown command "frobnicate".', 'Commands:');
    expectUsage(cli([]), 'No command.', 'Commands:');
    expect(cli(['--help']).stdout).toContain('Exit codes: 0 done; 1 rejected');
  });

  it('keeps 1 for a sealed result that does not unseal, and 0 with --max-payload-bytes that fits', () => {
    const sealed = sealEvent(createEvent(), key);
    expect(cli(['unseal', '--key', key, '--max-payload-bytes', '100000', sealed]).code).toBe(0);
    expect(cli(['unseal', '--key', key, '--max-payload-bytes=10', sealed])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^SEALED_RESULT_TOO_LARGE: /),
    });
    expect(cli(['unseal', '--key', key, 'not a sealed result'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^SEALED_RESULT_MALFORMED: /),
    });
    expect(cli(['unseal', '--key', key, '--', sealed]).code).toBe(0);
  });
});

describe('in the repository', () => {
  const shim = join(ROOT, 'node_modules/.bin/fingerprint-guard');

  it('is linked at the root (`pnpm fingerprint-guard …` there), through a launcher that exists before the build', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(manifest.devDependencies['@fingerprint-guard/cli']).toBe('workspace:*');
    expect(existsSync(shim)).toBe(true);
    const key = generateKey();
    const sealed = cli(['seal', '--fresh', '--key', key], { command: [shim] });
    expect(sealed.code).toBe(0);
    expect(cli(['unseal', '--key', key, sealed.stdout.trim()], { command: [shim] })).toMatchObject({
      code: 0,
      stderr: 'Unsealed a v4 event (agent 4.x) with key #1 of 1.\n',
    });
    expect(cli(['keygen', '--payload'], { command: [shim] }).code).toBe(2);
  });
});

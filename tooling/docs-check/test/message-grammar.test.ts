// "not a undefined", "a application/json": every message the packages can write is checked for its
// articles. The source of every package is read (string and template literals), and the messages
// that put a value into their text are produced by the built packages and read as users see them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFingerprintGuard, createUnsealer } from '@fingerprint-guard/core';
import { describe, expect, it } from 'vitest';
import { articleMistakes, messageTexts } from './articles.js';

const PACKAGES = fileURLToPath(new URL('../../../packages/', import.meta.url));

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (path.endsWith('.ts') && !path.endsWith('.test.ts')) yield path;
  }
}

const sources = readdirSync(PACKAGES)
  .map((name) => join(PACKAGES, name, 'src'))
  .filter((src) => statSync(src, { throwIfNoEntry: false })?.isDirectory())
  .flatMap((src) => [...sourceFiles(src)]);

/** The message of what `run` throws or rejects with. */
async function messageOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('it did not throw');
}

describe('the article checker', () => {
  it('finds the mistakes it is for, and passes what is right', () => {
    expect(articleMistakes('keys must be strings, not a undefined.')).toEqual(['a undefined.']);
    expect(articleMistakes('a application/json body')).toEqual(['a application/json']);
    expect(articleMistakes('an bot, an sealed result, a HTTP answer, an URL, a http(s) URL')).toHaveLength(5);
    expect(articleMistakes('a request with a «value» body')).toEqual(['a «value» (an article before a value)']);
    expect(
      articleMistakes(
        'an HTTP answer, an SDK, a URL, a user, an hour, an `event_id`, a Uint8Array, an 8-byte tag, a 32-byte key, a NUL byte, A key, An error, an http(s) URL, a hostname',
      ),
    ).toEqual([]);
  });
});

describe('every message of the packages', () => {
  it('has the right article everywhere in the sources', () => {
    expect(sources.length).toBeGreaterThan(80);
    const mistakes = sources.flatMap((file) =>
      messageTexts(file, readFileSync(file, 'utf8')).flatMap((text) =>
        articleMistakes(text).map((mistake) => `${relative(PACKAGES, file)}: ${mistake}`),
      ),
    );
    expect(mistakes).toEqual([]);
  });

  it('reads right with the values put into it: a key of each wrong type', async () => {
    for (const key of [undefined, null, 42, true, 10n, Symbol('key'), () => 'key', {}, []]) {
      const message = await messageOf(() => createUnsealer({ keys: [key as string] }));
      expect(articleMistakes(message), message).toEqual([]);
      expect(message).toMatch(/, not (undefined|null|an? \w+)\.$/);
    }
  });

  it('reads right with the values put into it: a body no parser read', async () => {
    const warnings: string[] = [];
    const guard = createFingerprintGuard({
      fingerprint: { keys: [Buffer.alloc(32).toString('base64')] },
      logger: { warn: (message: string) => warnings.push(message), error: () => {} },
    });
    for (const type of ['application/json', 'application/x-www-form-urlencoded']) {
      const error = await messageOf(() => guard.verify({ headers: { 'content-type': type, 'content-length': '9' } }));
      expect(error).toMatch(/no credential/);
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('(application/json)');
    expect(articleMistakes(warnings[0]!)).toEqual([]);
  });
});

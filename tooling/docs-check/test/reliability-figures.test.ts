// The figures the READMEs quote from RELIABILITY.md (fuzz sizes, hostile requests, fault scenarios,
// soak lengths and request counts, the CI sizes, the secret scan, the memory store's cost), read
// from RELIABILITY.md itself: a rerun that changes a figure fails here until every quote follows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const reliability = read('RELIABILITY.md');

/** The one value `pattern` captures in RELIABILITY.md. */
function source(pattern: RegExp): string {
  const found = reliability.match(pattern);
  if (!found) throw new Error(`RELIABILITY.md no longer says ${pattern}`);
  return found[1]!;
}

/** The memory store's cost at the end of the soak: keys held, and its live heap over the Redis run's. */
function memoryStoreAtEnd(): { keys: string; heapAboveRedisMb: string } {
  const rows = [...reliability.matchAll(/^\| (\d+) s \| \d+ \| (\d+) \| ([\d,]+) \| [\d,]+ \| \d+ \| (\d+) \|$/gm)];
  const last = rows.at(-1);
  if (!last) throw new Error('RELIABILITY.md has no soak memory table');
  return { keys: last[3]!, heapAboveRedisMb: String(Number(last[2]) - Number(last[4])) };
}

interface Figure {
  name: string;
  value: () => string;
  /** Where it is quoted, and the pattern that captures each quote. */
  quotes: Array<[file: string, pattern: RegExp]>;
}

const FIGURES: Figure[] = [
  {
    name: 'sealed results fuzzed',
    value: () => source(/^\| sealed results fuzzed \| ([\d,]+) in /m),
    quotes: [
      ['README.md', /([\d,]+) fuzzed\s+sealed results/g],
      ['tooling/reliability/README.md', /`FUZZ_INPUTS` \(([\d,]+)\)/g],
    ],
  },
  {
    name: 'request shapes fuzzed',
    value: () => source(/^\| request shapes fuzzed [^|]*\| ([\d,]+) in /m),
    quotes: [
      ['README.md', /([\d,]+) hostile\s+request shapes/g],
      ['tooling/reliability/README.md', /`GUARD_FUZZ_INPUTS` \(([\d,]+)\)/g],
    ],
  },
  {
    name: 'hostile HTTP requests',
    value: () => source(/^\| hostile HTTP requests \| ([\d,]+) \(/m),
    quotes: [['README.md', /([\d,]+)\s+hostile HTTP requests/g]],
  },
  {
    name: 'kinds of hostile HTTP request',
    value: () => source(/^\| hostile HTTP requests \| [\d,]+ \((\d+) kinds/m),
    quotes: [
      ['README.md', /hostile HTTP requests \((\d+) kinds/g],
      ['tooling/reliability/README.md', /(\d+) kinds of hostile raw HTTP/g],
    ],
  },
  {
    name: 'provider fault scenarios',
    value: () => source(/^\| provider fault scenarios \| (\d+),/m),
    quotes: [['README.md', /(\d+) provider fault scenarios/g]],
  },
  {
    name: 'soak length per store',
    value: () => source(/^\| soak \| (\d+) s per store,/m),
    quotes: [
      ['README.md', /(\d+)-second soaks\s+per store/g],
      ['tooling/reliability/README.md', /`SOAK_SECONDS` \((\d+)\)/g],
    ],
  },
  {
    name: 'soak requests',
    value: () => source(/^\| soak \| \d+ s per store, ([\d,]+) requests/m),
    quotes: [['README.md', /\(([\d,]+) requests in all\)/g]],
  },
  {
    name: 'fuzzed inputs in CI',
    value: () => source(/: ([\d,]+ \+ [\d,]+) fuzzed inputs, the same hostile/),
    quotes: [
      ['README.md', /([\d,]+ \+ [\d,]+) fuzzed inputs/g],
      ['tooling/reliability/README.md', /\| ([\d,]+ \+ [\d,]+) inputs \|/g],
      ['tooling/reliability/test/reliability.test.ts', /bounded: ([\d,]+ \+ [\d,]+) inputs/g],
    ],
  },
  {
    name: 'soak length in CI',
    value: () => source(/and fault runs, (\d+)-second soaks\)/),
    quotes: [
      ['README.md', /fuzzed inputs, (\d+)-second soaks/g],
      ['tooling/reliability/README.md', /\| (\d+) s each \|/g],
      ['tooling/reliability/test/reliability.test.ts', /soak \(bounded: (\d+) s\)/g],
    ],
  },
  {
    name: 'secret scan hits',
    value: () => source(/^\| secret scan \| [^|]*\*\*(\d+) hits\*\*/m),
    quotes: [['README.md', /everything the system said with (\d+) hits/g]],
  },
  {
    name: 'memory store keys at the end of the soak',
    value: () => memoryStoreAtEnd().keys,
    quotes: [['packages/core/README.md', /with ([\d,]+) keys held at the end of the soak/g]],
  },
  {
    name: 'memory store live heap over the Redis run',
    value: () => memoryStoreAtEnd().heapAboveRedisMb,
    quotes: [['packages/core/README.md', /the\s+live heap stood (\d+) MB above the same soak on the Redis store/g]],
  },
];

describe('the figures quoted from RELIABILITY.md', () => {
  it('are in RELIABILITY.md, and its hostile-HTTP table has a row per kind of request', () => {
    for (const figure of FIGURES) expect(figure.value(), figure.name).toMatch(/^[\d,+ ]+$/);
    const hostile = reliability.slice(
      reliability.indexOf('## Hostile HTTP'),
      reliability.indexOf('\n## ', reliability.indexOf('## Hostile HTTP') + 1),
    );
    const rows = hostile
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| request') && !line.startsWith('|---'));
    expect(String(rows.length)).toBe(FIGURES.find(({ name }) => name === 'kinds of hostile HTTP request')!.value());
  });

  it.each(FIGURES.map((figure) => [figure.name, figure] as const))(
    '%s: every quote says what RELIABILITY.md says',
    (_, figure) => {
      const expected = figure.value();
      for (const [file, pattern] of figure.quotes) {
        const quoted = [...read(file).matchAll(pattern)].map((match) => match[1]);
        expect(quoted.length, `${file} no longer quotes ${figure.name} (${pattern})`).toBeGreaterThan(0);
        expect(quoted, `${file} quotes ${figure.name}`).toEqual(quoted.map(() => expected));
      }
    },
  );
});

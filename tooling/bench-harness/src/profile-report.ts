// Where a bench child's CPU went, per request: each function's inclusive and own (self) time from a
// `.cpuprofile`, divided by the requests it served. Functions in a bundle with a source map beside it
// (Next's server chunks, which bundle and minify our packages) are named by their original source and
// line. Inclusive time counts each sample once per function, so a function that calls itself is not
// counted twice. Profile a run first:
//   ADAPTERS=next VARIANTS=floor-checked,guard ROUNDS=61 PROCESSES=1 \
//     CHILD_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof --cpu-prof-interval=50' pnpm bench:inproc
// (a profiled run's figures are the profiler's as much as the code's: discard the RESULTS.md it writes),
// then: pnpm --filter @fingerprint-guard/bench-harness profile-report /tmp/prof/<largest>.cpuprofile <requests per variant> [name filter]
// (requests per variant: 3,000 warm-up + ROUNDS × REQUESTS; the filter is a regular expression; TOP=40
// rows by default). The process serves every variant, so a function they all run (the framework's,
// inflate, JSON.parse) is divided by one variant's requests for the work of all: compare functions
// that one variant alone runs (the guard's, the floor's).
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  startTime: number;
  endTime: number;
}

const [path, requestsArg, filter = '.'] = process.argv.slice(2);
if (!path || !requestsArg) {
  console.error('usage: tsx src/profile-report.ts <file.cpuprofile> <requests per variant> [name filter]');
  process.exit(2);
}
const requests = Number(requestsArg);
if (!(requests > 0)) {
  console.error(`requests per variant must be a positive number, not ${requestsArg}`);
  process.exit(2);
}
const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;

const sourceMaps = new Map<string, SourceMap | undefined>();
/** The source map beside a bundle (`<file>.map`), if there is one. */
function sourceMapOf(url: string): SourceMap | undefined {
  if (!sourceMaps.has(url)) {
    let map: SourceMap | undefined;
    try {
      const file = url.startsWith('file:') ? fileURLToPath(url) : url;
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = undefined;
    }
    sourceMaps.set(url, map);
  }
  return sourceMaps.get(url);
}

const lastParts = (file: string) => file.split('/').slice(-3).join('/');

/** A function's name and place: the original ones where a source map says. */
function nameOf({ callFrame }: ProfileNode): string {
  const { functionName, url, lineNumber, columnNumber } = callFrame;
  const map = url.includes('/.next/') && lineNumber >= 0 ? sourceMapOf(url) : undefined;
  const entry = map?.findEntry(lineNumber, columnNumber) as
    | { name?: string; originalSource?: string; originalLine?: number }
    | undefined;
  if (entry?.originalSource) {
    return `${entry.name || functionName || '(anonymous)'} ${lastParts(entry.originalSource)}:${(entry.originalLine ?? 0) + 1}`;
  }
  return `${functionName || '(anonymous)'} ${lastParts(url)}:${lineNumber + 1}`;
}

const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const names = new Map(profile.nodes.map((node) => [node.id, nameOf(node)]));

const samplesAt = new Map<number, number>();
for (const id of profile.samples) samplesAt.set(id, (samplesAt.get(id) ?? 0) + 1);
const inclusive = new Map<string, number>();
const own = new Map<string, number>();
for (const [leaf, count] of samplesAt) {
  own.set(names.get(leaf)!, (own.get(names.get(leaf)!) ?? 0) + count);
  const counted = new Set<string>();
  for (let id: number | undefined = leaf; id !== undefined; id = parentOf.get(id)) {
    const name = names.get(id)!;
    if (counted.has(name)) continue;
    counted.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + count);
  }
}

// Microseconds per request of one sample.
const sampleUs = (profile.endTime - profile.startTime) / profile.samples.length / requests;
const pattern = new RegExp(filter);
const rows = [...inclusive].filter(([name]) => pattern.test(name)).sort((a, b) => b[1] - a[1]);
console.log('µs/request inclusive | own | function');
for (const [name, count] of rows.slice(0, Number(process.env.TOP ?? 40))) {
  const ownUs = (own.get(name) ?? 0) * sampleUs;
  console.log(`${(count * sampleUs).toFixed(2).padStart(10)} | ${ownUs.toFixed(2).padStart(7)} | ${name}`);
}

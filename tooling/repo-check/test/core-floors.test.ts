// Core's rooms by role, held to their floors: a module may import (at run time) only from a room
// on a lower floor or its own. Type-only imports are free: they leave nothing at run time. The
// floors are docs/architecture.md's; this test is what keeps them true.
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeFiles, read, root } from './workspace.js';

/** Lowest first. `base` is the files directly in src/ (errors, durations, the logger type…). */
const FLOORS: ReadonlyArray<readonly string[]> = [
  ['base', 'event', 'schema'],
  ['result', 'http', 'replay', 'sealed', 'observe', 'client-ip'],
  ['platform', 'server-api'],
  ['fingerprint', 'cside', 'edge'],
  ['guard', 'webhook'],
  ['options'],
  ['engine'],
  ['adapter'],
  ['index'],
  ['bundle'],
];
const FLOOR = new Map(FLOORS.flatMap((rooms, floor) => rooms.map((room) => [room, floor] as const)));
const SRC = 'packages/core/src';

function roomOf(path: string): string {
  const inside = path.slice(SRC.length + 1);
  if (inside === 'index.ts') return 'index';
  if (inside === 'node-bundle.ts') return 'bundle';
  return inside.includes('/') ? inside.split('/')[0]! : 'base';
}

/** Relative imports and re-exports of `path` that bring a value (not only types). */
function valueImports(path: string): string[] {
  const targets: string[] = [];
  const statements = read(path).matchAll(/^(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s+'(\.{1,2}\/[^']+)'/gms);
  for (const [, typeOnly, names, spec] of statements) {
    if (typeOnly) continue;
    const braces = /^\{([^}]*)\}$/.exec(names!.trim());
    if (braces && braces[1]!.split(',').every((name) => name.trim() === '' || name.trim().startsWith('type ')))
      continue;
    targets.push(
      relative(root, join(root, dirname(path), spec!))
        .split(sep)
        .join('/')
        .replace(/\.js$/, '.ts'),
    );
  }
  return targets;
}

describe('core’s rooms', () => {
  const files = [...codeFiles('packages/core')].filter((path) => path.startsWith(`${SRC}/`));

  it('each room of src/ has a floor', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.map(roomOf).filter((room) => !FLOOR.has(room))).toEqual([]);
  });

  it('import at run time only from their own floor or below', () => {
    const upward = files.flatMap((path) =>
      valueImports(path)
        .filter((target) => FLOOR.get(roomOf(target))! > FLOOR.get(roomOf(path))!)
        .map((target) => `${path} -> ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it('finds an upward import (the check can fail)', () => {
    expect(valueImports(`${SRC}/engine/engine.ts`).some((target) => roomOf(target) === 'options')).toBe(true);
    expect(FLOOR.get('options')! > FLOOR.get('guard')!).toBe(true);
  });
});

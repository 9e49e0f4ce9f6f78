// A module resolve hook (see from-source.js): `@fingerprint-guard/<name>[/<entry>]` resolves to
// that workspace package's TypeScript source instead of its build, `dist/`.
import { existsSync } from 'node:fs';

const PACKAGES = new URL('../../../packages/', import.meta.url);
const SCOPE = '@fingerprint-guard/';

/** `core` → packages/core/src/index.ts; `core/adapter` → src/adapter.ts or src/adapter/index.ts. */
function sourceOf(specifier) {
  const [name, ...entry] = specifier.slice(SCOPE.length).split('/');
  const src = new URL(`${name}/src/`, PACKAGES);
  const path = entry.join('/');
  const candidates = path === '' ? ['index.ts'] : [`${path}.ts`, `${path}/index.ts`];
  return candidates.map((file) => new URL(file, src)).find((url) => existsSync(url));
}

export async function resolve(specifier, context, nextResolve) {
  const source = specifier.startsWith(SCOPE) ? sourceOf(specifier) : undefined;
  return nextResolve(source?.href ?? specifier, context);
}

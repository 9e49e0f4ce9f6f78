// After tsup: the CommonJS and ESM entry points over the one CommonJS bundle, and their declarations.
// dist/index.cjs and dist/adapter.cjs are each a namespace of dist/bundle.cjs (src/node-bundle.ts).
// dist/index.js takes the CommonJS module as its default import (what Node, webpack and
// Turbopack all allow from ESM) and exports each of its names, listed here from the built module.
// The declarations of `import` and `require` are one copy: index.d.ts is index.d.cts, whose
// imports name the CommonJS declaration chunk, which an ES module may import.
import { copyFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dist = new URL('../dist/', import.meta.url);

for (const entry of ['index', 'adapter']) {
  const commonJs = [
    `// The CommonJS entry point: the ${entry} namespace of the one bundle, so that one copy of core runs in a process.`,
    "'use strict';",
    `module.exports = require('./bundle.cjs').${entry};`,
    '',
  ].join('\n');
  writeFileSync(new URL(`${entry}.cjs`, dist), commonJs);
  const names = Object.keys(require(new URL(`${entry}.cjs`, dist).pathname)).filter((name) => name !== '__esModule');
  if (names.length === 0) throw new Error(`dist/${entry}.cjs exports nothing`);
  const source = [
    `// The ES module entry point: the CommonJS build's ${entry}.cjs, so that one copy of core runs in a process.`,
    `import core from './${entry}.cjs';`,
    '',
    `export const { ${names.join(', ')} } = core;`,
    '',
  ].join('\n');
  writeFileSync(new URL(`${entry}.js`, dist), source);
  copyFileSync(new URL(`${entry}.d.cts`, dist), new URL(`${entry}.d.ts`, dist));
}

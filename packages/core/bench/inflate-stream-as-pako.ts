// Swapped in for src/sealed/inflate-pako.ts when the benchmark bundles the DecompressionStream variant for workerd.
export { inflateWithStream as inflateWithPako } from './inflate-stream.js';

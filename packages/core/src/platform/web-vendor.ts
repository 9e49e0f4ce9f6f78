/**
 * The third-party code of the Web build, built minified on its own into dist/web/vendor.js (the
 * rest of the Web build imports it from there and stays readable). The default export is
 * secure-json-parse's, as src/sealed/payload.ts imports it.
 */
export { default } from 'secure-json-parse';
export { Inflate } from 'pako';
export { hmac } from '@noble/hashes/hmac';
export { sha256 } from '@noble/hashes/sha2';

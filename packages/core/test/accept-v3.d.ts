// Core's tests run guards and webhook receivers with `formats: ['v4', 'v3']`, so they declare v3
// for the types as an app would. The v4-only types are checked by docs-check, as users see them.
export {};

declare module '../src/index.js' {
  interface AcceptedFingerprintFormats {
    v3: true;
  }
}

// Core's tests run guards with `fingerprint.edge`, so they declare edge for the types as an app
// would. The types of an app that does not are checked by docs-check, as users see them.
export {};

declare module '../src/index.js' {
  interface AcceptedFingerprintFormats {
    edge: true;
  }
}

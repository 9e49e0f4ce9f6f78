/** @fingerprint-guard/testing: seal events with your own key and build realistic ones, offline. */
export { generateKey, sealEvent, sealPlaintext } from './seal.js';
export { createEvent, createEventId, createVisitorId } from './event.js';

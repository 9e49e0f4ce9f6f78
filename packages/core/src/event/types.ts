/** The Fingerprint v4 Event, every type of it: this file re-exports the per-area modules. */
export type * from './common.js';
export type * from './identification.js';
export type * from './platform.js';
export type * from './rules.js';
export type * from './bot.js';
export type * from './network.js';
export type * from './device.js';
export type * from './raw-device-attributes.js';
export type * from './event.js';

/** The Fingerprint events, every type of them: the v4 Event by area, and the v3 formats. */
export type * from './common.js';
export type * from './identification.js';
export type * from './platform.js';
export type * from './rules.js';
export type * from './bot.js';
export type * from './network.js';
export type * from './edge.js';
export type * from './device.js';
export type * from './raw-device-attributes.js';
export type * from './event.js';
export type * from './v3/index.js';

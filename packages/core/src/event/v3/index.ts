/** The v3 formats, every type of them: 3.x agents' sealed results, the v3 Server API, legacy webhooks. */
export type * from './identification.js';
export type * from './products.js';
export type * from './webhook.js';

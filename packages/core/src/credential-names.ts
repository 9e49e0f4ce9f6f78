/** Where each credential travels: its header and its body field (the names are part of the public contract). */
export const SEALED_RESULT_HEADER = 'fingerprint-sealed-result';
export const SEALED_RESULT_FIELD = 'sealed_result';
export const CSIDE_TOKEN_HEADER = 'cside-token';
export const CSIDE_TOKEN_FIELD = 'cside_token';
export const EVENT_ID_HEADER = 'fingerprint-event-id';
export const EVENT_ID_FIELD = 'event_id';

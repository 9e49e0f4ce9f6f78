/** Parses the inflated JSON without prototype pollution and checks that it is a v4 event. */
import secureJson from 'secure-json-parse';
import { FingerprintGuardError } from '../errors.js';
import type { FingerprintEvent } from '../event/types.js';

/**
 * True when the text could hold a `__proto__` key or a `constructor.prototype` pair. Both
 * contain `proto` when spelled out; spelled with escapes, they contain `\u00`. Two substring
 * searches cost a fraction of secure-json-parse's own scan (searching for `__proto__` itself is
 * slow: every snake_case key has underscores).
 */
function mayHavePrototypeKeys(text: string): boolean {
  return text.includes('proto') || text.includes('\\u00');
}

/**
 * The event carries browser-chosen data (`tags`, `linked_id`), so a `__proto__` key or a
 * `constructor.prototype` pair is dropped at parse time: a later merge of the event cannot
 * turn it into a prototype. Ordinary events cost one JSON.parse; only suspicious text takes
 * secure-json-parse's slower path.
 */
export function parsePayload(text: string, source = 'The sealed result'): unknown {
  try {
    if (!mayHavePrototypeKeys(text)) return JSON.parse(text);
    return secureJson.parse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' });
  } catch (error) {
    throw new FingerprintGuardError('SEALED_RESULT_INVALID_PAYLOAD', `${source} does not hold valid JSON.`, {
      cause: error,
    });
  }
}

/**
 * Parses a v4 event from JSON text (a webhook body, a stored event) the way the unsealer does:
 * prototype keys dropped, `event_id` and `timestamp` required. Throws `SEALED_RESULT_INVALID_PAYLOAD`.
 */
export function parseFingerprintEvent(text: string, source = 'The payload'): FingerprintEvent {
  return toFingerprintEvent(parsePayload(text, source), source);
}

/** Accepts a parsed payload as a v4 event, or says why it is not one. */
export function toFingerprintEvent(payload: unknown, source = 'The sealed result'): FingerprintEvent {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw invalidPayload(`${source} holds JSON that is not an object.`);
  }
  const { event_id: eventId, timestamp } = payload as Record<string, unknown>;
  if (typeof eventId === 'string' && eventId !== '' && typeof timestamp === 'number' && Number.isFinite(timestamp)) {
    return payload as FingerprintEvent;
  }
  if ('products' in payload) {
    throw invalidPayload(
      `${source} holds a v3 \`{ products }\` response from a 3.x JavaScript agent, and only v4 events are ` +
        "accepted here: accept v3 with `formats: ['v4', 'v3']` (a guard's `fingerprint.formats`), " +
        'or read it with `unsealer.unsealAnyFormat()`.',
    );
  }
  throw invalidPayload(`${source} is not a v4 event: \`event_id\` (string) and \`timestamp\` (number) are required.`);
}

function invalidPayload(message: string): FingerprintGuardError {
  return new FingerprintGuardError('SEALED_RESULT_INVALID_PAYLOAD', message);
}

/** A ruleset's block action as a response safe to send: an error status, headers that cannot split or reframe it, a bounded body. */
import type { EventRuleActionBlock } from '../event/rules.js';

/** A denial as adapters send it: the status, headers in order (lower-case names, each once but `set-cookie`), and the body. */
export interface DenialResponse {
  status: number;
  headers: Array<[name: string, value: string]>;
  body: string;
}

/** The largest block body answered, in UTF-8 bytes; past it the JSON denial is answered instead. */
export const MAX_BLOCK_BODY_BYTES = 65_536;
/** The most headers taken from one action, and their largest total size (names and values, bytes). */
const MAX_HEADERS = 32;
const MAX_HEADER_BYTES = 8_192;

/** An HTTP field name (RFC 9110 `token`). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Visible ASCII, spaces and tabs: no CR, LF or NUL (no response splitting), nothing a runtime re-encodes. */
const FIELD_VALUE = /^[\t\x20-\x7e]*$/;
/** Headers that frame the message or the connection: the server sets them, never a rule. */
const SERVER_OWNED = new Set([
  'connection',
  'content-length',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** The response to send, when the action's status and body can be sent; and what was not taken from it. */
export interface CheckedBlock {
  response?: DenialResponse;
  problems: string[];
}

/**
 * The response `action` asks for. Its status must be a whole number from 400 to 599 and its body
 * (absent: empty) a string of at most 64 KiB, else there is no response (the guard answers its
 * JSON denial, 403). A header is dropped, and the others kept, when its name is not an HTTP
 * token, its value holds anything but visible ASCII, spaces and tabs, it frames the message
 * (`content-length`, `transfer-encoding`, `connection`, …), or it passes 32 headers or 8 KiB.
 * Names are lower-cased, and a repeated one is sent once with its values joined by `, `, except
 * `set-cookie`, which is kept (repeated), as Fingerprint's own Cloudflare worker keeps it.
 * Without a `content-type`, a body is `text/plain; charset=utf-8`.
 */
export function checkBlockAction(action: EventRuleActionBlock): CheckedBlock {
  const problems: string[] = [];
  const status = action.status_code;
  const statusOk = Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599;
  if (!statusOk) problems.push(`status_code ${describe(status)} is not an error status (400 to 599)`);
  const body: unknown = action.body ?? '';
  const bodyOk = typeof body === 'string' && fitsBody(body);
  if (!bodyOk) problems.push(`body is not a string of at most ${MAX_BLOCK_BODY_BYTES} bytes`);
  const headers = checkHeaders(action.headers, problems);
  if (!statusOk || !bodyOk) return { problems };
  if (body !== '' && !headers.some(([name]) => name === 'content-type'))
    headers.push(['content-type', 'text/plain; charset=utf-8']);
  return { response: { status: status as number, headers, body: body as string }, problems };
}

function checkHeaders(headers: unknown, problems: string[]): Array<[string, string]> {
  if (headers === undefined) return [];
  if (!Array.isArray(headers)) {
    problems.push('headers is not a list');
    return [];
  }
  const kept: Array<[string, string]> = [];
  let bytes = 0;
  for (const [index, field] of headers.entries()) {
    const { name, value } = (field ?? {}) as { name?: unknown; value?: unknown };
    const which = typeof name === 'string' && TOKEN.test(name) ? `header '${name}'` : `header ${index}`;
    if (typeof name !== 'string' || !TOKEN.test(name)) problems.push(`${which} has a name that is not an HTTP token`);
    else if (typeof value !== 'string' || !FIELD_VALUE.test(value))
      problems.push(`${which} has a value with characters other than visible ASCII, spaces and tabs`);
    else if (SERVER_OWNED.has(name.toLowerCase())) problems.push(`${which} frames the message: the server sets it`);
    else if (kept.length === MAX_HEADERS || bytes + name.length + value.length > MAX_HEADER_BYTES)
      problems.push(`${which} passes the limit of ${MAX_HEADERS} headers or ${MAX_HEADER_BYTES} bytes`);
    else {
      keep(kept, name.toLowerCase(), value.trim());
      bytes += name.length + value.length;
    }
  }
  return kept;
}

/** Adds a header; a repeated name joins the first's value with `, ` (as Web `Headers` does), except `set-cookie`. */
function keep(kept: Array<[string, string]>, name: string, value: string): void {
  const first = name === 'set-cookie' ? undefined : kept.find(([kept]) => kept === name);
  if (first === undefined) kept.push([name, value]);
  else first[1] = `${first[1]}, ${value}`;
}

function describe(value: unknown): string {
  return typeof value === 'number' ? String(value) : value === undefined ? '(none)' : `of type ${typeof value}`;
}

/** At most MAX_BLOCK_BODY_BYTES in UTF-8, encoded only when its length alone does not settle it. */
function fitsBody(text: string): boolean {
  if (text.length * 3 <= MAX_BLOCK_BODY_BYTES) return true;
  return text.length <= MAX_BLOCK_BODY_BYTES && new TextEncoder().encode(text).byteLength <= MAX_BLOCK_BODY_BYTES;
}

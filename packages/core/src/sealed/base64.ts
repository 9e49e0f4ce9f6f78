/** The structural half of strict base64, shared by every runtime's decoder. */

/**
 * How many bytes `text` must decode to if it is strict standard base64 (optional padding, no
 * URL-safe characters), or `undefined` when its shape already rules that out. A decoder that
 * skips or stops at bad characters then yields fewer bytes, which is how the runtimes' decoders
 * detect them without a pass of their own.
 */
export function expectedDecodedLength(text: string): number | undefined {
  let padding = 0;
  while (padding < 2 && text.charCodeAt(text.length - 1 - padding) === 0x3d /* = */) padding++;
  if (padding > 0 && text.length % 4 !== 0) return undefined;
  const significant = text.length - padding;
  if (significant % 4 === 1) return undefined;
  if (text.includes('-') || text.includes('_')) return undefined;
  return Math.floor((significant * 3) / 4);
}

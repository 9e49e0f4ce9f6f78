/** Reads a request header whether the framework gives Node's header object or Web `Headers`. */
import type { GuardRequest } from './guard/types.js';

export function readHeader(headers: GuardRequest['headers'], name: string): string | string[] | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  return (headers as Record<string, string | string[] | undefined>)[name];
}

/** Masks credentials that driver and network errors may quote, before a message reaches a log. */

/** `scheme://user:password@` → `scheme://user:***@`; `password=secret` → `password=***`. */
export function maskCredentials(text: string): string {
  return text.replace(/(\/\/[^\s/:@]*:)\S*@/g, '$1***@').replace(/(password\s*=\s*)('[^']*'|[^\s'",;)]+)/gi, '$1***');
}

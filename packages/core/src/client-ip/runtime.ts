/** What the presets ask of the runtime they run on: an environment variable, and whether it is Cloudflare Workers. */

/** An environment variable of the process (Node, Bun, Deno with `process`, Vercel's Edge runtime), or `undefined`. */
export function environmentVariable(name: string): string | undefined {
  try {
    const value = (globalThis as { process?: { env?: Record<string, unknown> } }).process?.env?.[name];
    return typeof value === 'string' ? value : undefined;
  } catch {
    // Deno without --allow-env throws on access: no variable then.
    return undefined;
  }
}

/**
 * True on Cloudflare's workerd (Workers, and miniflare, which runs it): every request a Worker
 * gets came through Cloudflare's edge, which sets `CF-Connecting-IP` itself.
 */
export function onCloudflareWorkers(): boolean {
  return (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent === 'Cloudflare-Workers';
}

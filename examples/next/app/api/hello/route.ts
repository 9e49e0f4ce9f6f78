// The same answer as /api/login without the guard: the baseline of the end-to-end benchmark.
export const POST = async () => Response.json({ ok: true });

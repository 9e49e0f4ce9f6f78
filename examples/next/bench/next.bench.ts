// End to end under `next start`: POST /api/hello (no guard) vs POST /api/login-bench (withFingerprint),
// same server, same run. Reported, no target. Run `pnpm build` first. Writes bench/RESULTS.md.
import { spawn } from 'node:child_process';
import { measureUrl, sealedKey, writeResults } from '@fingerprint-guard/bench-harness';

const port = 38_000 + Math.floor(Math.random() * 1_000);
const base = `http://127.0.0.1:${port}`;
const next = spawn('node_modules/.bin/next', ['start', '-p', String(port), '-H', '127.0.0.1'], {
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', FP_SEALED_KEYS: sealedKey },
  stdio: 'ignore',
});
try {
  for (
    let attempt = 0;
    attempt < 200 &&
    !(await fetch(base).then(
      () => true,
      () => false,
    ));
    attempt++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const hello = await measureUrl(`${base}/api/hello`, 'next start, route without the guard');
  const guarded = await measureUrl(`${base}/api/guarded`, 'next start, route behind withFingerprint (memory store)');
  console.log(
    writeResults(
      new URL('./RESULTS.md', import.meta.url),
      'Next.js end-to-end benchmark',
      [hello, guarded],
      [
        'Both routes answer a small JSON object from the same `next start` process (Next 16); the guarded one',
        'unseals, checks and claims each request first. Reported without a target (issue #6).',
      ],
    ),
  );
} finally {
  next.kill();
}

/** Debian's Chromium for the browser test: installed with apt-get when missing, never downloaded by Playwright. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** vitest globalSetup: make sure Chromium is there before any browser test starts. */
export default function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const run = (args: string[]) =>
    spawnSync('apt-get', args, {
      stdio: 'inherit',
      timeout: 600_000,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  if (
    run(['update', '-qq']).status !== 0 ||
    run(['install', '-y', '-qq', 'chromium']).status !== 0 ||
    !existsSync(CHROMIUM)
  ) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM} and apt-get could not install it (the browser test needs Debian's chromium package).`,
    );
  }
}

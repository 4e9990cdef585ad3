import { existsSync } from 'node:fs';
import { commandExists, isRoot, run } from './run.js';

/** Where Debian's `chromium` package puts the browser. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * The system's Chromium, for the tests that drive a real browser (with playwright-core, which
 * brings no browser of its own). `CHROMIUM_PATH` names another binary. On Debian as root it is
 * installed with apt when missing, as redis-server is; anywhere else the message says how to get it.
 */
export async function ensureChromium(env: Record<string, string | undefined> = process.env): Promise<string> {
  if (env.CHROMIUM_PATH) {
    if (existsSync(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
    throw new Error(`CHROMIUM_PATH is ${env.CHROMIUM_PATH}, and no file is there`);
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  if (isRoot && (await commandExists('apt-get'))) {
    console.log('chromium is missing: installing it with apt-get…');
    await run('apt-get', ['update', '-qq']);
    await run('env', ['DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-qq', 'chromium']);
    if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  }
  throw new Error(
    `Chromium not found at ${DEBIAN_CHROMIUM}. Install it (Debian/Ubuntu: apt-get install chromium), ` +
      'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
}

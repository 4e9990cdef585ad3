import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { ensureChromium } from '../../scripts/stack/chromium.js';

/** Where tests leave what a person may want to look at after a run (screenshots); not committed. */
export const ARTIFACTS_DIR = join(import.meta.dirname, '..', 'artifacts');

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}

/** The system's Chromium, headless (installed first when missing, see scripts/stack/chromium.ts). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await ensureChromium(), headless: true });
}

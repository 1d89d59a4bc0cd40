// Vitest global setup: finds (and on a machine without a system Chromium, extracts) the browser once per
// run, before the workers start, so browser test files running side by side never extract it twice.
import { findChromium } from './browser.ts';

export async function setup(): Promise<void> {
  // A wrong CHROMIUM_PATH must not stop the suites that need no browser: the browser tests report it.
  await findChromium().catch(() => undefined);
}

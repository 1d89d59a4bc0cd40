// Debian's Chromium driven by playwright-core (never a downloaded browser), one fresh profile per suite.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A headless Chromium with a throw-away profile. `bypassCSP` lets a test inject its own script (axe) into
 * a page whose Content-Security-Policy forbids every script.
 */
export async function launchBrowser(options: { bypassCSP?: boolean } = {}): Promise<Browser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'repodesk-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    bypassCSP: options.bypassCSP ?? false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

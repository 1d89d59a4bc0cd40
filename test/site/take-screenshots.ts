// Screenshots of the help site for the README, at a phone and a desktop width: builds the repository's
// own content, serves it on 127.0.0.1 and drives Chromium. Run: `node test/site/take-screenshots.ts`.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { buildSite, repo } from './support/built-site.ts';
import { startStaticServer } from './support/static-server.ts';

const target = path.join(repo, 'docs/screenshots');
const widths = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 860 } } as const;

interface Shot {
  name: string;
  path: string;
  prepare?: (page: Page) => Promise<void>;
}

const shots: Shot[] = [
  { name: 'home', path: '/fr/' },
  { name: 'article', path: '/fr/articles/se-connecter-au-vpn/' },
  {
    name: 'search',
    path: '/fr/search/?q=mot%20de%20passe',
    prepare: (page) => page.waitForSelector('.search-results [role="option"]').then(() => undefined),
  },
  {
    name: 'form-suggestions',
    path: '/fr/requests/incident/',
    prepare: async (page) => {
      const subject = page.locator('#field-resume');
      await subject.pressSequentially('VPN impossible de me connecter', { delay: 15 });
      await page.waitForSelector('[data-suggestions]:not([hidden]) li');
      await page.locator('#field-resume').scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollBy(0, -120));
    },
  },
  {
    name: 'confirmation',
    path: '/fr/requests/sent/?ref=RD-7K2P-4QX9&statusUrl=%2Ffr%2Ffollow%2F%3Fref%3DRD-7K2P-4QX9',
  },
];

const out = await mkdtemp(path.join(os.tmpdir(), 'repodesk-shots-'));
await buildSite(repo, out, 'https://bot.example.invalid');
const site = await startStaticServer(out);
const browser = await launchBrowser();
await mkdir(target, { recursive: true });
try {
  for (const [device, viewport] of Object.entries(widths)) {
    for (const shot of shots) {
      const page = await browser.context.newPage();
      await page.setViewportSize(viewport);
      await page.goto(site.url + shot.path);
      await shot.prepare?.(page);
      await page.screenshot({ path: path.join(target, `${shot.name}-${device}.png`) });
      await page.close();
      process.stdout.write(`docs/screenshots/${shot.name}-${device}.png\n`);
    }
  }
} finally {
  await browser.close();
  await site.close();
  await rm(out, { recursive: true, force: true });
}

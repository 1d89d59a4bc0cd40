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
  /** Before the page loads (answers from the bot, which this script does not run). */
  route?: (page: Page) => Promise<void>;
  prepare?: (page: Page) => Promise<void>;
}

const botUrl = 'https://bot.example.invalid';

/** What the bot's GET /api/requests/{ref} answers for a request an agent has replied to. */
const followedRequest = {
  ref: 'RD-7K2P-4QX9',
  status: 'pending',
  statusName: 'En attente de votre réponse',
  title: 'Impossible de me connecter au VPN depuis chez moi',
  createdAt: '2026-11-23T08:12:00Z',
  updatedAt: '2026-11-23T09:40:00Z',
  recorded: true,
  messages: [
    {
      from: 'customer',
      author: '',
      at: '2026-11-23T08:12:00Z',
      text: "Depuis ce matin, le client VPN refuse mon mot de passe alors qu'il fonctionne sur l'intranet.",
    },
    {
      from: 'agent',
      author: 'Camille Durand',
      at: '2026-11-23T09:40:00Z',
      text: 'Bonjour, votre compte VPN était verrouillé après trois essais. Je l’ai débloqué : pouvez-vous réessayer et me dire si cela fonctionne ?',
    },
  ],
};

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
  { name: 'requests', path: '/fr/requests/' },
  {
    name: 'follow',
    path: `/fr/follow/?ref=${followedRequest.ref}&token=example-token`,
    route: async (page) => {
      await page.route(`${botUrl}/api/requests/**`, (route) =>
        route.fulfill({
          status: 200,
          contentType: 'application/json',
          headers: { 'access-control-allow-origin': '*' },
          body: JSON.stringify(followedRequest),
        }),
      );
    },
    prepare: (page) => page.waitForSelector('[data-follow-result]:not([hidden])').then(() => undefined),
  },
  { name: 'response-times', path: '/fr/response-times/' },
  {
    name: 'confirmation',
    path: '/fr/requests/sent/?ref=RD-7K2P-4QX9&statusUrl=%2Ffr%2Ffollow%2F%3Fref%3DRD-7K2P-4QX9',
  },
];

const out = await mkdtemp(path.join(os.tmpdir(), 'repodesk-shots-'));
await buildSite(repo, out, botUrl);
const site = await startStaticServer(out);
const browser = await launchBrowser();
await mkdir(target, { recursive: true });
try {
  for (const [device, viewport] of Object.entries(widths)) {
    for (const shot of shots) {
      const page = await browser.context.newPage();
      await page.setViewportSize(viewport);
      await shot.route?.(page);
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

// An automated accessibility check (axe-core, injected from node_modules) of the main pages, on a
// phone and a desktop width: no serious or critical violation.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Browser } from './support/browser.ts';
import { builtSite, fixtureRoot } from './support/built-site.ts';
import { startFakeBot, type FakeBot } from './support/fake-bot.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

const axePath = path.resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js');

let site: StaticServer;
let bot: FakeBot;
let browser: Browser;

beforeAll(async () => {
  const dist = await builtSite();
  bot = await startFakeBot(fixtureRoot);
  site = await startStaticServer(dist, () => bot.url);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await bot?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: Document) => Promise<{ violations: unknown[] }> } }
    ).axe;
    return (await axe.run(document)).violations;
  });
  return (violations as Violation[])
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    );
}

const pages = [
  ['home', '/fr/'],
  ['article', '/fr/articles/mot-de-passe-oublie/'],
  ['search with results', '/fr/search/?q=facture'],
  ['request form', '/fr/requests/incident/'],
  ['request form (English)', '/en/requests/invoice-question/'],
  ['response times', '/fr/response-times/'],
  ['follow my request', '/fr/follow/'],
] as const;

describe('accessibility', () => {
  for (const width of [375, 1280]) {
    it.each(pages)(
      `the %s page has no serious or critical axe violation at ${width}px`,
      async (_name, pathname) => {
        const page = await browser.context.newPage();
        await page.setViewportSize({ width, height: 900 });
        await page.goto(site.url + pathname);
        if (pathname.includes('?q=')) await page.waitForSelector('.search-results [role="option"]');
        expect(await seriousViolations(page)).toEqual([]);
        await page.close();
      },
    );
  }

  it('the form shows its errors accessibly too', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/fr/requests/incident/`);
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.waitForSelector('#form-errors li');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});

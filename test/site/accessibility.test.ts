// Accessibility of every page type of the help site, in real Chromium: an automated axe-core check
// (injected from node_modules) at a phone and a desktop width that fails on any violation whatever its
// impact (landmarks, regions and heading order matter to screen-reader users as much as contrast) and
// on any content that scrolls sideways, and a keyboard-only pass: skip link, visible focus, search results reached with the arrow keys.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.ts';
import { launchBrowser, type Browser } from './support/browser.ts';
import { builtSite, fixtureRoot } from './support/built-site.ts';
import { startFakeBot, type FakeBot } from './support/fake-bot.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

let site: StaticServer;
let bot: FakeBot;
let browser: Browser;

beforeAll(async () => {
  const dist = await builtSite();
  bot = await startFakeBot(fixtureRoot);
  site = await startStaticServer(dist, () => bot.url);
  browser = await launchBrowser();
  // A request the follow page can show, with its conversation (the fake bot answers for it).
  bot.submissions.set('a11y', {
    ref: 'REQ-0001',
    body: {
      lang: 'fr',
      fields: { subject: 'Imprimante en panne', description: 'Plus rien ne sort depuis ce matin.' },
    },
  });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await bot?.close();
});

/** Each page type, with what must be on screen before it is checked. */
const pages: [name: string, pathname: string, ready?: (page: Page) => Promise<unknown>][] = [
  ['home', '/fr/'],
  ['home (English)', '/en/'],
  ['category', '/fr/categories/access/'],
  [
    'article, with its feedback open',
    '/fr/articles/mot-de-passe-oublie/',
    async (page) => {
      await page.getByRole('button', { name: 'Non' }).click();
      await page.waitForSelector('.feedback-status:not(:empty)');
    },
  ],
  ['search page', '/fr/search/'],
  [
    'search with results',
    '/fr/search/?q=facture',
    (page) => page.waitForSelector('.search-results [role="option"]'),
  ],
  [
    'search that finds nothing',
    '/en/search/?q=xylophone',
    (page) => page.waitForSelector('form[data-shown-query="xylophone"]'),
  ],
  ['request catalogue', '/fr/requests/'],
  ['request form', '/fr/requests/incident/'],
  ['request form (English)', '/en/requests/invoice-question/'],
  ['confirmation', '/fr/requests/sent/?ref=REQ-0001'],
  ['confirmation without a reference', '/en/requests/sent/'],
  ['follow my request', '/fr/follow/'],
  [
    'follow my request, with a conversation',
    '/fr/follow/?ref=REQ-0001&token=t-REQ-0001',
    (page) => page.waitForSelector('[data-follow-result]:not([hidden]) .thread li'),
  ],
  ['assistant', '/fr/assistant/'],
  [
    'assistant (English), at its articles step',
    '/en/assistant/',
    async (page) => {
      await page.getByLabel('Your problem in a sentence').fill('I forgot my password');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('radio', { name: 'Access and passwords' }).check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForSelector('[data-articles] button');
    },
  ],
  ['response times', '/fr/response-times/'],
  ['not found', '/fr/nothing-here/'],
];

describe('accessibility', () => {
  for (const width of [375, 1280]) {
    it.each(pages)(`the %s page has no axe violation at ${width}px`, async (_name, pathname, ready) => {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(site.url + pathname);
      await ready?.(page);
      expect(await axeViolations(page)).toEqual([]);
      // Reflow (WCAG 1.4.10): nothing needs scrolling sideways, neither the page nor a part of it.
      const overflowing = await page.evaluate(() => {
        const wide = [...document.querySelectorAll<HTMLElement>('main *')].filter(
          (element) =>
            element.scrollWidth > element.clientWidth + 1 &&
            ['auto', 'scroll'].includes(getComputedStyle(element).overflowX),
        );
        return {
          page: document.documentElement.scrollWidth > window.innerWidth,
          parts: wide.map((element) => element.className || element.tagName.toLowerCase()),
        };
      });
      expect(overflowing).toEqual({ page: false, parts: [] });
      await page.close();
    });
  }

  it('the form shows its errors accessibly too', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/fr/requests/incident/`);
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.waitForSelector('#form-errors li');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('the home search panel with results has no violation', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/fr/`);
    await page.getByRole('combobox', { name: 'Rechercher dans l’aide' }).fill('facture');
    await page.waitForSelector('form[data-shown-query="facture"] .search-results [role="option"]');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});

/**
 * What has the keyboard focus, and whether it is visibly marked: an outline of at least 2px on the
 * element, or on the field wrapper that draws it for its input (`:focus-within`, as the search field).
 */
function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return { id: '', text: '', visible: false };
    const outlined = (candidate: Element) => {
      const style = getComputedStyle(candidate);
      return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    };
    const wrapper = element.parentElement;
    return {
      id: element.id,
      text: (element.textContent ?? '').trim().slice(0, 40),
      visible:
        outlined(element) || (wrapper !== null && wrapper.matches(':focus-within') && outlined(wrapper)),
    };
  });
}

describe('keyboard only', () => {
  it('the first Tab shows the skip link, and Enter moves to the content', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/fr/articles/mot-de-passe-oublie/`);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Aller au contenu' });
    expect(await focused(page)).toMatchObject({ text: 'Aller au contenu', visible: true });
    const box = await skip.boundingBox();
    expect(box && box.y >= 0 && box.height > 10, 'the skip link is on screen when focused').toBe(true);
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('main');
    // The next Tab goes to the content, not back to the header.
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() => document.activeElement?.closest('main') !== null),
      'Tab after the skip link lands in the main content',
    ).toBe(true);
    await page.close();
  });

  it.each([
    ['home', '/fr/'],
    ['article', '/fr/articles/mot-de-passe-oublie/'],
    ['request form', '/fr/requests/incident/'],
    ['follow my request', '/fr/follow/'],
    ['assistant', '/fr/assistant/'],
    ['response times', '/fr/response-times/'],
  ])('every element Tab reaches on the %s page shows where the focus is', async (_name, pathname) => {
    const page = await browser.context.newPage();
    await page.goto(site.url + pathname);
    const invisible: string[] = [];
    const seen = new Set<string>();
    for (let step = 0; step < 40; step += 1) {
      await page.keyboard.press('Tab');
      const now = await focused(page);
      const key = `${now.id}|${now.text}`;
      if (seen.has(key) && step > 0) break;
      seen.add(key);
      if (now.id === '' && now.text === '') continue;
      if (!now.visible) invisible.push(key);
    }
    expect(seen.size).toBeGreaterThan(3);
    expect(invisible).toEqual([]);
    await page.close();
  });

  it('on the search page, arrow keys walk the results and Enter opens the chosen one', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/fr/search/`);
    // Skip link, then the breadcrumbs, then the search field.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const input = page.getByRole('combobox', { name: 'Rechercher dans l’aide' });
    const inputFocused = () => input.evaluate((element) => element === document.activeElement);
    for (let tabs = 0; tabs < 3 && !(await inputFocused()); tabs += 1) await page.keyboard.press('Tab');
    expect(await inputFocused(), 'the search field is at most three Tabs after the skip link').toBe(true);
    await page.keyboard.type('choisissez');
    await page.waitForSelector('form[data-shown-query="choisissez"] .search-results [role="option"]');
    const titles = await page.locator('.search-results .result-title').allTextContents();
    expect(titles.length).toBeGreaterThan(1);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => input.getAttribute('aria-activedescendant')).toBe('page-search-results-1');
    expect(await page.locator('#page-search-results-1').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => input.getAttribute('aria-activedescendant')).toBe('page-search-results-0');
    // Up from the first result wraps to the last.
    await page.keyboard.press('ArrowUp');
    await expect
      .poll(() => input.getAttribute('aria-activedescendant'))
      .toBe(`page-search-results-${titles.length - 1}`);
    const href = await page.locator(`#page-search-results-${titles.length - 1}`).getAttribute('href');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === href, { timeout: 10_000 });
    await page.close();
  });
});

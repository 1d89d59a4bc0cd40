// The help site's search and reading, in real Chromium against the built fixture site
// (test/fixtures/site): what a customer types, what they see.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Browser } from './support/browser.ts';
import { builtSite, fixtureRoot } from './support/built-site.ts';
import { startFakeBot, type FakeBot } from './support/fake-bot.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

let dist: string;
let site: StaticServer;
let bot: FakeBot;
let browser: Browser;
const requested: string[] = [];

beforeAll(async () => {
  dist = await builtSite();
  bot = await startFakeBot(fixtureRoot);
  site = await startStaticServer(dist, () => bot.url);
  browser = await launchBrowser();
  browser.context.on('request', (request) => requested.push(request.url()));
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await bot?.close();
});

async function open(pathname: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(site.url + pathname);
  return page;
}

async function resultTitles(page: Page): Promise<string[]> {
  return page.locator('.search-results .result-title').allTextContents();
}

/** Types on the search page and waits until the status line shows the outcome. */
async function searchFor(page: Page, query: string): Promise<void> {
  const input = page.getByRole('combobox', { name: /Rechercher dans l’aide|Search the help centre/ });
  await input.fill(query);
  await page.waitForFunction(
    (shown) => document.querySelector<HTMLElement>('form[data-search]')?.dataset.shownQuery === shown,
    query,
  );
}

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('search', () => {
  it('finds an article by a word of its body, with the word highlighted', async () => {
    const page = await open('/fr/search/');
    await searchFor(page, 'indésirables');
    expect(await resultTitles(page)).toEqual(["J'ai oublié mon mot de passe"]);
    await expect
      .poll(() => page.locator('.search-results mark').first().textContent())
      .toMatch(/indésirables/i);
    expect(new URL(page.url()).searchParams.get('q')).toBe('indésirables');
    await page.close();
  });

  it('finds an article by one of its aliases, a word the article itself never uses', async () => {
    const page = await open('/fr/search/');
    await searchFor(page, 'identifiants perdus');
    expect(await resultTitles(page)).toContain("J'ai oublié mon mot de passe");
    await page.close();
  });

  it('each language searches its own index: a word of both languages finds only the articles of the page language', async () => {
    const results = async (lang: string, query: string) => {
      const page = await open(`/${lang}/search/`);
      await searchFor(page, query);
      const found = {
        titles: await resultTitles(page),
        paths: (await page
          .locator('.search-results [role="option"]')
          .evaluateAll((links) =>
            links.map((link) => new URL((link as HTMLAnchorElement).href).pathname),
          )) as string[],
      };
      await page.close();
      return found;
    };
    // FreeOTP and SEPA appear in the French and the English articles alike.
    expect(await results('fr', 'FreeOTP')).toEqual({
      titles: ['Activer la double authentification'],
      paths: ['/fr/articles/double-authentification/'],
    });
    expect(await results('en', 'FreeOTP')).toEqual({
      titles: ['Turn on two-factor authentication'],
      paths: ['/en/articles/two-factor-authentication/'],
    });
    const sepaFr = await results('fr', 'SEPA');
    const sepaEn = await results('en', 'SEPA');
    expect(sepaFr.paths.length).toBeGreaterThan(0);
    expect(sepaEn.paths.length).toBeGreaterThan(0);
    expect(sepaFr.paths.every((pathname) => pathname.startsWith('/fr/'))).toBe(true);
    expect(sepaEn.paths.every((pathname) => pathname.startsWith('/en/'))).toBe(true);
  });

  it('a shared ?q= link shows the same results', async () => {
    const page = await open('/en/search/?q=receipt');
    await page.waitForSelector('.search-results .result-title');
    expect(await resultTitles(page)).toEqual(['Get a copy of an invoice']);
    await page.close();
  });

  it('a shared link with a category shows the results of that category only', async () => {
    const page = await open(`/fr/search/?q=choisissez&category=${encodeURIComponent('Facturation')}`);
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>('form[data-search]')?.dataset.shownQuery,
    );
    expect(await resultTitles(page)).toEqual(['Changer de moyen de paiement']);
    expect(await page.getByLabel('Rubrique').inputValue()).toBe('Facturation');
    await page.close();
  });

  it('the first search downloads each index file once, in the page (no web worker), and no filter index from the home page', async () => {
    const page = await browser.context.newPage();
    const files: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/pagefind/')) files.push(pathname);
    });
    await page.goto(`${site.url}/fr/`);
    expect(files).toEqual([]);
    await page.getByRole('combobox', { name: 'Rechercher dans l’aide' }).fill('facture');
    await page.waitForSelector('form[data-shown-query="facture"] .search-results [role="option"]');
    const count = (pattern: RegExp) => files.filter((file) => pattern.test(file)).length;
    // The metadata and WebAssembly are asked for ahead of Pagefind, which then uses those downloads.
    expect(count(/^\/pagefind\/pagefind\.fr_\w+\.pf_meta$/)).toBe(1);
    expect(count(/^\/pagefind\/wasm\.fr\.pagefind$/)).toBe(1);
    expect(count(/^\/pagefind\/pagefind\.js$/)).toBe(1);
    expect(count(/pagefind-worker\.js$/)).toBe(0);
    expect(count(/^\/pagefind\/filter\//)).toBe(0);
    // Only the fragments of the results shown are downloaded.
    const shown = await page.locator('.search-results [role="option"]').count();
    expect(count(/^\/pagefind\/fragment\//)).toBe(shown);
    await page.close();
  });

  it.each([
    ['the home page', '/fr/', 'votre'],
    ['the search page', '/fr/search/', 'votre'],
    ['an English page', '/en/', 'your'],
  ])(
    "from %s, the first result's fragment is downloaded alone, the others once it has arrived",
    async (_where, pathname, query) => {
      const page = await browser.context.newPage();
      // Counted in the page, when Pagefind calls fetch(): every fetch a task makes is counted before the
      // browser hands its request to the route below.
      await page.addInitScript(() => {
        const asked: string[] = [];
        Object.assign(window, { fragmentsAsked: asked });
        const fetchFromNetwork = window.fetch.bind(window);
        window.fetch = (input, init) => {
          const url = input instanceof Request ? input.url : String(input);
          if (url.includes('/pagefind/fragment/')) asked.push(url);
          return fetchFromNetwork(input, init);
        };
      });
      // Fragments are held until released; from then on, every one goes through, those asked later too.
      const held: (() => Promise<void>)[] = [];
      let released = false;
      let firstHeld: () => void = () => undefined;
      const firstIsHeld = new Promise<void>((resolve) => (firstHeld = resolve));
      await page.route('**/pagefind/fragment/**', (route) => {
        if (released) return route.continue();
        held.push(() => route.continue());
        firstHeld();
      });
      await page.goto(site.url + pathname);
      await page.getByRole('combobox').first().fill(query);
      await firstIsHeld;
      const askedWhileFirstHeld = await page.evaluate(
        () => (window as unknown as { fragmentsAsked: string[] }).fragmentsAsked.length,
      );
      expect(askedWhileFirstHeld).toBe(1);
      released = true;
      await Promise.all(held.map((release) => release()));
      await page.waitForFunction(
        (shown) => document.querySelector<HTMLElement>('form[data-search]')?.dataset.shownQuery === shown,
        query,
      );
      const shown = await page.locator('.search-results [role="option"]').count();
      expect(shown).toBeGreaterThan(1);
      const asked = await page.evaluate(
        () => (window as unknown as { fragmentsAsked: string[] }).fragmentsAsked,
      );
      expect(asked).toHaveLength(shown);
      await page.close();
    },
  );

  it.each([
    ['the home page', '/fr/', 'facture', 'votre'],
    ['an English page', '/en/', 'invoice', 'your'],
  ])(
    'from %s, a later search asks for the fragments of all its new results at once',
    async (_where, pathname, firstQuery, laterQuery) => {
      const page = await browser.context.newPage();
      await page.addInitScript(() => {
        const asked: string[] = [];
        Object.assign(window, { fragmentsAsked: asked });
        const fetchFromNetwork = window.fetch.bind(window);
        window.fetch = (input, init) => {
          const url = input instanceof Request ? input.url : String(input);
          if (url.includes('/pagefind/fragment/')) asked.push(url);
          return fetchFromNetwork(input, init);
        };
      });
      const askedSoFar = () =>
        page.evaluate(() => (window as unknown as { fragmentsAsked: string[] }).fragmentsAsked.length);
      await page.goto(site.url + pathname);
      const input = page.getByRole('combobox').first();
      await input.fill(firstQuery);
      await page.waitForSelector(`form[data-shown-query="${firstQuery}"]`);
      const askedByFirst = await askedSoFar();
      const held: (() => Promise<void>)[] = [];
      let released = false;
      let firstHeld: () => void = () => undefined;
      const firstIsHeld = new Promise<void>((resolve) => (firstHeld = resolve));
      await page.route('**/pagefind/fragment/**', (route) => {
        if (released) return route.continue();
        held.push(() => route.continue());
        firstHeld();
      });
      await input.fill(laterQuery);
      await firstIsHeld;
      const askedWhileFirstHeld = (await askedSoFar()) - askedByFirst;
      released = true;
      await Promise.all(held.map((release) => release()));
      await page.waitForSelector(`form[data-shown-query="${laterQuery}"]`);
      const askedByLater = (await askedSoFar()) - askedByFirst;
      expect(askedByLater).toBeGreaterThan(1);
      expect(askedWhileFirstHeld).toBe(askedByLater);
      await page.close();
    },
  );

  it('the built Pagefind script checks for its loaded index every 5 ms, not every 50 (site/patch-pagefind-script.ts)', async () => {
    const script = await readFile(path.join(dist, 'pagefind', 'pagefind.js'), 'utf8');
    const poll =
      /while\(this\.raw_ptr===null\)\{if\(this\.initError\)\{throw this\.initError;\}await asyncSleep\((\d+)\);\}/g;
    expect([...script.matchAll(poll)].map((match) => match[1])).toEqual(['5']);
  });

  it("the built Pagefind script gunzips its files with the browser's DecompressionStream: every load, none with Pagefind's JavaScript gunzip", async () => {
    const script = await readFile(path.join(dist, 'pagefind', 'pagefind.js'), 'utf8');
    expect(script).toContain('new DecompressionStream("gzip")');
    expect(script.match(/await this\.decompressNative\(new Uint8Array\(\w+\),/g)).toHaveLength(5);
    expect(script).not.toMatch(/=this\.decompress\(new Uint8Array\(/);
  });

  it('on a host that lets the browser keep files (GitHub Pages), the first search downloads the entry file once', async () => {
    const pages = await startStaticServer(dist, () => bot.url, { cache: true });
    const page = await browser.context.newPage();
    await page.goto(`${pages.url}/fr/`);
    await page.getByRole('combobox', { name: 'Rechercher dans l’aide' }).fill('facture');
    await page.waitForSelector('form[data-shown-query="facture"] .search-results [role="option"]');
    expect(
      pages.requests.filter((request) => request.startsWith('/pagefind/pagefind-entry.json')),
    ).toHaveLength(1);
    expect(await resultTitles(page)).toContain('Obtenir un duplicata de facture');
    await page.close();
    await pages.close();
  });

  it('when the index cannot be downloaded, the list says so, and the next keystroke tries again', async () => {
    const page = await open('/fr/');
    // Pagefind's script arrives, its index does not: the instance that failed must be replaced.
    const indexFiles = /\/pagefind\/(?!pagefind\.js$)/;
    await page.route(indexFiles, (route) => route.abort('internetdisconnected'));
    const input = page.getByRole('combobox', { name: 'Rechercher dans l’aide' });
    await input.fill('facture');
    await expect
      .poll(() => page.locator('.search-status').textContent())
      .toBe('La recherche est indisponible pour le moment. Parcourez les rubriques ci-dessous.');
    await page.unroute(indexFiles);
    await input.press('Space');
    await page.waitForSelector('form[data-shown-query="facture"] .search-results [role="option"]');
    expect(await resultTitles(page)).toContain('Obtenir un duplicata de facture');
    await page.close();
  });

  it('category and tag filters narrow the results', async () => {
    const page = await open('/fr/search/');
    await searchFor(page, 'choisissez');
    expect((await resultTitles(page)).sort()).toEqual(
      [
        'Activer la double authentification',
        'Changer de moyen de paiement',
        "J'ai oublié mon mot de passe",
      ].sort(),
    );
    await page.getByLabel('Rubrique').selectOption('Facturation');
    await expect.poll(() => resultTitles(page)).toEqual(['Changer de moyen de paiement']);
    await page.getByLabel('Rubrique').selectOption('');
    await page.getByLabel('Mot-clé').selectOption('sécurité');
    await expect.poll(() => resultTitles(page)).toEqual(['Activer la double authentification']);
    expect(new URL(page.url()).searchParams.get('tag')).toBe('sécurité');
    await page.close();
  });

  it('internal and draft articles are neither findable nor published anywhere', async () => {
    const page = await open('/fr/search/');
    for (const word of ['zorglubation', 'pamplemoussique']) {
      await searchFor(page, word);
      expect(await resultTitles(page)).toEqual([]);
      await expect(page.locator('.search-status').textContent()).resolves.toContain(
        `Aucun article ne correspond à « ${word} »`,
      );
    }
    for (const slug of ['procedure-interne-vpn', 'brouillon-nouvelle-offre']) {
      const response = await page.goto(`${site.url}/fr/articles/${slug}/`);
      expect(response?.status()).toBe(404);
    }
    for (const file of await htmlFiles(dist)) {
      const html = await readFile(file, 'utf8');
      expect(html, file).not.toMatch(
        /zorglubation|pamplemoussique|procedure-interne-vpn|brouillon-nouvelle-offre/,
      );
    }
    await page.close();
  });

  it('reports a search that finds nothing once, after the customer stops typing, never the partial words', async () => {
    const reports = () =>
      bot.feedback.filter((event) => event.kind === 'empty-search' && event.query.startsWith('impr'));
    const page = await open('/fr/search/');
    const input = page.getByRole('combobox', { name: 'Rechercher dans l’aide' });
    await input.pressSequentially('imprimante', { delay: 40 });
    await expect
      .poll(reports, { timeout: 8000 })
      .toEqual([{ kind: 'empty-search', query: 'imprimante', lang: 'fr' }]);
    await input.press('Space');
    await input.press('Backspace');
    await page.waitForTimeout(3000);
    expect(reports()).toHaveLength(1);
    await page.close();
  });

  it('from the home page, arrow keys and Enter open a result; Escape closes the list', async () => {
    const page = await open('/fr/');
    const input = page.getByRole('combobox', { name: 'Rechercher dans l’aide' });
    await input.fill('facture');
    await page.waitForSelector('form[data-shown-query="facture"] .search-results [role="option"]');
    await input.press('Escape');
    await expect.poll(() => page.locator('.search-panel').isHidden()).toBe(true);
    expect(await input.inputValue()).toBe('facture');
    // Escape leaves no result highlighted: Enter now would search, not open a result.
    expect(await input.getAttribute('aria-activedescendant')).toBeNull();
    await input.press('ArrowDown');
    await expect.poll(() => input.getAttribute('aria-activedescendant')).toBe('home-search-results-0');
    await input.press('Enter');
    await page.waitForURL(/\/fr\/articles\/obtenir-un-duplicata-de-facture\/$/, { timeout: 10_000 });
    await page.close();
  });
});

describe('reading', () => {
  it('an article links to its translation, and the language switch keeps the reader on the same article', async () => {
    const page = await open('/fr/articles/mot-de-passe-oublie/');
    await page.getByRole('link', { name: 'Read this page in English' }).click();
    await page.waitForURL(/\/en\/articles\/forgotten-password\/$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('I forgot my password');
    await page.getByRole('link', { name: 'Lire cette page en français' }).click();
    await page.waitForURL(/\/fr\/articles\/mot-de-passe-oublie\/$/);
    await page.close();
  });

  it('an article shows breadcrumbs, its date, related articles, and links to other articles rewritten to their pages', async () => {
    const page = await open('/fr/articles/mot-de-passe-oublie/');
    await expect(page.getByRole('navigation', { name: "Fil d'Ariane" }).textContent()).resolves.toContain(
      'Accès et mots de passe',
    );
    await expect(page.locator('time').textContent()).resolves.toBe('Mis à jour le 14 octobre 2026');
    expect(await page.locator('.prose a').getAttribute('href')).toBe('/fr/articles/double-authentification/');
    expect(await page.locator('.related .card strong').allTextContents()).toEqual([
      'Activer la double authentification',
    ]);
    await page.close();
  });

  it('the response-times page shows the SLA policies and calendars of rules/sla.yaml', async () => {
    const page = await open('/fr/response-times/');
    const urgent = page.locator('tr[data-policy="urgent"]');
    await expect(urgent.textContent()).resolves.toContain('priorité Urgente');
    await expect(urgent.locator('td').nth(1).innerText()).resolves.toBe('30 min');
    const standard = page.locator('tr[data-policy="standard"]');
    await expect(standard.locator('td').nth(3).innerText()).resolves.toBe('72 h ouvrées');
    await expect(page.locator('[data-calendar="paris"]').textContent()).resolves.toContain(
      '09:00 – 12:30, 13:30 – 18:00',
    );
    await page.close();
  });
});

describe('privacy', () => {
  it('every signal the pages sent is one the real bot accepts', () => {
    expect(bot.feedback.length).toBeGreaterThan(0);
    expect(bot.refusedFeedback).toEqual([]);
  });

  it('sets no cookie and sends no request outside 127.0.0.1', async () => {
    expect(await browser.context.cookies()).toEqual([]);
    expect(requested.length).toBeGreaterThan(10);
    expect(requested.filter((url) => new URL(url).hostname !== '127.0.0.1')).toEqual([]);
  });
});

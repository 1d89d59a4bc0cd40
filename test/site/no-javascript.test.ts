// The help site with JavaScript turned off, in real Chromium: every page type reads, and every control
// that needs a script is replaced by a message that says what to do instead.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Browser } from './support/browser.ts';
import { builtSite, fixtureRoot } from './support/built-site.ts';
import { startFakeBot, type FakeBot } from './support/fake-bot.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

let site: StaticServer;
let bot: FakeBot;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  const dist = await builtSite();
  bot = await startFakeBot(fixtureRoot);
  site = await startStaticServer(dist, () => bot.url);
  browser = await launchBrowser();
  const chromium = browser.context.browser();
  if (!chromium) throw new Error('no browser behind the persistent context');
  context = await chromium.newContext({ javaScriptEnabled: false });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await site?.close();
  await bot?.close();
});

async function open(pathname: string): Promise<Page> {
  const page = await context.newPage();
  const response = await page.goto(site.url + pathname);
  expect(response?.status(), pathname).toBeLessThan(pathname.includes('nothing-here') ? 500 : 400);
  return page;
}

/** The text a reader sees in the main content. */
const mainText = (page: Page) => page.locator('main').innerText();

describe('without JavaScript', () => {
  it('/ sends visitors to French', async () => {
    const page = await open('/');
    await page.waitForURL(/\/fr\/$/);
    await page.close();
  });

  it('the home page shows the categories and the essential articles, and its search box leads to the search page', async () => {
    const page = await open('/fr/');
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'Comment pouvons-nous vous aider ?',
    );
    expect(await page.locator('#categories-title + .cards .card').count()).toBe(2);
    expect(await page.locator('#essentials-title + .cards .card').count()).toBeGreaterThan(0);
    const search = page.getByRole('combobox', { name: 'Rechercher dans l’aide' });
    await search.fill('facture');
    await search.press('Enter');
    await page.waitForURL(/\/fr\/search\/\?q=facture/);
    // The search page explains and offers the categories; its own box, which would only reload it, is gone.
    await expect(mainText(page)).resolves.toContain(
      'La recherche instantanée demande JavaScript. Vous pouvez parcourir toutes les rubriques :',
    );
    expect(await page.locator('main input[type="search"]').isVisible()).toBe(false);
    await page.getByRole('link', { name: 'Facturation' }).click();
    await page.waitForURL(/\/fr\/categories\/billing\/$/);
    await expect(mainText(page)).resolves.toContain('Changer de moyen de paiement');
    await page.close();
  });

  it('a category lists its articles and forms, and an article reads in full without its feedback box', async () => {
    const page = await open('/fr/categories/access/');
    await expect(mainText(page)).resolves.toContain('Articles de la rubrique');
    await page.getByRole('link', { name: /Activer la double authentification/ }).click();
    await page.waitForURL(/\/fr\/articles\/double-authentification\/$/);
    await expect(page.locator('.prose').innerText()).resolves.toContain('FreeOTP');
    await expect(page.locator('time').innerText()).resolves.toMatch(/^Mis à jour le /);
    // "Was this helpful?" needs the bot: not offered rather than broken.
    expect(await page.locator('.feedback').isVisible()).toBe(false);
    await page.close();
  });

  it('the catalogue lists the forms, and a form shows its fields and how to write instead of sending', async () => {
    const page = await open('/fr/requests/');
    await page.getByRole('link', { name: /Signaler un incident/ }).click();
    await page.waitForURL(/\/fr\/requests\/incident\/$/);
    expect(await page.getByLabel('Sujet').isVisible()).toBe(true);
    expect(await page.getByLabel('Description').isVisible()).toBe(true);
    await expect(mainText(page)).resolves.toContain(
      'L’envoi du formulaire demande JavaScript. Vous pouvez aussi nous écrire à aide@lumen.example.',
    );
    // The address opens the reader's mail program.
    expect(await page.getByRole('link', { name: 'aide@lumen.example' }).getAttribute('href')).toBe(
      'mailto:aide@lumen.example',
    );
    // No send button that would put the customer's name and address in a URL.
    expect(await page.getByRole('button', { name: 'Envoyer la demande' }).isVisible()).toBe(false);
    await page.close();
  });

  it.each([
    [
      '/en/requests/sent/?ref=RD-7K2P-4QX9',
      'Request sent',
      'If you just sent a request, its reference is in this page’s address (after “ref=”) and in the acknowledgement email.',
      'No reference to show',
    ],
    [
      '/fr/requests/sent/?ref=RD-7K2P-4QX9',
      'Demande envoyée',
      'Si vous venez d’envoyer une demande, sa référence figure dans l’adresse de cette page (après « ref= ») et dans l’e-mail d’accusé de réception.',
      'Aucune référence à afficher',
    ],
  ])(
    'the confirmation page %s says where the reference is, never that there is none',
    async (pathname, title, where, none) => {
      const page = await open(pathname);
      const text = await mainText(page);
      expect(text).toContain(title);
      expect(text).toContain(where);
      expect(text).not.toContain(none);
      await page.close();
    },
  );

  it('the follow page explains that following online needs JavaScript, and shows no form that cannot work', async () => {
    const page = await open('/fr/follow/?ref=RD-7K2P-4QX9&token=abc');
    await expect(mainText(page)).resolves.toContain(
      'Le suivi en ligne demande JavaScript. Vous pouvez aussi répondre à l’e-mail d’accusé de réception.',
    );
    expect(await page.getByLabel('Référence').isVisible()).toBe(false);
    await page.close();
  });

  it('the survey page thanks the customer, says a comment needs JavaScript and shows no form that cannot work', async () => {
    const page = await open('/fr/satisfaction/?ref=RD-7K2P-4QX9&rating=good&token=abc');
    const text = await mainText(page);
    expect(text).toContain('Merci pour votre avis.');
    expect(text).toContain(
      'Votre avis est enregistré. Ajouter un commentaire demande JavaScript ; vous pouvez aussi répondre au courriel.',
    );
    expect(await page.getByLabel('Un commentaire ? (facultatif)').isVisible()).toBe(false);
    await page.close();
  });

  it('the response-times page shows the policies and the calendars', async () => {
    const page = await open('/en/response-times/');
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(1);
    await expect(page.locator('[data-calendar="paris"]').innerText()).resolves.toMatch(/09:00 – 12:30/);
    await page.close();
  });

  it('an unknown page says so and links home', async () => {
    const page = await open('/fr/nothing-here/');
    await expect(mainText(page)).resolves.toContain('Page introuvable');
    await page.getByRole('link', { name: 'Back to the home page' }).click();
    await page.waitForURL(/\/en\/$/);
    await page.close();
  });
});

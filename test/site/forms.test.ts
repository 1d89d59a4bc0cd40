// Request forms in real Chromium: validation with the bot's schema, suggestions while typing, one
// ticket per form view, the bot's answers, the confirmation and the follow-my-request page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** Fills the French incident form completely and correctly. */
async function fillIncident(page: Page, subject = 'Je ne peux plus me connecter'): Promise<void> {
  await page.getByLabel('Nom et prénom').fill('Camille Martin');
  await page.getByLabel('Adresse e-mail').fill('camille.martin@example.fr');
  await page.getByLabel('Sujet').fill(subject);
  await page.getByLabel('Description').fill('Le lien de réinitialisation n’arrive jamais.');
  await page.getByLabel('Impact').selectOption('Mon équipe');
  await page.getByLabel('Téléphone', { exact: true }).check();
  await page.getByLabel("J'ai redémarré mon appareil").check();
}

describe('request forms', () => {
  it('the catalogue lists the forms by category, in the page language', async () => {
    const page = await open('/en/requests/');
    await expect(page.locator('#group-access + .cards').textContent()).resolves.toContain(
      'Report an incident',
    );
    await expect(page.locator('#group-billing + .cards').textContent()).resolves.toContain(
      'Question about an invoice',
    );
    await page.close();
  });

  it('shows every item type with its translated texts, and the requester fields the form asks for', async () => {
    const page = await open('/en/requests/incident/');
    await expect(page.locator('.markdown-note strong').textContent()).resolves.toBe('search the help centre');
    await expect(page.getByLabel('Subject').getAttribute('placeholder')).resolves.toBe(
      'I cannot sign in any more',
    );
    expect(await page.getByLabel('Impact').locator('option').allTextContents()).toEqual([
      'Choose…',
      'Only me',
      'My team',
      'The whole company',
    ]);
    expect(await page.locator('[data-field="devices"] .choice').allTextContents()).toEqual([
      'Computer',
      'Phone',
      'Tablet',
    ]);
    expect(await page.getByLabel('Company (optional)').count()).toBe(1);
    expect(await page.locator('#requester-organisation').count()).toBe(1);
    expect(await page.locator('#requester-phone').count()).toBe(0);
    await page.close();
  });

  it('client-side validation shows a clear message per field, marks it invalid and focuses the first one', async () => {
    const page = await open('/fr/requests/incident/');
    await page.getByLabel('Adresse e-mail').fill('camille@');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await expect
      .poll(() => page.locator('#requester-name-error').textContent())
      .toBe('Nom : ce champ est obligatoire.');
    await expect(page.locator('#requester-email-error').textContent()).resolves.toBe(
      "Adresse e-mail : cette adresse n'est pas valide (exemple : nom@exemple.fr).",
    );
    await expect(page.locator('#field-subject-error').textContent()).resolves.toBe(
      'Sujet : ce champ est obligatoire.',
    );
    await expect(page.locator('#field-consent-error').textContent()).resolves.toBe(
      "Confirmation : cochez « J'ai redémarré mon appareil ».",
    );
    expect(await page.getByLabel('Sujet').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Sujet').getAttribute('aria-describedby')).toContain('field-subject-error');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('requester-name');
    expect(bot.posts).toBe(0);
    await page.close();
  });

  it('suggests articles while the customer types, and records "this solved my problem"', async () => {
    const page = await open('/fr/requests/incident/');
    await page.getByLabel('Sujet').pressSequentially('mot de passe oublié', { delay: 20 });
    const suggestions = page.locator('[data-suggestions]');
    await expect
      .poll(() => suggestions.locator('a').allTextContents())
      .toContain("J'ai oublié mon mot de passe (nouvel onglet)");
    expect(await suggestions.locator('a').first().getAttribute('target')).toBe('_blank');
    const before = bot.feedback.length;
    await suggestions.getByRole('button', { name: 'Cela a résolu mon problème' }).first().click();
    await expect
      .poll(() => bot.feedback.slice(before))
      .toEqual([{ kind: 'deflection', form: 'incident', article: 'mot-de-passe-oublie', lang: 'fr' }]);
    await page.close();
  });

  it('suggests from the same words as the acknowledgement mail: greetings and polite words alone suggest nothing', async () => {
    const page = await open('/fr/requests/incident/');
    const subject = page.getByLabel('Sujet');
    const suggestions = page.locator('[data-suggestions]');
    // Every one of these is in src/kb/suggest-articles.ts's stop words, and in most French articles.
    await subject.pressSequentially('Bonjour, merci de votre', { delay: 20 });
    await page.waitForTimeout(1500);
    expect(await suggestions.isHidden()).toBe(true);
    await subject.pressSequentially(' : duplicata', { delay: 20 });
    await expect
      .poll(() => suggestions.locator('a').allTextContents())
      .toContain('Obtenir un duplicata de facture (nouvel onglet)');
    await page.close();
  });

  it('the confirmation page shows the reference of its address, and says so when there is none', async () => {
    const page = await open('/en/requests/sent/?ref=RD-7K2P-4QX9');
    await expect.poll(() => page.locator('.reference').textContent()).toBe('RD-7K2P-4QX9');
    expect(await page.locator('main').innerText()).not.toContain('after “ref=”');
    await page.goto(`${site.url}/en/requests/sent/`);
    await expect
      .poll(() => page.locator('main').innerText())
      .toContain('No reference to show. If you just sent a request, see the acknowledgement email.');
    expect(await page.locator('main').innerText()).not.toContain('after “ref=”');
    await page.close();
  });

  it('a double click sends one request, and the confirmation shows the reference', async () => {
    const page = await open('/fr/requests/incident/');
    await fillIncident(page);
    const before = { submissions: bot.submissions.size, posts: bot.posts };
    await page.getByRole('button', { name: 'Envoyer la demande' }).dblclick();
    await page.waitForURL(/\/fr\/requests\/sent\/\?ref=/);
    expect(bot.posts).toBe(before.posts + 1);
    expect(bot.submissions.size).toBe(before.submissions + 1);
    const [submission] = [...bot.submissions.values()].slice(-1);
    expect(submission?.body).toMatchObject({
      form: 'incident',
      lang: 'fr',
      requester: { name: 'Camille Martin', email: 'camille.martin@example.fr' },
      fields: {
        subject: 'Je ne peux plus me connecter',
        impact: 'Mon équipe',
        devices: ['Téléphone'],
        consent: [true, false],
      },
      website: '',
    });
    const reference = page.locator('.reference');
    await expect.poll(() => reference.textContent()).toBe(submission?.ref);
    await page.close();
  });

  it('the follow page shows the status and the public conversation of the request', async () => {
    const page = await open('/fr/requests/incident/');
    await fillIncident(page, 'Écran noir au démarrage');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.waitForURL(/\/requests\/sent\//);
    await page.getByRole('link', { name: 'Suivre ma demande' }).last().click();
    await page.waitForURL(/\/fr\/follow\/\?ref=/);
    await expect.poll(() => page.locator('[data-status]').textContent()).toBe('En cours');
    await expect(page.locator('[data-title]').textContent()).resolves.toBe('Écran noir au démarrage');
    expect(await page.locator('.thread li').count()).toBe(2);
    await page.getByLabel('Code de suivi').fill('wrong');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await expect
      .poll(() => page.locator('[data-follow-status]').textContent())
      .toBe('Aucune demande ne correspond à cette référence et ce code.');
    await page.close();
  });

  it("shows the bot's 422 errors per field and its 429 wait politely, keeping what was typed", async () => {
    const page = await open('/en/requests/incident/');
    await page.getByLabel('Full name').fill('Sam Lee');
    await page.getByLabel('Email address').fill('sam@example.com');
    await page.getByLabel('Subject').fill('Printer jam');
    await page.getByLabel('Description').fill('Paper stuck');
    await page.getByLabel('Impact').selectOption('Only me');
    await page.getByLabel('I restarted my device').check();
    bot.failNext = { status: 429, headers: { 'retry-after': '120' } };
    await page.getByRole('button', { name: 'Send the request' }).click();
    await expect
      .poll(() => page.locator('#form-errors').textContent())
      .toBe('Too many requests in a short time. Please try again in 2 minutes.');
    bot.failNext = {
      status: 422,
      body: {
        errors: [{ field: 'subject', message: 'Subject: this title is already used by an open request.' }],
      },
    };
    await page.getByRole('button', { name: 'Send the request' }).click();
    await expect
      .poll(() => page.locator('#field-subject-error').textContent())
      .toBe('Subject: this title is already used by an open request.');
    expect(await page.getByLabel('Description').inputValue()).toBe('Paper stuck');
    await page.close();
  });

  it('says so when the bot cannot be reached, and the retry keeps the same idempotency key', async () => {
    const page = await open('/fr/requests/incident/');
    await fillIncident(page, 'Réseau coupé');
    const keys: string[] = [];
    await page.route('**/api/requests', async (route) => {
      keys.push((route.request().postDataJSON() as { idempotencyKey: string }).idempotencyKey);
      if (keys.length === 1) await route.abort('connectionrefused');
      else await route.continue();
    });
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await expect
      .poll(() => page.locator('#form-errors').textContent())
      .toContain('Le service est injoignable');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.waitForURL(/\/requests\/sent\//);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    await page.close();
  });
});

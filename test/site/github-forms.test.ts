// GitHub issue forms copied into rules/forms/ as they are (test/fixtures/rules/github-forms/: no ids, no
// `repodesk:`, `multiple`, `default`, `render`, required checkboxes, markdown items) on the help site, in
// real Chromium: each request page renders with no axe violation, a filled form reaches the bot under
// the field ids derived from the labels, and config.yml's contact links show in the catalogue.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/load-rules.ts';
import type { RequestForm } from '../../src/rules/types.ts';
import { deskFixture } from '../support/desk-fixture.ts';
import { axeViolations } from './support/axe.ts';
import { launchBrowser, type Browser } from './support/browser.ts';
import { buildSite } from './support/built-site.ts';
import { startFakeBot, type FakeBot } from './support/fake-bot.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

let site: StaticServer;
let bot: FakeBot;
let browser: Browser;
let out: string;
let forms: Record<string, RequestForm>;
const root = deskFixture('github-forms');
const formIds = fs
  .readdirSync('test/fixtures/rules/github-forms/rules/forms')
  .filter((name) => name !== 'config.yml')
  .map((name) => name.replace(/\.yml$/, ''));

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-github-forms-site-'));
  forms = (await loadRules(root, { now: new Date() })).rules!.forms;
  await buildSite(root, out, '/');
  bot = await startFakeBot(root);
  site = await startStaticServer(out, () => bot.url);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await bot?.close();
  fs.rmSync(out, { recursive: true, force: true });
});

async function open(pathname: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(site.url + pathname);
  return page;
}

describe('GitHub issue forms on the help site', () => {
  it.each(formIds)('%s renders every field with its label, with no axe violation', async (id) => {
    const page = await open(`/fr/requests/${id}/`);
    const form = forms[id]!;
    for (const item of form.body) {
      if (item.type === 'markdown') continue;
      const field = page.locator(`[data-field="${item.id}"]`);
      await expect(field.count(), item.id).resolves.toBe(1);
      await expect(field.innerText(), item.id).resolves.toContain(item.attributes.label);
    }
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it.each([
    ['fr', 'Ailleurs'],
    ['en', 'Elsewhere'],
  ])(
    'the %s catalogue lists config.yml contact_links as links, under "%s", with no axe violation',
    async (lang, heading) => {
      const page = await open(`/${lang}/requests/`);
      const section = page.locator('section', { has: page.getByRole('heading', { name: heading }) });
      const links = section.getByRole('link');
      await expect(links.count()).resolves.toBe(2);
      await expect(links.first().getAttribute('href')).resolves.toBe('https://forum.example.org/c/help');
      await expect(links.first().innerText()).resolves.toContain(
        'Ask and answer questions with other users.',
      );
      await expect(links.nth(1).getAttribute('href')).resolves.toBe(
        'https://github.com/lumen/support/security/advisories/new',
      );
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    },
  );

  it('bug report: filled and sent, the bot gets the answers under the derived ids', async () => {
    const page = await open('/fr/requests/bug-report/');
    await page.getByLabel('Nom et prénom').fill('Ada Lovelace');
    await page.getByLabel('Adresse e-mail').fill('ada@example.org');
    await page.getByLabel('What happened?').fill('The export stops at 50%');
    await page.getByLabel('Steps to reproduce').fill('1. Export\n2. Wait');
    await page.getByLabel('Safari').check();
    await page.getByLabel('Relevant log output').fill('Error: timeout');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.waitForURL(/\/fr\/requests\/sent\/\?ref=/);
    const [submission] = [...bot.submissions.values()].slice(-1);
    expect(submission?.body).toMatchObject({
      form: 'bug-report',
      fields: {
        'what-happened': 'The export stops at 50%',
        'steps-to-reproduce': '1. Export\n2. Wait',
        browsers: ['Safari'],
        'relevant-log-output': 'Error: timeout',
      },
    });
    await page.close();
  });

  it('question: the required checkboxes must be ticked before it is sent', async () => {
    const page = await open('/fr/requests/question/');
    await page.getByLabel('Nom et prénom').fill('Ada Lovelace');
    await page.getByLabel('Adresse e-mail').fill('ada@example.org');
    await page.getByLabel('Your question in one line').fill('How do I export?');
    const posts = bot.posts;
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    expect(bot.posts).toBe(posts);
    expect(page.url()).toBe(`${site.url}/fr/requests/question/`);
    await page.getByLabel('I searched the existing issues and the documentation').check();
    await page.getByLabel('I read the Code of Conduct').check();
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.waitForURL(/\/fr\/requests\/sent\/\?ref=/);
    const [submission] = [...bot.submissions.values()].slice(-1);
    expect(submission?.body).toMatchObject({
      form: 'question',
      fields: { 'before-asking': [true, true], 'your-question-in-one-line': 'How do I export?' },
    });
    await page.close();
  });
});

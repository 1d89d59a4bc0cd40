// The guided assistant (/<lang>/assistant/) in real Chromium, driven by the keyboard only: a French and an
// English customer describe the problem, choose the area, and either say an article solved it (the bot
// records a deflection) or open the right request form, which arrives pre-filled with the sentence (the
// bot records an escalation, never the words). Each step's heading takes the focus; every step passes
// axe; without JavaScript the page says where to go instead; the other pages do not load its script.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suggestionMinWordLength, suggestionStopWords } from '../../src/kb/suggest-articles.ts';
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
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await bot?.close();
});

/** What has the keyboard focus: its tag, its text (or value) and its accessible role hints. */
async function focused(page: Page): Promise<{ tag: string; text: string; type: string; value: string }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLInputElement | null;
    return {
      tag: element?.tagName.toLowerCase() ?? '',
      text: (element?.innerText ?? element?.textContent ?? '').trim(),
      type: element?.getAttribute('type') ?? '',
      value: element?.value ?? '',
    };
  });
}

/** Presses Tab until `wanted` holds of the focused element; fails after 40 presses, naming what it saw. */
async function tabTo(
  page: Page,
  what: string,
  wanted: (element: Awaited<ReturnType<typeof focused>>) => boolean,
): Promise<void> {
  const seen: string[] = [];
  for (let presses = 0; presses < 40; presses += 1) {
    await page.keyboard.press('Tab');
    const element = await focused(page);
    if (wanted(element)) return;
    seen.push(`${element.tag}:${element.text.slice(0, 30)}`);
  }
  throw new Error(`Tab never reached ${what}; it went through ${seen.join(' | ')}`);
}

/** The heading that has the focus, once it is the step's heading `text`. */
async function expectFocusOnHeading(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (expected) => document.activeElement?.tagName === 'H2' && document.activeElement.textContent === expected,
    text,
  );
}

async function expectNoViolation(page: Page, step: string): Promise<void> {
  expect(await axeViolations(page), step).toEqual([]);
}

const journeys = {
  fr: {
    sentence: 'J’ai oublié mon mot de passe',
    area: 'Accès et mots de passe',
    article: "J'ai oublié mon mot de passe",
    slug: 'mot-de-passe-oublie',
    escalation: {
      sentence: 'Ma facture de novembre est fausse',
      area: 'Facturation',
      form: 'invoice-question',
    },
    texts: {
      choose: 'De quoi s’agit-il ?',
      articles: 'Ces articles peuvent vous aider',
      found: /^\d+ articles? trouvés?$/,
      yes: 'Oui',
      no: 'Non',
      solved: 'Tant mieux !',
      request: 'Faire une demande',
      next: 'Continuer',
      formName: 'Question sur une facture',
    },
  },
  en: {
    sentence: 'I forgot my password',
    area: 'Access and passwords',
    article: 'I forgot my password',
    slug: 'forgotten-password',
    escalation: { sentence: 'My November invoice is wrong', area: 'Billing', form: 'invoice-question' },
    texts: {
      choose: 'What is it about?',
      articles: 'These articles may help',
      found: /^\d+ articles? found$/,
      yes: 'Yes',
      no: 'No',
      solved: 'Glad it helped!',
      request: 'Submit a request',
      next: 'Continue',
      formName: 'Question about an invoice',
    },
  },
} as const;

/** From the top of the page: the sentence typed, the area chosen, up to the list of articles. */
async function describeAndChoose(
  page: Page,
  lang: 'fr' | 'en',
  sentence: string,
  area: string,
): Promise<void> {
  const { texts } = journeys[lang];
  await tabTo(page, 'the sentence field', (element) => element.tag === 'input' && element.type === 'text');
  await page.keyboard.type(sentence);
  await page.keyboard.press('Enter');
  await expectFocusOnHeading(page, texts.choose);
  await expectNoViolation(page, 'choose');
  // Into the radio group, then the arrow keys to the area.
  await page.keyboard.press('Tab');
  for (let presses = 0; presses < 6; presses += 1) {
    const label = await page.evaluate(() => document.activeElement?.parentElement?.textContent?.trim() ?? '');
    if (label === area) break;
    await page.keyboard.press('ArrowDown');
  }
  expect(await page.evaluate(() => document.activeElement?.parentElement?.textContent?.trim())).toBe(area);
  await tabTo(page, texts.next, (element) => element.tag === 'button' && element.text === texts.next);
  await page.keyboard.press('Enter');
  await expectFocusOnHeading(page, texts.articles);
  await page.waitForFunction(
    (pattern) =>
      new RegExp(pattern).test(document.querySelector('[data-articles-status]')?.textContent ?? ''),
    texts.found.source,
  );
}

describe('the assistant, with the keyboard only', () => {
  it.each(['fr', 'en'] as const)(
    '%s: the customer lands on an article, says it solved the problem, and the bot records a deflection',
    async (lang) => {
      const journey = journeys[lang];
      const before = bot.feedback.length;
      const page = await browser.context.newPage();
      await page.goto(`${site.url}/${lang}/assistant/`);
      await expectNoViolation(page, 'describe');
      await describeAndChoose(page, lang, journey.sentence, journey.area);
      // The articles are in the chosen area only, the one that answers first.
      const titles = await page.locator('[data-articles] .result-title').allInnerTexts();
      expect(titles[0]).toBe(journey.article);
      await expectNoViolation(page, 'articles');
      await tabTo(page, 'the first article', (element) => element.text.startsWith(journey.article));
      await page.keyboard.press('Enter');
      await expectFocusOnHeading(page, journey.article);
      await expect(page.locator('[data-article-link]').getAttribute('href')).resolves.toBe(
        `/${lang}/articles/${journey.slug}/`,
      );
      expect((await page.locator('[data-article-text]').innerText()).length).toBeGreaterThan(20);
      await expectNoViolation(page, 'article');
      await tabTo(
        page,
        journey.texts.yes,
        (element) => element.tag === 'button' && element.text === journey.texts.yes,
      );
      await page.keyboard.press('Enter');
      await expectFocusOnHeading(page, journey.texts.solved);
      await expectNoViolation(page, 'solved');
      await expect
        .poll(() => bot.feedback.slice(before))
        .toEqual([{ kind: 'assistant', lang, outcome: 'deflected', article: journey.slug }]);
      expect(bot.refusedFeedback).toEqual([]);
      await page.close();
    },
  );

  it.each(['fr', 'en'] as const)(
    '%s: no article fits, the customer opens the form of the area, pre-filled with the sentence, and the bot records an escalation',
    async (lang) => {
      const journey = journeys[lang];
      const { sentence, area, form } = journey.escalation;
      const before = bot.feedback.length;
      const page = await browser.context.newPage();
      await page.goto(`${site.url}/${lang}/assistant/`);
      await describeAndChoose(page, lang, sentence, area);
      await tabTo(page, 'an article', (element) => element.tag === 'button');
      await page.keyboard.press('Enter');
      await tabTo(
        page,
        journey.texts.no,
        (element) => element.tag === 'button' && element.text === journey.texts.no,
      );
      await page.keyboard.press('Enter');
      await expectFocusOnHeading(page, journey.texts.request);
      // The area's one form is offered, not the whole catalogue.
      expect(await page.locator('[data-forms] a').allInnerTexts()).toEqual([
        expect.stringContaining(journey.texts.formName),
      ]);
      await expectNoViolation(page, 'request');
      await tabTo(
        page,
        'the form',
        (element) => element.tag === 'a' && element.text.startsWith(journey.texts.formName),
      );
      await page.keyboard.press('Enter');
      await page.waitForURL(`${site.url}/${lang}/requests/${form}/`);
      await expect(page.locator('#field-subject').inputValue()).resolves.toBe(sentence);
      await expect(page.locator('#field-description').inputValue()).resolves.toBe(sentence);
      // What the customer wrote does not stay in the address.
      expect(new URL(page.url()).hash).toBe('');
      await expect
        .poll(() => bot.feedback.slice(before))
        .toEqual([{ kind: 'assistant', lang, outcome: 'escalated', form }]);
      await page.close();
    },
  );

  it('fr: with one form to open, its first menu is the second question, and the answer is pre-selected in the form', async () => {
    const sentence = 'Mon mot de passe ne marche plus depuis ce matin';
    const before = bot.feedback.length;
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/fr/assistant/`);
    await describeAndChoose(page, 'fr', sentence, 'Accès et mots de passe');
    await tabTo(
      page,
      'Aucun ne convient',
      (element) => element.tag === 'button' && element.text === 'Aucun ne convient',
    );
    await page.keyboard.press('Enter');
    await expectFocusOnHeading(page, 'Faire une demande');
    await expect(page.locator('[data-form-question] legend').innerText()).resolves.toBe('Impact');
    await expectNoViolation(page, 'request with a question');
    await tabTo(page, 'the question', (element) => element.tag === 'input' && element.type === 'radio');
    for (let presses = 0; presses < 4; presses += 1) {
      const label = await page.evaluate(
        () => document.activeElement?.parentElement?.textContent?.trim() ?? '',
      );
      if (label === 'Mon équipe') break;
      await page.keyboard.press('ArrowDown');
    }
    await tabTo(
      page,
      'the form',
      (element) => element.tag === 'a' && element.text.startsWith('Signaler un incident'),
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(`${site.url}/fr/requests/incident/`);
    await expect(page.locator('#field-impact').inputValue()).resolves.toBe('Mon équipe');
    await expect(page.locator('#field-subject').inputValue()).resolves.toBe(sentence);
    await expect
      .poll(() => bot.feedback.slice(before))
      .toEqual([{ kind: 'assistant', lang: 'fr', outcome: 'escalated', form: 'incident' }]);
    await page.close();
  });

  it('an empty sentence is refused in place, with the reason read out and the focus kept', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/fr/assistant/`);
    await tabTo(page, 'the sentence field', (element) => element.tag === 'input' && element.type === 'text');
    await page.keyboard.press('Enter');
    await expect(page.locator('#assistant-problem-error').innerText()).resolves.toBe(
      'Écrivez quelques mots sur votre problème.',
    );
    expect(await page.locator('#assistant-problem').getAttribute('aria-invalid')).toBe('true');
    expect((await focused(page)).tag).toBe('input');
    await expectNoViolation(page, 'empty sentence');
    await page.close();
  });
});

describe('the choices the assistant loads', () => {
  it.each(['fr', 'en'])(
    '%s: the areas in the desk’s order with their forms, and the suggestions’ word rules',
    async (lang) => {
      const response = await fetch(`${site.url}/${lang}/assistant/choices.json`);
      expect(response.status).toBe(200);
      const choices = (await response.json()) as {
        categories: { id: string; name: string; forms: { id: string; url: string }[] }[];
        forms: { id: string }[];
        words: { stopWords: string[]; minLength: number };
      };
      expect(
        choices.categories.map((category) => [category.id, category.forms.map((form) => form.url)]),
      ).toEqual([
        ['access', [`/${lang}/requests/incident/`]],
        ['billing', [`/${lang}/requests/invoice-question/`]],
      ]);
      expect(choices.categories[1]?.name).toBe(lang === 'fr' ? 'Facturation' : 'Billing');
      expect(choices.forms.map((form) => form.id)).toEqual(['incident', 'invoice-question']);
      expect(choices.words).toEqual({
        stopWords: [...suggestionStopWords],
        minLength: suggestionMinWordLength,
      });
    },
  );
});

describe('the assistant without JavaScript', () => {
  it.each([
    ['fr', 'L’assistant a besoin de JavaScript.', ['Recherche', 'Faire une demande']],
    ['en', 'The assistant needs JavaScript.', ['Search', 'Submit a request']],
  ] as const)(
    '%s: the page says what to do and links to the search page and the requests',
    async (lang, says, links) => {
      const chromium = browser.context.browser();
      if (!chromium) throw new Error('no browser behind the persistent context');
      const context = await chromium.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${site.url}/${lang}/assistant/`);
      const main = await page.locator('main').innerText();
      expect(main).toContain(says);
      // The steps, which need the script, are not shown.
      expect(main).not.toContain(journeys[lang].texts.next);
      for (const name of links)
        await expect(page.locator('main').getByRole('link', { name, exact: true }).count()).resolves.toBe(1);
      await context.close();
    },
  );
});

describe('the assistant and the other pages', () => {
  it.each([
    ['home', '/fr/'],
    ['request catalogue', '/en/requests/'],
    ['request form', '/fr/requests/incident/'],
    ['search', '/fr/search/?q=facture'],
  ])('the %s page loads none of the assistant’s code', async (_name, pathname) => {
    const page = await browser.context.newPage();
    const scripts: Promise<string>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push(response.text());
    });
    await page.goto(site.url + pathname, { waitUntil: 'networkidle' });
    const lang = pathname.split('/')[1];
    if (pathname !== '/fr/search/?q=facture')
      await expect(page.locator(`main a[href="/${lang}/assistant/"]`).count()).resolves.toBe(1);
    const bodies = await Promise.all(scripts);
    // The assistant's own selectors appear in its script only.
    expect(bodies.filter((body) => body.includes('data-articles-status'))).toEqual([]);
    await page.close();
  });

  it('the assistant page does load it', async () => {
    const page = await browser.context.newPage();
    const scripts: Promise<string>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push(response.text());
    });
    await page.goto(`${site.url}/en/assistant/`, { waitUntil: 'networkidle' });
    expect((await Promise.all(scripts)).filter((body) => body.includes('data-articles-status'))).toHaveLength(
      1,
    );
    await page.close();
  });
});

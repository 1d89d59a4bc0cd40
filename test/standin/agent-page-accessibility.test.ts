// The stand-in's agent page in a real browser: no serious or critical axe-core violation (the sign-in page
// included), and signing in then commenting work with the controls a person would use.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { axeViolations } from '../site/support/axe.ts';
import { launchBrowser, type Browser } from '../site/support/browser.ts';

let standin: Standin;
let browser: Browser;

beforeAll(async () => {
  standin = await startStandin({
    users: [
      { login: 'repodesk-bot', token: 'bot-token' },
      { login: 'camille-durand' },
      { login: 'lucas-martin', token: 'lucas-token' },
    ],
  });
  await fetch(`${standin.url}/repos/acme/support/issues`, {
    method: 'POST',
    headers: { authorization: 'token bot-token' },
    body: JSON.stringify({
      title: 'Impossible de télécharger ma facture',
      body: 'Bonjour,\n\nLe lien renvoie une erreur.\n<!-- repodesk:ref=R-7 -->',
      labels: ['type:billing', 'priority:p2'],
      assignees: ['camille-durand'],
    }),
  });
  // The page forbids every script by CSP; axe is injected by the test only.
  browser = await launchBrowser({ bypassCSP: true });
});

afterAll(async () => {
  await browser?.close();
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

async function seriousViolations(page: Page): Promise<string[]> {
  return (await axeViolations(page)).filter((line) => /^(serious|critical) /.test(line));
}

/** Signs in through the sign-in page's form, as a person pastes their token (once: the browser keeps the cookie). */
async function signIn(page: Page): Promise<void> {
  await page.goto(`${standin.url}/login?lang=fr`);
  // Signed in already: the sign-in page goes on to the list.
  if (!page.url().includes('/login')) return;
  await page.getByLabel('Jeton d’accès personnel').fill('lucas-token');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${standin.url}/`);
}

describe('the agent page in a browser', () => {
  it.each([
    ['sign-in page', '/login?lang=fr'],
    ['sign-in page (English)', '/login?lang=en'],
  ])('the %s has no serious or critical axe violation', async (_name, path) => {
    const page = await browser.context.newPage();
    try {
      await page.goto(`${standin.url}${path}`);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it.each([
    ['issue list', '/'],
    ['issue list (English)', '/?lang=en'],
    ['one issue with the comment form', '/acme/support/issues/1'],
  ])('the %s has no serious or critical axe violation', async (_name, path) => {
    const page = await browser.context.newPage();
    try {
      await signIn(page);
      await page.goto(`${standin.url}${path}`);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('lets an agent post a /reply from the form and shows it on the issue', async () => {
    const page = await browser.context.newPage();
    try {
      await signIn(page);
      // Headless Chromium asks for English; the French page is one link away.
      await page.goto(`${standin.url}/acme/support/issues/1?lang=fr`);
      expect(await page.getByText('Vous commentez en tant que @lucas-martin.').count()).toBe(1);
      await page.getByLabel('Message').fill('/reply Voici le lien corrigé.');
      await page.getByRole('button', { name: 'Publier le commentaire' }).click();
      await page.waitForURL(/#comments$/);
      await expect(page.locator('article.comment').last().textContent()).resolves.toContain(
        '/reply Voici le lien corrigé.',
      );
      expect(await page.locator('h2', { hasText: 'Commentaires' }).textContent()).toBe('Commentaires (1)');
      await expect(page.locator('article.comment header').last().textContent()).resolves.toContain(
        '@lucas-martin',
      );
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.waitForURL(/\/login\?lang=fr$/);
      await page.goto(`${standin.url}/acme/support/issues/1`);
      expect(page.url()).toContain('/login?return_to=');
    } finally {
      await page.close();
    }
  });
});

// The stand-in's agent page in a real browser: no serious or critical axe-core violation, and the comment
// form works with the keyboard-reachable controls a person would use.

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
      { login: 'lucas-martin' },
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

describe('the agent page in a browser', () => {
  it.each([
    ['issue list', '/'],
    ['issue list (English)', '/?lang=en'],
    ['one issue with the comment form', '/acme/support/issues/1'],
  ])('the %s has no serious or critical axe violation', async (_name, path) => {
    const page = await browser.context.newPage();
    try {
      await page.goto(`${standin.url}${path}`);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('lets an agent post a /reply from the form and shows it on the issue', async () => {
    const page = await browser.context.newPage();
    try {
      // Headless Chromium asks for English; the French page is one link away.
      await page.goto(`${standin.url}/acme/support/issues/1?lang=fr`);
      await page.getByLabel('En tant que').selectOption('lucas-martin');
      await page.getByLabel('Message').fill('/reply Voici le lien corrigé.');
      await page.getByRole('button', { name: 'Publier le commentaire' }).click();
      await page.waitForURL(/#comments$/);
      await expect(page.locator('article.comment').last().textContent()).resolves.toContain(
        '/reply Voici le lien corrigé.',
      );
      expect(await page.locator('h2', { hasText: 'Commentaires' }).textContent()).toBe('Commentaires (1)');
    } finally {
      await page.close();
    }
  });
});

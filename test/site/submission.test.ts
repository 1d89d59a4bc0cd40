// End to end with the real bot (src/server) and the GitHub stand-in (src/standin): the help site built
// from the repository's own content, served on one origin, the bot on another (CORS as deployed). A
// customer fills a form, gets a reference, the issue appears for agents, and the follow page shows it;
// a reader's vote and comment on an article reach the bot's store, and never its log.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotConfig } from '../../src/config/load-config.ts';
import { createLogger, silentLogger } from '../../src/config/logger.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import type { RequestForm, Rules } from '../../src/rules/types.ts';
import { createBot, type Bot } from '../../src/server/create-bot.ts';
import { trackerFromConfig } from '../../src/server/tracker-from-config.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { launchBrowser, type Browser } from './support/browser.ts';
import { buildSite, repo } from './support/built-site.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

const agentToken = 'agent-token';
let rules: Rules;
let standin: Standin;
let bot: Bot;
let site: StaticServer;
let browser: Browser;
let dataDir: string;
let outDir: string;
let botUrl: string;
/** Every line the bot logged, at every level. */
const botLog: string[] = [];

beforeAll(async () => {
  const loaded = await loadRules(repo, { now: new Date() });
  if (!loaded.rules) throw new Error('the repository rules do not validate: run `npx repodesk validate`');
  rules = loaded.rules;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-site-bot-'));
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-site-real-'));
  site = await startStaticServer(outDir);
  standin = await startStandin({
    users: [
      { login: 'repodesk-bot', token: 'bot-token', type: 'Bot' },
      { login: rules.teams.agents[0]?.login ?? 'agent', token: agentToken },
      ...rules.teams.agents.slice(1).map((agent) => ({ login: agent.login })),
    ],
    repos: ['acme/support'],
  });
  const config: BotConfig = {
    githubAuth: { kind: 'token', token: 'bot-token' },
    repository: 'acme/support',
    githubApiUrl: standin.url,
    webhookSecrets: ['site-test-secret'],
    publicSiteUrl: site.url,
    dataDir,
    port: 0,
    root: repo,
    requireAltcha: false,
    // No SLA sweep: this test is about the form reaching the bot.
    sweepEveryMs: 0,
  };
  bot = createBot({
    config,
    log: createLogger({ level: 'debug', write: (line) => botLog.push(line) }),
    tracker: trackerFromConfig(config, silentLogger),
    rules,
    pollMs: 50,
  });
  botUrl = await bot.start(0, '127.0.0.1');
  await buildSite(repo, outDir, botUrl);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await bot?.stop();
  await standin?.close();
  await site?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(outDir, { recursive: true, force: true });
});

/** The bot's intake counters, to explain a missing issue (a form taken for a robot's, a failed job…). */
async function metricsSummary(): Promise<string> {
  const text = await (await fetch(`${botUrl}/metrics`)).text().catch(() => '');
  return text
    .split('\n')
    .filter((line) => /^repodesk_(requests|intake|jobs|dead)/.test(line))
    .join('\n');
}

/** Answers every required question of `form` with something valid, the way a hurried customer would. */
async function answerRequired(page: Page, form: RequestForm): Promise<void> {
  await page.locator('#requester-name').fill('Marie Curie');
  await page.locator('#requester-email').fill('marie.curie@example.org');
  for (const key of ['organisation', 'phone'] as const) {
    if (form.repodesk.requester[key] === 'required')
      await page
        .locator(`#requester-${key}`)
        .fill(key === 'phone' ? '+33 1 23 45 67 89' : 'Institut du Radium');
  }
  for (const item of form.body) {
    if (item.type === 'markdown') continue;
    const required = item.validations?.required === true;
    if (item.type === 'input' || item.type === 'textarea') {
      if (required)
        await page
          .locator(`#field-${item.id}`)
          .fill(
            item.id === form.repodesk.subjectField
              ? 'Imprimante du 2e étage en panne'
              : 'Depuis ce matin, rien ne sort.',
          );
    } else if (item.type === 'dropdown' && !item.attributes.multiple) {
      if (required) await page.locator(`#field-${item.id}`).selectOption({ index: 1 });
    } else if (item.type === 'dropdown') {
      if (required) await page.locator(`[data-field="${item.id}"] input`).first().check();
    } else if (item.type === 'checkboxes') {
      const boxes = page.locator(`[data-field="${item.id}"] input`);
      for (const [index, option] of item.attributes.options.entries())
        if (option.required) await boxes.nth(index).check();
      if (required && !item.attributes.options.some((option) => option.required)) await boxes.first().check();
    }
  }
}

describe('submitting a request to the real bot', () => {
  it(
    'gives the reference at once, makes one issue for agents, and the follow page shows the request',
    { timeout: 90_000 },
    async () => {
      const formId = 'incident' in rules.forms ? 'incident' : Object.keys(rules.forms)[0]!;
      const form = rules.forms[formId]!;
      const page = await browser.context.newPage();
      await page.goto(`${site.url}/fr/requests/${formId}/`);
      // The form's clock (startedAt) starts when its script runs, at the latest when the page has loaded.
      const loadedAt = Date.now();
      await answerRequired(page, form);
      // A person takes a few seconds; the bot treats a faster form as a robot's (minimum fill time).
      await page.waitForTimeout(Math.max(0, 5000 - (Date.now() - loadedAt)));
      await page.getByRole('button', { name: 'Envoyer la demande' }).click();
      await page
        .waitForURL(/\/fr\/requests\/sent\/\?ref=/, { timeout: 15_000 })
        .catch(async (error: unknown) => {
          // Say what the customer saw instead of the confirmation.
          throw new Error(
            `no confirmation; the form says: ${await page.locator('#form-errors').textContent()}`,
            { cause: error },
          );
        });
      const ref = (await page.locator('.reference').textContent()) ?? '';
      expect(ref).toMatch(/^RD-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

      const issuesWithRef = async () => {
        const response = await fetch(`${standin.url}/repos/acme/support/issues?state=all`, {
          headers: { authorization: `token ${agentToken}` },
        });
        const issues = (await response.json()) as { title: string; body: string | null }[];
        return issues.filter((issue) => issue.body?.includes(ref)).map((issue) => issue.title);
      };
      // The worker creates the issue after the answer; a loaded machine (the whole suite) takes longer.
      await expect
        .poll(issuesWithRef, { timeout: 40_000 })
        .toEqual([expect.stringContaining('Imprimante du 2e étage en panne')])
        .catch(async (error: unknown) => {
          throw new Error(`no issue carries ${ref}; bot counters:\n${await metricsSummary()}`, {
            cause: error,
          });
        });

      await page.getByRole('link', { name: 'Suivre ma demande' }).last().click();
      await page.waitForURL(/\/fr\/follow\/\?ref=/);
      await expect.poll(() => page.locator('[data-ref]').textContent(), { timeout: 10_000 }).toBe(ref);
      await expect(page.locator('[data-title]').textContent()).resolves.toContain(
        'Imprimante du 2e étage en panne',
      );
      expect(await page.locator('[data-status]').textContent()).not.toBe('');
      expect(await browser.context.cookies()).toEqual([]);
      await page.close();
    },
  );

  it('a search that finds nothing reaches the bot as one anonymous signal', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/fr/search/`);
    await page
      .getByRole('combobox', { name: 'Rechercher dans l’aide' })
      .pressSequentially('xylophonique', { delay: 30 });
    await expect.poll(() => bot.services.feedback.countByKind()['empty-search'], { timeout: 10_000 }).toBe(1);
    await page.close();
  });

  it('a vote and a comment on an article reach the bot as the team will read them, and are never logged', async () => {
    const comment = 'Il manque le virement instantané ; écrivez-moi à lea@example.org';
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/fr/articles/moyens-de-paiement/`);
    await page.getByRole('button', { name: 'Non' }).click();
    await expect.poll(() => page.locator('.feedback-status').textContent()).toBe('Merci pour votre retour !');
    await page.getByLabel('Que manquait-il ? (facultatif)').fill(comment);
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await expect.poll(() => page.locator('.feedback-status').textContent()).toBe('Merci pour votre retour !');
    await expect.poll(() => page.locator('.feedback .comment').isHidden()).toBe(true);
    // Voting "no" again (a second click) is not a second vote.
    await page.getByRole('button', { name: 'Non' }).click();
    const stored = bot.services.feedback
      .since(0)
      .filter((entry) => entry.article === 'moyens-de-paiement')
      .map(({ at: _at, ...entry }) => entry);
    expect(stored).toEqual([
      { kind: 'article-not-helpful', lang: 'fr', article: 'moyens-de-paiement' },
      {
        kind: 'article-comment',
        lang: 'fr',
        article: 'moyens-de-paiement',
        helpful: false,
        comment: 'Il manque le virement instantané ; écrivez-moi à [email]',
      },
    ]);
    expect(botLog.filter((line) => /virement|lea@example/.test(line))).toEqual([]);

    // The bot unreachable: the reader is told, nothing breaks.
    await page.route('**/api/feedback', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: 'Oui' }).click();
    await expect
      .poll(() => page.locator('.feedback-status').textContent())
      .toContain('n’a pas pu être envoyé');
    await page.close();
  });
});

// End to end with the real bot (src/server) and the GitHub stand-in (src/standin): the help site built
// from the repository's own content, served on one origin, the bot on another (CORS as deployed). A
// customer fills a form (attaching files, solving the proof of work the bot asks for), gets a reference,
// the issue appears for agents with links to the files, and the follow page shows it; a reader's vote and
// comment on an article reach the bot's store, and never its log.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotConfig } from '../../src/config/load-config.ts';
import { createLogger, silentLogger } from '../../src/config/logger.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import type { RequestForm, Rules } from '../../src/rules/types.ts';
import { foldText } from '../../src/conditions/fold-text.ts';
import { createBot, type Bot } from '../../src/bot/create-bot.ts';
import { trackerFromConfig } from '../../src/tracker/tracker-from-config.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { axeViolations } from './support/axe.ts';
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
    // The proof of work is on, as a desk facing bots would have it: the form must solve it when asked.
    requireAltcha: true,
    // No SLA sweep: this test is about the form reaching the bot.
    sweepEveryMs: 0,
  };
  bot = await createBot({
    config,
    log: createLogger({ level: 'debug', write: (line) => botLog.push(line) }),
    tracker: trackerFromConfig(config, silentLogger),
    rules,
    pollMs: 50,
  });
  botUrl = await bot.start(0, '127.0.0.1');
  // The bot hears of agents' comments as on GitHub: their /reply is run, and the follow page shows what it sent.
  standin.addWebhook({ url: `${botUrl}/api/github/webhooks`, secret: 'site-test-secret' });
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
        const issues = (await response.json()) as { number: number; title: string; body: string | null }[];
        return issues.filter((issue) => issue.body?.includes(ref));
      };
      // The worker creates the issue after the answer; a loaded machine (the whole suite) takes longer.
      await expect
        .poll(async () => (await issuesWithRef()).map((issue) => issue.title), { timeout: 40_000 })
        .toEqual([expect.stringContaining('Imprimante du 2e étage en panne')])
        .catch(async (error: unknown) => {
          throw new Error(`no issue carries ${ref}; bot counters:\n${await metricsSummary()}`, {
            cause: error,
          });
        });

      // The agent answers the customer (a public reply) and leaves a note for colleagues.
      const [issue] = await issuesWithRef();
      const agent = rules.teams.agents[0]!;
      for (const body of ['/reply Bonjour, le technicien passe à 14 h.', 'Note interne : toner commandé.'])
        await fetch(`${standin.url}/repos/acme/support/issues/${issue!.number}/comments`, {
          method: 'POST',
          headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ body }),
        });
      // The follow page shows the reply once the bot has run it (its mail queued, what the customer was told).
      await expect
        .poll(async () => (await bot.context.mail.mailStore.keptReplies(ref)).size, { timeout: 10_000 })
        .toBe(1);

      await page.getByRole('link', { name: 'Suivre ma demande' }).last().click();
      await page.waitForURL(/\/fr\/follow\/\?ref=/);
      await expect.poll(() => page.locator('[data-ref]').textContent(), { timeout: 10_000 }).toBe(ref);
      await expect(page.locator('[data-title]').textContent()).resolves.toContain(
        'Imprimante du 2e étage en panne',
      );
      expect(await page.locator('[data-status]').textContent()).not.toBe('');
      // The public thread names the agent who answered (the desk shows agents' names), never the note.
      expect(rules.desk.privacy.showAgentNames).toBe(true);
      const thread = page.locator('[data-thread] li');
      await expect.poll(() => thread.last().textContent()).toContain('Bonjour, le technicien passe à 14 h.');
      expect(await thread.last().locator('.who').textContent()).toMatch(new RegExp(`^${agent.name} · `));
      expect(await page.locator('[data-thread]').textContent()).not.toContain('toner');
      expect(await browser.context.cookies()).toEqual([]);
      await page.close();
    },
  );

  it(
    'a customer attaches a screenshot and a refused program: progress, the per-file error, and the issue links the screenshot',
    { timeout: 90_000 },
    async () => {
      const form = rules.forms.incident!;
      expect(form.repodesk.attachments).toBe(true);
      const page = await browser.context.newPage();
      await page.goto(`${site.url}/fr/requests/incident/`);
      const loadedAt = Date.now();
      await answerRequired(page, form);
      await page.locator(`#field-${form.repodesk.subjectField}`).fill('Écran bleu au démarrage');
      // Without its script the field stays hidden; it appears once the upload code is loaded.
      const field = page.locator('[data-attachments]');
      await field.waitFor({ state: 'visible' });
      await expect(page.getByLabel('Pièces jointes (facultatif)').getAttribute('accept')).resolves.toContain(
        'image/png',
      );
      await expect(field.locator('.hint').textContent()).resolves.toContain(
        'Jusqu’à 10 fichiers de 10 Mo au plus chacun.',
      );
      const screenshot = Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        Buffer.alloc(300_000, 0x42),
      ]);
      await page.getByLabel('Pièces jointes (facultatif)').setInputFiles([
        { name: 'capture.png', mimeType: 'image/png', buffer: screenshot },
        {
          name: 'correctif.exe',
          mimeType: 'application/x-msdownload',
          buffer: Buffer.from('MZ\x90\x00\x03'),
        },
      ]);
      const rows = field.locator('li');
      await expect.poll(() => rows.count()).toBe(2);
      const png = rows.filter({ hasText: 'capture.png' });
      const exe = rows.filter({ hasText: 'correctif.exe' });
      await expect
        .poll(() => png.locator('.upload-status').textContent(), { timeout: 15_000 })
        .toBe('Envoyé');
      // The bar is full, and labelled for screen readers.
      expect(await png.locator('progress').getAttribute('aria-label')).toBe('Envoi de capture.png');
      expect(await png.locator('progress').evaluate((bar: HTMLProgressElement) => bar.value)).toBe(100);
      expect(await png.locator('.upload-size').textContent()).toBe('293 ko');
      await expect
        .poll(() => exe.locator('.upload-status').textContent(), { timeout: 15_000 })
        .toBe(
          "correctif.exe : ce type de fichier n'est pas accepté ; envoyez une image, un PDF, un texte, un CSV ou un document bureautique.",
        );
      expect(await exe.locator('progress').count()).toBe(0);
      // Removing a file takes it off the list (and off the request).
      await page
        .getByLabel('Pièces jointes (facultatif)')
        .setInputFiles([
          { name: 'brouillon.txt', mimeType: 'text/plain', buffer: Buffer.from('à ne pas envoyer\n') },
        ]);
      const draft = rows.filter({ hasText: 'brouillon.txt' });
      await expect
        .poll(() => draft.locator('.upload-status').textContent(), { timeout: 15_000 })
        .toBe('Envoyé');
      await draft.getByRole('button', { name: 'Retirer brouillon.txt' }).click();
      await expect.poll(() => rows.count()).toBe(2);
      // The focus goes back to the field, and the listed files (kept and refused) pass axe.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-attachments');
      expect(await axeViolations(page)).toEqual([]);

      // What the form says while it works, in order (the proof of work included: the bot asks for it).
      const statuses: string[] = [];
      await page.exposeFunction('reportFormStatus', (text: string) => statuses.push(text));
      await page.evaluate(() => {
        const status = document.querySelector('[data-form-status]')!;
        const report = (window as unknown as { reportFormStatus: (text: string) => void }).reportFormStatus;
        new MutationObserver(() => {
          if (status.textContent) report(status.textContent);
        }).observe(status, { childList: true, characterData: true, subtree: true });
      });
      await page.waitForTimeout(Math.max(0, 5000 - (Date.now() - loadedAt)));
      await page.getByRole('button', { name: 'Envoyer la demande' }).click();
      await page
        .waitForURL(/\/fr\/requests\/sent\/\?ref=/, { timeout: 30_000 })
        .catch(async (error: unknown) => {
          throw new Error(
            `no confirmation; the form says: ${await page.locator('#form-errors').textContent()}`,
            { cause: error },
          );
        });
      const ref = (await page.locator('.reference').textContent()) ?? '';
      const issueBody = async () => {
        const response = await fetch(`${standin.url}/repos/acme/support/issues?state=all`, {
          headers: { authorization: `token ${agentToken}` },
        });
        const issues = (await response.json()) as { body: string | null }[];
        return issues.find((issue) => issue.body?.includes(ref))?.body ?? '';
      };
      await expect.poll(issueBody, { timeout: 40_000 }).toContain('### Pièces jointes');
      const body = await issueBody();
      expect(body).not.toContain('correctif.exe');
      expect(body).not.toContain('brouillon.txt');
      const link = /- \[capture\.png\]\((\/files\/[^)]+)\) · image PNG · 293 ko/.exec(body)?.[1];
      expect(link).toBeDefined();
      const download = await fetch(`${botUrl}${link}`);
      expect(download.status).toBe(200);
      expect(Buffer.from(await download.arrayBuffer())).toEqual(screenshot);

      expect(statuses).toEqual(expect.arrayContaining(['Envoi des fichiers…', 'Vérification anti-robot…']));
      const metrics = await (await fetch(`${botUrl}/metrics`)).text();
      expect(metrics).toMatch(/repodesk_form_submissions_total\{outcome="altcha-failed"\} [1-9]/);
      expect(await browser.context.cookies()).toEqual([]);
      await page.close();
    },
  );

  it('the file field speaks English on the English form, and stays hidden when the form script cannot run', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/en/requests/incident/`);
    const input = page.getByLabel('Attachments (optional)');
    await page.locator('[data-attachments]').waitFor({ state: 'visible' });
    await expect(page.locator('[data-attachments] .hint').textContent()).resolves.toContain(
      'Accepted types: PNG image, JPEG image, GIF image, WebP image, PDF, Word, Excel, OpenDocument, CSV, text. Up to 10 files of at most 10 MB each.',
    );
    await input.setInputFiles([
      { name: 'tool.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ\x90\x00\x03') },
    ]);
    await expect
      .poll(() => page.locator('[data-attachments] li .upload-status').textContent(), { timeout: 15_000 })
      .toBe(
        'tool.exe: this type of file is not accepted; send an image, a PDF, a text, a CSV or an office document.',
      );
    await page.close();

    // No script (blocked, or JavaScript off): no field that would pretend to upload.
    const bare = await browser.context.newPage();
    await bare.route('**/_astro/**', (route) => route.abort());
    await bare.goto(`${site.url}/fr/requests/incident/`);
    expect(await bare.locator('[data-attachments]').isHidden()).toBe(true);
    await bare.close();
  });

  it('a search that finds nothing reaches the bot as one anonymous signal', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/fr/search/`);
    await page
      .getByRole('combobox', { name: 'Rechercher dans l’aide' })
      .pressSequentially('xylophonique', { delay: 30 });
    await expect
      .poll(async () => (await bot.context.feedback.countByKind())['empty-search'], { timeout: 10_000 })
      .toBe(1);
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
    const stored = (await bot.context.feedback.since(0))
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

  it('the assistant’s outcomes reach the bot’s store, never the words typed: an article that solved it, then a pre-filled form', async () => {
    const sentence = 'Zorglub : mot de passe oublié, écrivez à zorglub@example.org';
    const before = (await bot.context.feedback.since(0)).length;
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/fr/assistant/`);
    await page.getByLabel('Votre problème en une phrase').fill(sentence);
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('radio', { name: 'Comptes et mots de passe' }).check();
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.locator('[data-articles] button', { hasText: "J'ai oublié mon mot de passe" }).click();
    await page.getByRole('button', { name: 'Oui' }).click();
    await page.getByRole('heading', { name: 'Tant mieux !' }).waitFor();
    // Again, a billing problem this time, that no article solves.
    await page.getByRole('button', { name: 'Recommencer' }).click();
    const billing = 'Zorglub : ma facture de novembre est fausse';
    await page.getByLabel('Votre problème en une phrase').fill(billing);
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('radio', { name: 'Facturation et paiements' }).check();
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page
      .locator('[data-articles-status]')
      .filter({ hasText: /trouvé/ })
      .waitFor();
    await page.getByRole('button', { name: 'Aucun ne convient' }).click();
    await page.locator('[data-forms] a').first().click();
    await page.waitForURL(`${site.url}/fr/requests/question-facturation/`);
    await expect(page.locator('#field-sujet').inputValue()).resolves.toBe(billing);
    await expect(page.locator('#field-question').inputValue()).resolves.toBe(billing);
    await expect
      .poll(async () =>
        (await bot.context.feedback.since(0)).slice(before).map(({ at: _at, ...entry }) => entry),
      )
      .toEqual([
        { kind: 'assistant', lang: 'fr', outcome: 'deflected', article: 'mot-de-passe-oublie' },
        { kind: 'assistant', lang: 'fr', outcome: 'escalated', form: 'question-facturation' },
      ]);
    expect(JSON.stringify(await bot.context.feedback.since(0))).not.toMatch(/zorglub/i);
    expect(botLog.filter((line) => /zorglub/i.test(line))).toEqual([]);
    await page.close();
  });
});

/** The text of every article of `lang` in kb/ (frontmatter dropped), folded for word matching. */
function articleBodies(lang: string): string[] {
  const dir = path.join(repo, 'kb', lang);
  return fs
    .readdirSync(dir)
    .map((name) => fs.readFileSync(path.join(dir, name), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, ''))
    .map(foldText);
}

describe('searching the knowledge base of the repository', () => {
  it.each([
    ['fr', 'rançongiciel', 'signaler-un-incident-de-securite', 'Signaler un incident de sécurité'],
    ['en', 'ransomware', 'report-a-security-incident', 'Report a security incident'],
  ])(
    'on /%s/, the alias "%s" of %s, a word no article body uses, finds that article first',
    async (lang, alias, slug, title) => {
      const frontmatter = fs.readFileSync(path.join(repo, 'kb', lang, `${slug}.md`), 'utf8');
      expect(frontmatter).toMatch(new RegExp(`^aliases: \\[.*\\b${alias}\\b`, 'mu'));
      expect(articleBodies(lang).filter((body) => body.includes(foldText(alias)))).toEqual([]);
      const page = await browser.context.newPage();
      await page.goto(`${site.url}/${lang}/search/?q=${encodeURIComponent(alias)}`);
      await page.waitForSelector(`form[data-shown-query="${alias}"]`);
      expect((await page.locator('.search-results .result-title').allTextContents())[0]).toBe(title);
      await page.close();
    },
  );
});

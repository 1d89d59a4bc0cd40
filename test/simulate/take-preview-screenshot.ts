// The screenshot of the pull-request preview in the README: the test desk in a git repository with one
// routing rule and one SLA target changed, six tickets written into the GitHub stand-in as intake writes
// them, `repodesk simulate --comment-on` run for real, and the whole comment as the stand-in's agent page
// renders it (as GitHub does: the details folded in <details>), every part unfolded, opened in Chromium.
// Run: `node test/simulate/take-preview-screenshot.ts`.

import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { renderIssueBody } from '../../src/intake/render-issue-body.ts';
import { route } from '../../src/routing/route.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import { startStandin } from '../../src/standin/start-standin.ts';
import type { TicketDraft } from '../../src/tickets/types.ts';
import { launchBrowser } from '../site/support/browser.ts';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const now = '2026-11-23T10:00:00Z';
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-preview-shot-'));
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Admin', '-c', 'user.email=admin@lumen.example', ...args], {
    cwd: folder,
    encoding: 'utf8',
  }).trim();

fs.cpSync(path.join(repo, 'test/fixtures/rules/base'), folder, { recursive: true });
git('init', '-q', '-b', 'main');
git('add', '-A');
git('commit', '-q', '-m', 'base');
const base = git('rev-parse', 'HEAD');
const edit = (file: string, from: string, to: string) =>
  fs.writeFileSync(
    path.join(folder, file),
    fs.readFileSync(path.join(folder, file), 'utf8').replace(from, to),
  );
edit(
  'rules/routing.yaml',
  'then: { team: billing, reply: ack }',
  'then: { team: billing, reply: ack, stop: true }',
);
edit('rules/sla.yaml', 'firstResponse: 4h, resolution: 3d', 'firstResponse: 2h, resolution: 3d');
git('commit', '-q', '-am', 'Invoices stop at billing; standard first response in 2h');

let clock = Date.parse('2026-11-23T08:00:00Z');
const standin = await startStandin({
  users: [
    { login: 'repodesk-bot', token: 'bot-token' },
    { login: 'camille', token: 'camille-token' },
  ],
  now: () => clock,
});
try {
  const rules = (await loadRules(folder, { now: new Date(now) })).rules!;
  const post = async (route: string, body: unknown, token = 'bot-token') =>
    (await (
      await fetch(`${standin.url}/repos/acme/support${route}`, {
        method: 'POST',
        headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).json()) as { number: number };
  const subjects = [
    'Facture de mars',
    'Mot de passe oublié',
    'Facture en double',
    'VPN en panne',
    'Accès au portail',
  ];
  for (let index = 0; index < 6; index += 1) {
    clock = Date.parse('2026-11-23T08:00:00Z') + index * 5 * 60_000;
    const draft: TicketDraft = {
      channel: 'email',
      subject: `${subjects[index % subjects.length]} (${index + 1})`,
      body: 'Bonjour.',
      requester: { name: 'Client', email: `client${index}@example.org` },
      language: 'fr',
      fields: {},
      labels: [],
      sender: 'verified',
    };
    const decision = route(draft, rules, { openByAgent: {}, lastAssigned: {} }, new Date(clock));
    const body = renderIssueBody(draft, {
      ref: `RD-SHOT-${String(index).padStart(4, '0')}`,
      key: `k${index}`,
      rules,
      decision,
    });
    await post('/issues', { title: draft.subject, body, labels: decision.labels });
  }
  clock = Date.parse(now);
  const pullRequest = (await post('/issues', { title: 'Invoices stop at billing' }, 'camille-token')).number;
  await run(
    process.execPath,
    [
      path.join(repo, 'bin/repodesk.js'),
      'simulate',
      '--root',
      folder,
      '--base',
      base,
      '--head',
      'HEAD',
      '--now',
      now,
      '--comment-on',
      String(pullRequest),
    ],
    {
      env: {
        ...process.env,
        GITHUB_TOKEN: 'bot-token',
        GITHUB_REPOSITORY: 'acme/support',
        GITHUB_API_URL: standin.url,
      },
    },
  );
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1100, height: 900 });
    // The agent page shows issues to a signed-in account only.
    await page.goto(`${standin.url}/login?lang=en`);
    await page.getByLabel('Personal access token').fill('camille-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${standin.url}/`);
    await page.goto(`${standin.url}/acme/support/issues/${pullRequest}?lang=en`);
    // The comment in full: the summary, then every folded part opened, as a reader clicking each sees it.
    const comment = page.locator('article.comment').last();
    for (const summary of await comment.locator('details > summary').all()) await summary.click();
    const target = path.join(repo, 'docs/screenshots/preview-comment.png');
    await comment.screenshot({ path: target });
    console.log(`wrote ${path.relative(repo, target)}`);
  } finally {
    await browser.close();
  }
} finally {
  await standin.close();
  fs.rmSync(folder, { recursive: true, force: true });
}

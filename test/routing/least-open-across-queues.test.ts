// Least-open assignment on a desk with confidential queues (issue 13): an agent's open tickets are counted
// in every repository desk.yaml lists, not only the default one. Through the bot and the stand-in: issues
// seeded on GitHub, a billing question posted to the form (team facturation, least-open between
// sophie-garnier and antoine-girard, filed in the default repository), and the assignee read back from
// its issue.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/load-rules.ts';
import {
  agentToken,
  manualClock,
  postRequest,
  repoRoot,
  startHarness,
  type Harness,
} from '../support/bot-harness.ts';

const repositories = ['acme/support', 'acme/support-hr', 'acme/support-security'];
// Monday 10:00 in Paris: both billing agents are on duty.
const monday = Date.parse('2026-11-23T09:00:00Z');

let harness: Harness | undefined;
let root: string | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  if (root) fs.rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** The template's desk with three repositories listed, the default first. */
async function startDesk(): Promise<Harness> {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-least-open-'));
  fs.cpSync(path.join(repoRoot, 'rules'), path.join(root, 'rules'), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'kb'), path.join(root, 'kb'), { recursive: true });
  const desk = path.join(root, 'rules', 'desk.yaml');
  const text = fs.readFileSync(desk, 'utf8');
  expect(text).toContain('repository: cassiopee/support\n');
  fs.writeFileSync(
    desk,
    text.replace(
      'repository: cassiopee/support\n',
      `repository: acme/support\nrepositories: [${repositories.join(', ')}]\n`,
    ),
  );
  const loaded = await loadRules(root, { now: new Date(monday) });
  if (!loaded.rules) throw new Error(`rules invalid: ${JSON.stringify(loaded.problems.slice(0, 3))}`);
  const clock = manualClock(monday);
  return startHarness({
    desk: { root, rules: loaded.rules, articles: loaded.articles },
    standin: { repos: repositories },
    runWorker: false,
    // Seeded issues are not routed: they stand for tickets agents already hold.
    wireWebhooks: false,
    clock: clock.now,
  });
}

async function agentCall(
  h: Harness,
  repository: string,
  method: string,
  route: string,
  body: unknown,
): Promise<{ number: number; assignees: { login: string }[] }> {
  const response = await fetch(`${h.standin.url}/repos/${repository}${route}`, {
    method,
    headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
  return (await response.json()) as { number: number; assignees: { login: string }[] };
}

/** Open issues assigned on GitHub, `[repository, assignee]` each; one closed issue per agent besides (never counted). */
async function seed(h: Harness, open: readonly (readonly [string, string])[]): Promise<void> {
  for (const [repository, assignee] of open)
    await agentCall(h, repository, 'POST', '/issues', { title: 'Dossier en cours', assignees: [assignee] });
  for (const assignee of ['sophie-garnier', 'antoine-girard']) {
    const closed = await agentCall(h, 'acme/support-hr', 'POST', '/issues', {
      title: 'Dossier clos',
      assignees: [assignee],
    });
    await agentCall(h, 'acme/support-hr', 'PATCH', `/issues/${closed.number}`, { state: 'closed' });
  }
}

/** A billing question through the form; the login its issue was assigned to. */
async function billingQuestion(h: Harness): Promise<string | undefined> {
  const now = h.bot.context.clock();
  const response = await postRequest(h.url, {
    form: 'question-facturation',
    lang: 'fr',
    requester: { name: 'Client Facture', email: 'client.facture@example.org' },
    fields: {
      sujet: 'Frais de livraison facturés deux fois',
      numero_facture: 'FA-2026-004501',
      motif: 'Je ne comprends pas un montant',
      question: 'La ligne « livraison » apparaît deux fois sur ma facture.',
    },
    idempotencyKey: `billing-question-${now}`,
    startedAt: now - 60_000,
  });
  expect(response.status).toBe(202);
  const { ref } = (await response.json()) as { ref: string };
  await h.bot.worker.drain();
  const record = await h.bot.context.refs.get(ref);
  expect(record?.repository).toBeUndefined();
  const issue = await agentCall(h, 'acme/support', 'GET', `/issues/${record?.issueNumber}`, undefined);
  return issue.assignees[0]?.login;
}

describe('least-open assignment on a desk with several repositories', () => {
  it.each([
    {
      case: 'Sophie, 3 open in HR and none in the default repository, is not the least open: Antoine (1 open) is',
      open: [
        ['acme/support-hr', 'sophie-garnier'],
        ['acme/support-hr', 'sophie-garnier'],
        ['acme/support-hr', 'sophie-garnier'],
        ['acme/support', 'antoine-girard'],
      ],
      expected: 'antoine-girard',
    },
    {
      case: 'Sophie busy in HR only, Antoine with nothing open: Antoine, though Sophie comes first in the team',
      open: [['acme/support-hr', 'sophie-garnier']],
      expected: 'antoine-girard',
    },
    {
      case: 'open tickets add up across repositories: Antoine 1 default + 2 security = 3 against Sophie 2 default',
      open: [
        ['acme/support', 'sophie-garnier'],
        ['acme/support', 'sophie-garnier'],
        ['acme/support', 'antoine-girard'],
        ['acme/support-security', 'antoine-girard'],
        ['acme/support-security', 'antoine-girard'],
      ],
      expected: 'sophie-garnier',
    },
  ] as const)('a form ticket: $case', async ({ open, expected }) => {
    harness = await startDesk();
    await seed(harness, open);
    expect(await billingQuestion(harness)).toBe(expected);
  });
});

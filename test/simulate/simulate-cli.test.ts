// `repodesk simulate` through the real CLI, against a desk in a git repository with two commits (a routing
// rule, an SLA target, two article renames, a canned reply and a form label changed) and six tickets in
// the GitHub stand-in written as intake writes them: what changes is counted exactly.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/simulate/simulation.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import type { TicketDraft } from '../../src/tickets/types.ts';
import { runCli } from '../support/cli-child.ts';
import { deskFixture } from '../support/desk-fixture.ts';
import { deskRepository, rulesOf, ticketIssue } from './desk-change.ts';

let standin: Standin;
let clock = Date.parse('2026-11-23T08:00:00Z'); // Monday 09:00 in Paris
const now = '2026-11-23T10:00:00Z';
const repo = deskRepository();
const numbers: Record<string, number> = {};

async function api<T>(
  path: string,
  init: { method: string; body: unknown },
  token = 'bot-token',
): Promise<T> {
  const response = await fetch(`${standin.url}/repos/acme/support${path}`, {
    method: init.method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(init.body),
  });
  if (!response.ok)
    throw new Error(`stand-in answered ${response.status} to ${path}: ${await response.text()}`);
  return (await response.json()) as T;
}

const mail = (subject: string, organisation?: string): TicketDraft => ({
  channel: 'email',
  subject,
  body: 'Bonjour, pouvez-vous m’aider ?',
  requester: { name: 'Client', email: `client@${organisation ?? 'example.org'}.example` },
  language: 'fr',
  fields: {},
  labels: [],
  sender: 'verified',
});

function simulate(...args: string[]) {
  return runCli(['simulate', '--root', repo.root, '--now', now, ...args], {
    GITHUB_TOKEN: 'bot-token',
    GITHUB_REPOSITORY: 'acme/support',
    GITHUB_API_URL: standin.url,
  });
}

beforeAll(async () => {
  standin = await startStandin({
    users: [
      { login: 'repodesk-bot', token: 'bot-token' },
      { login: 'camille', token: 'camille-token' },
      { login: 'monitoring', token: 'monitoring-token' },
    ],
    now: () => clock,
  });
  const rules = await rulesOf(deskFixture('base'));
  const write = async (name: string, draft: TicketDraft, at: string) => {
    clock = Date.parse(at);
    const issue = ticketIssue(draft, rules, `RD-TEST-000${Object.keys(numbers).length + 1}`);
    numbers[name] = (await api<{ number: number }>('/issues', { method: 'POST', body: issue })).number;
  };
  // Two invoice questions by mail (billing today, IT with the change), one of them closed.
  await write('invoice', mail('Ma facture de mars'), '2026-11-23T08:00:00Z');
  await write('closedInvoice', mail('Facture en double'), '2026-11-23T08:00:00Z');
  await api(`/issues/${numbers.closedInvoice}`, { method: 'PATCH', body: { state: 'closed' } });
  // The contact form (its "Sujet" label is two fields'), a key account's outage, a later mail question.
  await write(
    'form',
    {
      channel: 'web',
      form: 'contact',
      subject: 'Compte bloqué',
      body: 'Je ne peux plus me connecter.',
      requester: { name: 'Léa', email: 'lea@example.org' },
      language: 'fr',
      fields: { subject: 'Compte bloqué', details: 'Je ne peux plus me connecter.', topic: 'Compte' },
      labels: [],
      sender: 'unverified',
    },
    '2026-11-23T08:00:00Z',
  );
  await write('vip', mail('Serveur en panne', 'acme'), '2026-11-23T08:00:00Z');
  await write('later', mail('Question sur mon compte'), '2026-11-23T09:15:00Z');
  // An issue a monitoring system opened on GitHub itself.
  clock = Date.parse('2026-11-23T08:00:00Z');
  numbers.opened = (
    await api<{ number: number }>(
      '/issues',
      { method: 'POST', body: { title: 'Sonde : disque plein', body: 'Alerte.', labels: ['status: new'] } },
      'monitoring-token',
    )
  ).number;
  clock = Date.parse(now);
}, 60_000);

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

describe('repodesk simulate --base <commit> --head <commit>', () => {
  let simulation: Simulation;
  let code: number | null;
  beforeAll(async () => {
    const result = await simulate('--base', repo.base, '--head', repo.head, '--format', 'json');
    code = result.code;
    expect(result.stderr).toBe('');
    simulation = JSON.parse(result.stdout) as Simulation;
  }, 60_000);

  it('names both sides by the rules version validate and /healthz show: the commit that last changed rules/', () => {
    expect(simulation.base).toEqual({ ref: repo.base, rulesVersion: repo.base.slice(0, 12) });
    expect(simulation.head).toEqual({ ref: repo.head, rulesVersion: repo.head.slice(0, 12) });
  });

  it('routes the six tickets again: the two invoice mails (one closed) change team, it → billing', () => {
    expect(simulation.routing.replayed).toBe(6);
    expect(simulation.routing.changed).toBe(2);
    expect(simulation.routing.byAspect).toEqual({
      team: 2,
      priority: 0,
      type: 0,
      assignment: 0,
      labels: 2,
      replies: 0,
    });
    const invoice = simulation.routing.tickets.find((ticket) => ticket.number === numbers.invoice)!;
    expect(invoice.changes).toEqual([
      { aspect: 'team', base: 'it', head: 'billing' },
      {
        aspect: 'labels',
        base: 'priority: normal, status: new, team: it, type: question',
        head: 'priority: normal, status: new, team: billing, type: question',
      },
    ]);
    expect(invoice.base.matched).toEqual(['invoices', 'fallback']);
    expect(invoice.head.matched).toEqual(['invoices']);
    expect(invoice.head.trace).toContain('rule invoices stops evaluation: 1 later rule not evaluated');
    expect(simulation.routing.tickets.map((ticket) => ticket.number).sort()).toEqual(
      [numbers.invoice, numbers.closedInvoice].sort(),
    );
  });

  it('evaluates the five open tickets under both: three standard ones breach at once, the later one is at risk, the key account’s is unchanged', () => {
    expect(simulation.sla).toMatchObject({ open: 5, changed: 4, becomeAtRisk: 1, becomeBreached: 3 });
    const later = simulation.sla.tickets.find((ticket) => ticket.number === numbers.later)!;
    expect(later.base.clocks.firstResponse).toEqual({ dueAt: '2026-11-23T14:15:00.000Z', state: 'ok' });
    expect(later.head.clocks.firstResponse).toEqual({ dueAt: '2026-11-23T10:15:00.000Z', state: 'at-risk' });
    expect(later.becomes).toBe('at-risk');
    expect(simulation.sla.tickets.map((ticket) => ticket.number)).not.toContain(numbers.vip);
    const opened = simulation.sla.tickets.find((ticket) => ticket.number === numbers.opened)!;
    expect([opened.base.policy, opened.head.policy, opened.becomes]).toEqual([
      'standard',
      'standard',
      'breached',
    ]);
  });

  it('lists the two renamed articles, the changed form and reply, and refuses the renamed page another article links to', () => {
    expect(simulation.content.articles).toEqual([
      { kind: 'renamed', lang: 'en', slug: 'invoice', to: 'invoices', title: 'Get an invoice' },
      { kind: 'renamed', lang: 'fr', slug: 'facture', to: 'factures', title: 'Obtenir une facture' },
    ]);
    expect(simulation.content.forms).toEqual({ added: [], removed: [], changed: ['contact'] });
    expect(simulation.content.replies).toEqual({ added: [], removed: [], changed: ['ack.en'] });
    expect(simulation.content.templates).toEqual({ added: [], removed: [], changed: [] });
    expect(simulation.content.errors.map((error) => error.message)).toEqual([
      'article /fr/articles/facture/ is renamed to /fr/articles/factures/ but linked from kb/fr/mot-de-passe.md (base); ' +
        'the help site has no redirects, so those links (and mails already sent with them) would lead nowhere: ' +
        'keep kb/fr/facture.md under its old name, or first merge a change that removes every link to it',
    ]);
    expect(code).toBe(1);
  });
});

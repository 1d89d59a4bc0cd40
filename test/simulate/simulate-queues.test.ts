// `repodesk simulate` on a desk with confidential queues (issue 13): the base's desk.yaml lists
// acme/support and acme/support-hr, and tickets are read from both, through the real CLI against the GitHub
// stand-in. The change of the desk moves invoice mails from IT to billing and shortens the standard first
// response (as test/simulate/desk-change.ts): an invoice mail in each repository shows it, named by its
// repository, and the output says how many tickets came from each.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/simulate/simulation.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import type { TicketDraft } from '../../src/tickets/types.ts';
import { runCli } from '../support/cli-child.ts';
import { deskRepository, rulesOf, ticketIssue } from './desk-change.ts';

let standin: Standin;
let clock = Date.parse('2026-11-23T08:00:00Z'); // Monday 09:00 in Paris
const now = '2026-11-23T10:00:00Z';
const listed = 'repository: acme/support\nrepositories: [acme/support, acme/support-hr]\n';
// The routing and SLA changes of desk-change.ts, without its article renames (a content error, exit 1).
const repo = deskRepository(
  {
    'rules/routing.yaml': (text) =>
      text.replace('then: { team: billing, reply: ack }', 'then: { team: billing, reply: ack, stop: true }'),
    'rules/sla.yaml': (text) =>
      text.replace('firstResponse: 4h, resolution: 3d', 'firstResponse: 1h, resolution: 3d'),
  },
  [],
  { base: { 'rules/desk.yaml': (text) => text.replace('repository: lumen/support\n', listed) } },
);

const mail = (subject: string): TicketDraft => ({
  channel: 'email',
  subject,
  body: 'Bonjour, pouvez-vous m’aider ?',
  requester: { name: 'Client', email: 'client@example.org.example' },
  language: 'fr',
  fields: {},
  labels: [],
  sender: 'verified',
});

async function api(repository: string, route: string, method: string, body: unknown) {
  const response = await fetch(`${standin.url}/repos/${repository}${route}`, {
    method,
    headers: { authorization: 'token bot-token', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`stand-in answered ${response.status} to ${route}`);
  return (await response.json()) as { number: number };
}

function simulate(...args: string[]) {
  return runCli(
    ['simulate', '--root', repo.root, '--now', now, '--base', repo.base, '--head', repo.head, ...args],
    { GITHUB_TOKEN: 'bot-token', GITHUB_REPOSITORY: 'acme/support', GITHUB_API_URL: standin.url },
  );
}

beforeAll(async () => {
  standin = await startStandin({
    repos: ['acme/support', 'acme/support-hr'],
    users: [{ login: 'repodesk-bot', token: 'bot-token' }],
    now: () => clock,
  });
  const rules = await rulesOf(repo.root);
  let refs = 0;
  const write = async (repository: string, draft: TicketDraft, at: string) => {
    clock = Date.parse(at);
    refs += 1;
    return api(repository, '/issues', 'POST', ticketIssue(draft, rules, `RD-TEST-000${refs}`));
  };
  // The default repository: an invoice mail and a password question, both open.
  await write('acme/support', mail('Ma facture de mars'), '2026-11-23T08:00:00Z');
  await write('acme/support', mail('Mot de passe oublié'), '2026-11-23T08:10:00Z');
  // The HR repository: a closed question, then an invoice mail, the newest ticket of the desk.
  const closed = await write('acme/support-hr', mail('Question sur mon contrat'), '2026-11-23T08:05:00Z');
  await api('acme/support-hr', `/issues/${closed.number}`, 'PATCH', { state: 'closed' });
  await write('acme/support-hr', mail('Facture de frais de formation'), '2026-11-23T09:00:00Z');
  clock = Date.parse(now);
}, 60_000);

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

describe('repodesk simulate on a desk with two repositories', () => {
  let simulation: Simulation;
  beforeAll(async () => {
    const result = await simulate('--format', 'json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    simulation = JSON.parse(result.stdout) as Simulation;
  }, 60_000);

  it('reads the tickets of both repositories and says how many came from each', () => {
    expect(simulation.sources).toEqual([
      { repository: 'acme/support', replayed: 2, open: 2 },
      { repository: 'acme/support-hr', replayed: 2, open: 1 },
    ]);
    expect(simulation.routing.replayed).toBe(4);
    expect(simulation.sla.open).toBe(3);
  });

  it('names the changed tickets of the HR repository by their repository, those of the default one as #N', () => {
    expect(
      simulation.routing.tickets.map((ticket) => [ticket.repository ?? '', ticket.number, ticket.title]),
    ).toEqual([
      ['', 1, 'Ma facture de mars'],
      ['acme/support-hr', 2, 'Facture de frais de formation'],
    ]);
    expect(simulation.sla.tickets.map((ticket) => `${ticket.repository ?? ''}#${ticket.number}`)).toEqual([
      '#1',
      '#2',
      'acme/support-hr#2',
    ]);
  });

  it('the text output has the count per repository and the HR ticket by its full name', async () => {
    const result = await simulate();
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[1]).toBe(
      'Tickets from 2 repositories: acme/support 2 routed, 2 open; acme/support-hr 2 routed, 1 open',
    );
    expect(lines[2]).toMatch(/^Routing: 2 of 4 tickets change \(team 2/);
    expect(lines).toContain('  acme/support-hr#2 Facture de frais de formation');
    expect(lines).toContain('  #1 Ma facture de mars');
  });

  it('--limit counts the newest tickets of all repositories together', async () => {
    const result = await simulate('--format', 'json', '--limit', '1');
    expect(result.code).toBe(0);
    const limited = JSON.parse(result.stdout) as Simulation;
    expect(limited.sources.map((source) => [source.repository, source.replayed])).toEqual([
      ['acme/support', 0],
      ['acme/support-hr', 1],
    ]);
    expect(limited.routing.tickets.map((ticket) => ticket.title)).toEqual(['Facture de frais de formation']);
  });

  it('the Markdown summary (the pull request comment) has the count per repository too', async () => {
    const result = await simulate('--format', 'markdown');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Tickets from 2 repositories: acme/support 2 routed, 2 open; acme/support-hr 2 routed, 1 open',
    );
    expect(result.stdout).toContain('`acme/support-hr#2`');
  });
});

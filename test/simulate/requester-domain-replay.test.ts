// `repodesk simulate` replays rules on the requester's domain and organisations found by domain: intake keeps
// the requester's domain (never the address) in the facts marker, and the simulation's drafts take it from
// there. Tickets created before the marker kept it are counted as not replayable, in every output. Through
// the real CLI against the GitHub stand-in, tickets written as intake writes them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/simulate/simulation.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import type { TicketDraft } from '../../src/tickets/types.ts';
import { runCli } from '../support/cli-child.ts';
import { deskFixture } from '../support/desk-fixture.ts';
import { deskRepository, rulesOf, ticketIssue } from './desk-change.ts';

/** The head adds a rule on the requester's domain. */
const domainRule = deskRepository(
  {
    'rules/routing.yaml': (text) =>
      text.replace(
        'rules:\n',
        'rules:\n  - id: initech\n    when: { requester: { domain: initech.example } }\n    then: { labels: [initech] }\n',
      ),
  },
  [],
);
/** The head makes initech.example an organisation of the vip tier (a rule routes vip tickets as urgent). */
const newOrganisation = deskRepository(
  {
    'rules/customers.yaml': (text) =>
      `${text}  - id: initech\n    name: Initech\n    domains: [initech.example]\n    tier: vip\n`,
  },
  [],
);
const now = '2026-11-23T10:00:00Z';
let standin: Standin;
const numbers: Record<string, number> = {};
const notReplayableLine =
  "; 1 not replayable for rules on the requester's domain or organisation (created before the facts marker kept the requester's domain)";

const mail = (subject: string, domain: string): TicketDraft => ({
  channel: 'email',
  subject,
  body: 'Bonjour, pouvez-vous m’aider ?',
  requester: { name: 'Client', email: `client.name@${domain}` },
  language: 'fr',
  fields: {},
  labels: [],
  sender: 'verified',
});

async function create(issue: { title: string; body: string; labels: string[] }): Promise<number> {
  const response = await fetch(`${standin.url}/repos/acme/support/issues`, {
    method: 'POST',
    headers: { authorization: 'token bot-token', 'content-type': 'application/json' },
    body: JSON.stringify(issue),
  });
  return ((await response.json()) as { number: number }).number;
}

const simulate = (repo: { root: string; base: string; head: string }, format: string) =>
  runCli(
    [
      'simulate',
      '--root',
      repo.root,
      '--now',
      now,
      '--base',
      repo.base,
      '--head',
      repo.head,
      '--format',
      format,
    ],
    { GITHUB_TOKEN: 'bot-token', GITHUB_REPOSITORY: 'acme/support', GITHUB_API_URL: standin.url },
  );

beforeAll(async () => {
  standin = await startStandin({
    users: [{ login: 'repodesk-bot', token: 'bot-token' }],
    now: () => Date.parse('2026-11-23T08:00:00Z'),
  });
  const rules = await rulesOf(deskFixture('base'));
  numbers.initech = await create(
    ticketIssue(mail('Imprimante en panne', 'initech.example'), rules, 'RD-TEST-0001'),
  );
  numbers.globex = await create(
    ticketIssue(mail('Question de facturation', 'globex.example'), rules, 'RD-TEST-0002'),
  );
  // A ticket created before the facts marker kept the requester's domain.
  const old = ticketIssue(mail('Ancienne demande', 'initech.example'), rules, 'RD-TEST-0003');
  numbers.old = await create({ ...old, body: old.body.replace(/ domain=[^\s>]+/, '') });
}, 60_000);

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

describe('simulate replays rules on the requester', () => {
  it('the facts marker keeps the requester’s domain, never the address', async () => {
    const response = await fetch(`${standin.url}/repos/acme/support/issues/${numbers.initech}`, {
      headers: { authorization: 'token bot-token' },
    });
    const firstLine = ((await response.json()) as { body: string }).body.split('\n')[0] ?? '';
    expect(firstLine).toMatch(/<!-- repodesk:facts [^>]*\bdomain=initech\.example\b[^>]*-->/);
    expect(firstLine).not.toContain('client.name');
  });

  it('a rule on the requester’s domain: the ticket of that domain changes, with the condition in its trace', async () => {
    const result = await simulate(domainRule, 'json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { routing } = JSON.parse(result.stdout) as Simulation;
    expect(routing.replayed).toBe(3);
    expect(routing.notReplayable).toBe(1);
    expect(routing.tickets.map((ticket) => ticket.number)).toEqual([numbers.initech]);
    expect(routing.tickets[0]!.changes).toEqual([
      { aspect: 'labels', base: expect.any(String), head: expect.stringContaining('initech') },
    ]);
    expect(routing.tickets[0]!.head.matched).toContain('initech');
    expect(routing.tickets[0]!.head.trace.join('\n')).toContain(
      'requester domain "initech.example" matched "initech.example"',
    );
  });

  it('an organisation found by the requester’s domain: its tier’s rule replays', async () => {
    const result = await simulate(newOrganisation, 'json');
    expect(result.code).toBe(0);
    const { routing } = JSON.parse(result.stdout) as Simulation;
    expect(routing.tickets.map((ticket) => ticket.number)).toEqual([numbers.initech]);
    expect(routing.tickets[0]!.changes).toContainEqual({
      aspect: 'priority',
      base: expect.any(String),
      head: 'urgent',
    });
    expect(routing.tickets[0]!.head.matched).toContain('vip');
  });

  it.each(['text', 'markdown'])(
    '%s: the summary counts the tickets that are not replayable',
    async (format) => {
      const result = await simulate(domainRule, format);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Routing: 1 of 3 tickets change (labels 1)${notReplayableLine}`);
    },
  );
});

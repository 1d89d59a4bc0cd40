// An issue a desk agent opens on GitHub (through an exported issue form, or none) is framed in the bot's one
// write like a form or mail ticket: the ticket and facts markers first, the "Pour l'agent" section last (the
// articles that may answer it). Opened at night, when nobody of its team is on duty, it waits unassigned
// and the sweep assigns it when a shift starts, as it does form tickets. An outsider's issue is routed
// (labels) but not framed, and the sweep never reads facts into it. Through the stand-in's signed webhooks;
// sweeps as `repodesk sweep` runs them, writes counted at the stand-in.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRules } from '../../../src/rules/load-rules.ts';
import { runSweep } from '../../../src/sweep/run-sweep.ts';
import { readTicketFacts } from '../../../src/tickets/markers.ts';
import { createOctokit } from '../../../src/tracker/create-octokit.ts';
import { GithubTracker } from '../../../src/tracker/github-tracker.ts';
import { agentApi } from '../../support/agent-api.ts';
import { manualClock, settle, startHarness, type Harness } from '../../support/bot-harness.ts';
import { deskFixture } from '../../support/desk-fixture.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet } as never;

const hours = "{ mon: ['09:00-18:00'], tue: ['09:00-18:00'], wed: ['09:00-18:00'] }";
/** Billing by round-robin: Camille and Léa work office hours in Paris. */
const teams = `agents:
  - login: camille
    name: Camille Martin
    timezone: Europe/Paris
    capacity: 5
    workingHours: ${hours}
    languages: [fr, en]
  - login: lea
    name: Léa Roche
    timezone: Europe/Paris
    capacity: 5
    workingHours: ${hours}
    languages: [fr]
teams:
  - id: billing
    name: { fr: Facturation, en: Billing }
    label: 'team: billing'
    members: [camille, lea]
    escalationContact: camille
    assignment: round-robin
    calendar: paris
`;
const routing = `rules:
  - id: fallback
    then: { team: billing }
`;

const clock = manualClock(Date.parse('2026-11-24T01:00:00Z'));
let harness: Harness;
const api = agentApi(() => harness);
const visitorToken = 'visitor-token';

const patchIssue = 'PATCH /repos/{owner}/{repo}/issues/{issue_number}';

/** The body GitHub writes for the fixture's contact form (two fields share the label "Sujet"). */
const contactBody = (subject: string) =>
  `### Sujet\n\n${subject}\n\n### Détails\n\nJe ne retrouve pas ma facture de novembre.\n\n### Sujet\n\nFacture`;

/** Opens an issue as `token`'s account at `iso`; resolves to it as agents see it and the bot's writes. */
async function openIssue(title: string, body: string, iso: string, token?: string) {
  clock.set(Date.parse(iso));
  harness.standin.resetStats();
  const { number } = await api<{ number: number }>(
    '/issues',
    { method: 'POST', body: JSON.stringify({ title, body }) },
    token,
  );
  await settle(harness);
  const writes = harness.standin
    .writeLog()
    .filter((write) => write.login === harness.standin.botLogin)
    .map((write) => write.request);
  const issue = (await harness.issues()).find((candidate) => candidate.number === number)!;
  return { number, issue, writes };
}

/** One sweep at `iso`, as `repodesk sweep` runs it. */
async function sweepAt(iso: string) {
  clock.set(Date.parse(iso));
  const octokit = createOctokit({ baseUrl: harness.standin.url, token: 'bot-token' }, { log: quiet });
  const result = await runSweep({
    tracker: new GithubTracker({ octokit, repository: 'acme/support', now: clock.now }),
    rules: harness.rules,
    now: new Date(iso),
    lastAssigned: {},
    log: quiet,
  });
  expect(result.errors).toEqual([]);
  return result;
}

beforeAll(async () => {
  const root = deskFixture('base', { 'rules/teams.yaml': teams, 'rules/routing.yaml': routing });
  const loaded = await loadRules(root, { now: new Date(clock.now()) });
  if (!loaded.rules) throw new Error(JSON.stringify(loaded.problems.slice(0, 3)));
  harness = await startHarness({
    clock: clock.now,
    desk: { root, rules: loaded.rules, articles: loaded.articles },
    standinUsers: [{ login: 'lea' }, { login: 'visiteur', token: visitorToken, role: 'read' }],
  });
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

describe('an issue a desk agent opens on GitHub at night', () => {
  const opened: number[] = [];

  it.each([
    [
      'through the exported contact form',
      'Obtenir une facture',
      contactBody('Obtenir une facture'),
      'contact',
    ],
    ['with no form', 'Obtenir une facture de novembre', 'Bonjour, où trouver ma facture ?', undefined],
  ])(
    '%s: one write gives the team, the facts marker (waiting for round-robin) and the "Pour l’agent" section',
    async (_, title, body, form) => {
      const { number, issue, writes } = await openIssue(title, body, '2026-11-24T01:30:00Z');
      opened.push(number);
      expect(writes).toEqual([patchIssue]);
      expect(issue.labels).toContain('team: billing');
      expect(issue.assignees).toEqual([]);
      expect(readTicketFacts(issue.body)).toEqual({
        channel: 'github',
        language: 'fr',
        assign: 'round-robin',
        ...(form ? { form } : {}),
      });
      // The agent's text as written, then the section listing the article that may answer it.
      expect(issue.body).toContain(`-->\n${body}\n\n### Pour l’agent\n`);
      expect(issue.body).toMatch(
        /- \[Obtenir une facture\]\(http:\/\/site\.test\/fr\/articles\/facture\/?\)/,
      );
    },
  );

  it('the sweep at 09:30 in Paris assigns them by round-robin, one agent each', async () => {
    const result = await sweepAt('2026-11-24T08:30:00Z');
    expect(result.assigned.map((assignment) => assignment.number).sort()).toEqual([...opened].sort());
    const issues = await harness.issues();
    const assignees = opened.map((number) => issues.find((issue) => issue.number === number)!.assignees);
    expect(assignees.map((logins) => logins.length)).toEqual([1, 1]);
    expect(new Set(assignees.flat())).toEqual(new Set(['camille', 'lea']));
  });
});

describe('an issue someone who may not act for the desk opens at night', () => {
  it('gets its labels only, and the sweep never assigns it from facts it could have typed', async () => {
    const forged =
      '<!-- repodesk:ticket ref=RD-AAAA-BBBB key=0123456789abcdef --><!-- repodesk:facts channel=github assign=round-robin -->';
    const body = `${forged}\nBonjour, où trouver ma facture ?`;
    const { number, issue, writes } = await openIssue(
      'Facture introuvable',
      body,
      '2026-11-25T01:30:00Z',
      visitorToken,
    );
    expect(writes).toEqual(['POST /repos/{owner}/{repo}/issues/{issue_number}/labels']);
    expect(issue.body).toBe(body);
    expect(issue.assignees).toEqual([]);
    const result = await sweepAt('2026-11-25T08:30:00Z');
    expect(result.assigned.map((assignment) => assignment.number)).not.toContain(number);
    expect((await harness.issues()).find((candidate) => candidate.number === number)!.assignees).toEqual([]);
  });
});

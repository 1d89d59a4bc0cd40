// Tickets that arrive when no agent of their team is on duty wait unassigned; the sweep assigns them when
// an agent's shift starts or they come back from leave: by the team's strategy, the ticket due first taken
// first, within each agent's capacity. Requests go through the bot's form path (routing, the facts intake
// writes); sweeps through runSweep against the GitHub stand-in; what agents see is read back from it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/load-rules.ts';
import { runSweep, type SweepResult } from '../../src/sweep/run-sweep.ts';
import { createOctokit } from '../../src/tracker/create-octokit.ts';
import { GithubTracker } from '../../src/tracker/github-tracker.ts';
import { eventually, manualClock, postRequest, startHarness, type Harness } from '../support/bot-harness.ts';
import { deskFixture } from '../support/desk-fixture.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet } as never;

const hours = "{ mon: ['09:00-18:00'], tue: ['09:00-18:00'], wed: ['09:00-18:00'] }";
/** Billing by round-robin: Camille (2 at most), Hugo (on leave until Tuesday 24 included), Léa (3 at most). */
const teams = `agents:
  - login: camille
    name: Camille Martin
    timezone: Europe/Paris
    capacity: 2
    workingHours: ${hours}
    languages: [fr, en]
  - login: hugo
    name: Hugo Bernard
    timezone: Europe/Paris
    capacity: 5
    workingHours: ${hours}
    outOfOffice:
      - { from: '2026-11-20', to: '2026-11-24', reason: Congés }
    languages: [fr]
  - login: lea
    name: Léa Roche
    timezone: Europe/Paris
    capacity: 3
    workingHours: ${hours}
    languages: [fr]
teams:
  - id: billing
    name: { fr: Facturation, en: Billing }
    label: 'team: billing'
    members: [camille, hugo, lea]
    escalationContact: camille
    assignment: round-robin
    calendar: paris
  - id: it
    name: { fr: Informatique, en: IT }
    label: 'team: it'
    members: [hugo]
    escalationContact: hugo
    calendar: paris
`;
/** Out-of-office replies go to billing assigned to nobody on purpose; "urgent" raises the priority. */
const routing = `rules:
  - id: absences
    when: { subject: { contains: [absence] } }
    then: { team: billing, assign: none, stop: true }
  - id: urgent
    when: { subject: { contains: [urgent] } }
    then: { priority: urgent }
  - id: fallback
    then: { team: billing }
`;

const clock = manualClock(Date.parse('2026-11-24T01:00:00Z'));
let harness: Harness;
/** Issue numbers by subject. */
const numberOf = new Map<string, number>();

function trackerAsBot(): GithubTracker {
  const octokit = createOctokit({ baseUrl: harness.standin.url, token: 'bot-token' }, { log: quiet });
  return new GithubTracker({ octokit, repository: 'acme/support', now: clock.now });
}

/** One sweep at `iso`, as `repodesk sweep` runs it, with the stand-in's writes counted. */
async function sweepAt(
  iso: string,
  lastAssigned: Record<string, string> = {},
): Promise<SweepResult & { standinWrites: number }> {
  clock.set(Date.parse(iso));
  harness.standin.resetStats();
  const result = await runSweep({
    tracker: trackerAsBot(),
    rules: harness.rules,
    now: new Date(iso),
    lastAssigned,
    log: quiet,
  });
  expect(result.errors).toEqual([]);
  return { ...result, standinWrites: harness.standin.stats().writes };
}

async function assigneesBySubject(): Promise<Record<string, string[]>> {
  const issues = await harness.issues();
  return Object.fromEntries(
    [...numberOf].map(([subject, number]) => [
      subject,
      issues.find((issue) => issue.number === number)!.assignees,
    ]),
  );
}

/** Submits the contact form at `iso` and waits for its issue. */
async function submit(subject: string, iso: string): Promise<void> {
  clock.set(Date.parse(iso));
  const response = await postRequest(harness.url, {
    form: 'contact',
    lang: 'fr',
    requester: { name: 'Ada Lovelace', email: `ada+${numberOf.size}@example.org` },
    fields: { subject, details: 'Bonjour, pouvez-vous regarder ?' },
    idempotencyKey: `waiting${numberOf.size}`.padEnd(24, '0'),
    startedAt: clock.now() - 60_000,
  });
  expect(response.status, await response.clone().text()).toBe(202);
  const issue = await eventually(async () =>
    (await harness.issues()).find((candidate) => candidate.title.includes(subject)),
  );
  numberOf.set(subject, issue.number);
}

beforeAll(async () => {
  const root = deskFixture('base', { 'rules/teams.yaml': teams, 'rules/routing.yaml': routing });
  const loaded = await loadRules(root, { now: new Date(clock.now()) });
  if (!loaded.rules) throw new Error(JSON.stringify(loaded.problems.slice(0, 3)));
  harness = await startHarness({
    clock: clock.now,
    desk: { root, rules: loaded.rules, articles: loaded.articles },
    limits: { perIp: { burst: 50, refillMs: 1_000 }, perAddress: { burst: 50, refillMs: 1_000 } },
    standinUsers: [{ login: 'lea' }],
  });
  // Tuesday 24 November 2026, 02:00 to 02:50 in Paris: nobody is on duty. The sixth is urgent (due first).
  for (const [index, subject] of [
    'Facture 1',
    'Facture 2',
    'Facture 3',
    'Facture 4',
    'Facture 5',
    'Facture 6 urgent',
    'Message d’absence',
  ].entries())
    await submit(subject, `2026-11-24T01:${String(index * 8).padStart(2, '0')}:00Z`);
}, 60_000);

afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness.close();
});

describe('tickets that arrive while nobody of their team is on duty', () => {
  it('arrive unassigned, in the billing team', async () => {
    const issues = await harness.issues();
    expect(issues).toHaveLength(7);
    for (const issue of issues) {
      expect(issue.assignees).toEqual([]);
      expect(issue.labels).toContain('team: billing');
    }
  });

  it('08:59 in Paris, before any shift starts: the sweep assigns none and writes nothing', async () => {
    // The night's sweep wrote each ticket's SLA status line (one write each), nothing more.
    const night = await sweepAt('2026-11-24T03:00:00Z');
    expect(night.standinWrites).toBe(7);
    expect(night.assigned).toEqual([]);
    const result = await sweepAt('2026-11-24T07:59:00Z');
    expect(result.assigned).toEqual([]);
    expect(result.standinWrites).toBe(0);
    expect(Object.values(await assigneesBySubject()).flat()).toEqual([]);
  });

  let rotation: Record<string, string> = {};
  it('09:01: assigned by round-robin, due first, within capacity; the agent on leave gets none', async () => {
    const result = await sweepAt('2026-11-24T08:01:00Z');
    rotation = result.lastAssigned;
    expect(await assigneesBySubject()).toEqual({
      // Urgent: due at 10:00, before the others (13:00): first in the rotation.
      'Facture 6 urgent': ['camille'],
      'Facture 1': ['lea'],
      'Facture 2': ['camille'],
      // Camille is at her capacity of 2: Léa takes the rest up to her 3.
      'Facture 3': ['lea'],
      'Facture 4': ['lea'],
      // Nobody left with room (Hugo is on leave): the last due waits.
      'Facture 5': [],
      // Assigned to nobody on purpose by routing: the sweep leaves it so.
      'Message d’absence': [],
    });
    // One write per ticket assigned.
    expect(result.standinWrites).toBe(5);
    expect(rotation).toEqual({ billing: 'lea' });
  });

  it('a second sweep the same morning writes nothing', async () => {
    const result = await sweepAt('2026-11-24T08:16:00Z', rotation);
    expect(result.assigned).toEqual([]);
    expect(result.standinWrites).toBe(0);
  });

  it('Wednesday 09:01, Hugo back from leave: he gets the ticket still waiting, then nothing more is written', async () => {
    // Before 09:00 nobody is assigned; the status lines now say the first responses were breached.
    const early = await sweepAt('2026-11-25T07:30:00Z', rotation);
    expect(early.assigned).toEqual([]);
    expect(early.standinWrites).toBe(7);
    expect((await harness.issues()).every((issue) => issue.body.includes('première réponse dépassée'))).toBe(
      true,
    );
    const result = await sweepAt('2026-11-25T08:01:00Z', rotation);
    expect(result.assigned).toEqual([{ number: numberOf.get('Facture 5'), login: 'hugo' }]);
    expect(result.standinWrites).toBe(1);
    expect((await assigneesBySubject())['Facture 5']).toEqual(['hugo']);
    expect((await assigneesBySubject())['Message d’absence']).toEqual([]);
    expect((await sweepAt('2026-11-25T08:16:00Z', result.lastAssigned)).standinWrites).toBe(0);
  });
});

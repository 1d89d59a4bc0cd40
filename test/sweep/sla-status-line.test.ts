// The SLA status line agents read at the end of the issue body: written by the first sweep after creation,
// rewritten only when a due time or a clock's state changes (a pause, a new priority, a breach), folded into
// the sweep's one write for the ticket, never written again when nothing changed. Requests go through the
// bot's form path; sweeps through runSweep against the GitHub stand-in; the body is read back from it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/load-rules.ts';
import type { Rules } from '../../src/rules/types.ts';
import { runSweep, type SweepResult } from '../../src/sweep/run-sweep.ts';
import { createOctokit } from '../../src/tracker/create-octokit.ts';
import { GithubTracker } from '../../src/tracker/github-tracker.ts';
import {
  agentToken,
  eventually,
  manualClock,
  postRequest,
  startHarness,
  type Harness,
} from '../support/bot-harness.ts';
import { deskFixture } from '../support/desk-fixture.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet } as never;

/** The base desk's policies, the urgent one with an at-risk step (a label the sweep adds at 75 %). */
const sla = `calendars:
  - id: paris
    name: { fr: Paris, en: Paris }
    timezone: Europe/Paris
    hours:
      mon: ['09:00-12:30', '13:30-18:00']
      tue: ['09:00-18:00']
policies:
  - id: urgent
    name: { fr: Urgent, en: Urgent }
    when: { priority: urgent }
    calendar: paris
    targets: { firstResponse: 1h }
    escalation: [{ at: 75, label: 'sla: at-risk' }]
  - id: standard
    name: { fr: Standard, en: Standard }
    calendar: paris
    targets: { firstResponse: 4h, resolution: 1d }
    pauseOn: { resolution: [pending] }
`;

const clock = manualClock(Date.parse('2026-11-23T08:30:00Z'));
let harness: Harness;
let rules: Rules;
let number = 0;

function trackerAs(token: string): GithubTracker {
  const octokit = createOctokit({ baseUrl: harness.standin.url, token }, { log: quiet });
  return new GithubTracker({ octokit, repository: 'acme/support', now: clock.now });
}

/** One sweep at `iso`, as `repodesk sweep` runs it, with the stand-in's writes counted. */
async function sweepAt(iso: string, desk: Rules = rules): Promise<SweepResult & { standinWrites: number }> {
  clock.set(Date.parse(iso));
  harness.standin.resetStats();
  const result = await runSweep({
    tracker: trackerAs('bot-token'),
    rules: desk,
    now: new Date(iso),
    log: quiet,
  });
  expect(result.errors).toEqual([]);
  return { ...result, standinWrites: harness.standin.stats().writes };
}

const issue = async () => (await harness.issues()).find((candidate) => candidate.number === number)!;

/** An agent swaps labels on GitHub (`from` for `to`). */
async function relabel(changes: Record<string, string>): Promise<void> {
  const labels = (await issue()).labels.map((label) => changes[label] ?? label);
  await trackerAs(agentToken).updateIssue(number, { labels });
}

/** The status line at the end of the body, markers included. */
async function statusLine(): Promise<string> {
  const { body } = await issue();
  return body.slice(body.indexOf('<!-- repodesk:sla-status'));
}

beforeAll(async () => {
  const root = deskFixture('base', { 'rules/sla.yaml': sla });
  const loaded = await loadRules(root, { now: new Date(clock.now()) });
  if (!loaded.rules) throw new Error(JSON.stringify(loaded.problems.slice(0, 3)));
  rules = loaded.rules;
  harness = await startHarness({
    clock: clock.now,
    desk: { root, rules: loaded.rules, articles: loaded.articles },
  });
  // Monday 23 November 2026, 09:30 in Paris.
  const response = await postRequest(harness.url, {
    form: 'contact',
    lang: 'fr',
    requester: { name: 'Ada Lovelace', email: 'ada@example.org' },
    fields: { subject: 'Facture en double', details: 'Bonjour, la facture <b>@camille</b> est en double.' },
    idempotencyKey: 'statusline'.padEnd(24, '0'),
    startedAt: clock.now() - 60_000,
  });
  expect(response.status, await response.clone().text()).toBe(202);
  number = (await eventually(async () => (await harness.issues())[0])).number;
}, 60_000);

afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness.close();
});

describe('the SLA status line of an issue', () => {
  it('appears after the first sweep, in French, in one write, the customer text before it untouched', async () => {
    const before = (await issue()).body;
    expect(before).not.toContain('repodesk:sla-status');
    const result = await sweepAt('2026-11-23T08:45:00Z');
    expect(result.standinWrites).toBe(1);
    expect(await statusLine()).toBe(
      '<!-- repodesk:sla-status policy=standard status=new -->\n' +
        'SLA : première réponse avant le 23 nov. 14:30 · résolution avant le 30 nov. 17:30 (heure Europe/Paris)\n' +
        '<!-- /repodesk:sla-status -->\n',
    );
    expect((await issue()).body.startsWith(before.trimEnd())).toBe(true);
  });

  it('a second and a third sweep with nothing changed write nothing', async () => {
    expect((await sweepAt('2026-11-23T09:00:00Z')).standinWrites).toBe(0);
    expect((await sweepAt('2026-11-23T10:00:00Z')).standinWrites).toBe(0);
  });

  it('a pause (status pending) updates it once: resolution paused, first response still due', async () => {
    await relabel({ 'status: new': 'status: pending' });
    const result = await sweepAt('2026-11-23T10:15:00Z');
    expect(result.standinWrites).toBe(1);
    expect(await statusLine()).toContain(
      'SLA : première réponse avant le 23 nov. 14:30 · résolution en pause (heure Europe/Paris)',
    );
    expect((await sweepAt('2026-11-23T11:15:00Z')).standinWrites).toBe(0);
  });

  it('a priority change updates it once, folded with the at-risk label into one write', async () => {
    await relabel({ 'status: pending': 'status: open', 'priority: normal': 'priority: urgent' });
    // Urgent: first response within 1 h of business time from 09:30, due 10:30; at 12:20 it is breached
    // (and past its at-risk step).
    const result = await sweepAt('2026-11-23T11:20:00Z');
    expect(result.standinWrites).toBe(1);
    expect((await issue()).labels).toContain('sla: at-risk');
    expect(await statusLine()).toContain(
      'policy=urgent status=open -->\nSLA : première réponse dépassée (échéance le 23 nov. 10:30) (heure Europe/Paris)\n',
    );
    expect((await sweepAt('2026-11-23T11:30:00Z')).standinWrites).toBe(0);
  });

  it('is written in English on an English desk', async () => {
    const english: Rules = { ...rules, desk: { ...rules.desk, languages: ['en', 'fr'] } };
    expect((await sweepAt('2026-11-23T11:45:00Z', english)).standinWrites).toBe(1);
    expect(await statusLine()).toContain(
      'SLA: first response breached (due 23 Nov 10:30) (Europe/Paris time)',
    );
  });
});

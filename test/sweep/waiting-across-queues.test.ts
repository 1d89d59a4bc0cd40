// Tickets that wait for an agent on a desk with confidential queues (issue 13): when a shift starts, the
// bot's sweep counts each agent's open tickets in every repository desk.yaml lists, as least-open routing at
// intake does, not only in the repository it sweeps. Through the bot: requests posted to the form at night
// (billing, nobody on duty, filed unassigned in the default repository, payroll in the HR one), issues
// seeded on GitHub in both repositories, the bot's sweep task run at 09:01 in Paris, and the assignees read
// back from the stand-in.

import { afterEach, describe, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/load-rules.ts';
import { sweepTask } from '../../src/sweep/sweep-task.ts';
import { agentToken, manualClock, postRequest, startHarness, type Harness } from '../support/bot-harness.ts';
import { deskFixture } from '../support/desk-fixture.ts';

const repositories = ['acme/support', 'acme/support-hr'];
const hours = "{ mon: ['09:00-18:00'], tue: ['09:00-18:00'] }";
// Tuesday 24 November 2026, 02:00 in Paris: nobody on duty; 09:01: every shift has started.
const night = Date.parse('2026-11-24T01:00:00Z');
const shiftStart = Date.parse('2026-11-24T08:01:00Z');
/** The stand-in's key for a page of a repository's issues. */
const issueList = 'GET /repos/{owner}/{repo}/issues';

interface WaitingIssue {
  repository: string;
  number: number;
}

/** Billing by least-open: Camille and Léa, with their capacities; Léa on leave that day when asked. */
function teams(capacity: { camille: number; lea: number }, leaOnLeave = false): string {
  return `agents:
  - login: camille
    name: Camille Martin
    timezone: Europe/Paris
    capacity: ${capacity.camille}
    workingHours: ${hours}
    languages: [fr]
  - login: lea
    name: Léa Roche
    timezone: Europe/Paris
    capacity: ${capacity.lea}
    workingHours: ${hours}
    languages: [fr]
${leaOnLeave ? "    outOfOffice:\n      - { from: '2026-11-23', to: '2026-11-25', reason: Congés }\n" : ''}teams:
  - id: billing
    name: { fr: Facturation, en: Billing }
    label: 'team: billing'
    members: [camille, lea]
    escalationContact: camille
    assignment: least-open
    calendar: paris
`;
}

let harness: Harness | undefined;
afterEach(async () => {
  if (harness) expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
  harness = undefined;
});

async function startDesk(
  teamsYaml: string,
  standinRepositories: readonly string[] = repositories,
): Promise<{ harness: Harness; clock: ReturnType<typeof manualClock> }> {
  const clock = manualClock(night);
  const root = deskFixture('base', {
    'rules/teams.yaml': teamsYaml,
    // Payroll questions are filed in the HR repository.
    'rules/routing.yaml': `rules:
  - id: payroll
    when: { subject: { contains: [Paie] } }
    then: { team: billing, repository: acme/support-hr, stop: true }
  - id: fallback
    then: { team: billing }
`,
    'rules/desk.yaml': (text) => {
      expect(text).toContain('repository: lumen/support\n');
      return text.replace(
        'repository: lumen/support\n',
        `repository: acme/support\nrepositories: [${repositories.join(', ')}]\n`,
      );
    },
  });
  const loaded = await loadRules(root, { now: new Date(night) });
  if (!loaded.rules) throw new Error(`rules invalid: ${JSON.stringify(loaded.problems.slice(0, 3))}`);
  const started = await startHarness({
    clock: clock.now,
    desk: { root, rules: loaded.rules, articles: loaded.articles },
    standin: { repos: [...standinRepositories] },
    runWorker: false,
    // Seeded issues are not routed: they stand for tickets agents already hold.
    wireWebhooks: false,
  });
  return { harness: started, clock };
}

async function agentCall(
  repository: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ number: number; assignees: { login: string }[] }> {
  const response = await fetch(`${harness!.standin.url}/repos/${repository}${route}`, {
    method,
    headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
  return (await response.json()) as { number: number; assignees: { login: string }[] };
}

/** A request through the form at night: its (unassigned) issue, in the repository routing filed it in. */
async function nightRequest(index: number, subject = `Facture ${index}`): Promise<WaitingIssue> {
  const now = harness!.bot.context.clock();
  const response = await postRequest(harness!.url, {
    form: 'contact',
    lang: 'fr',
    requester: { name: 'Ada Lovelace', email: `ada+${index}@example.org` },
    fields: { subject, details: 'Bonjour, pouvez-vous regarder ?' },
    idempotencyKey: `waiting-queues${index}`.padEnd(24, '0'),
    startedAt: now - 60_000,
  });
  expect(response.status, await response.clone().text()).toBe(202);
  const { ref } = (await response.json()) as { ref: string };
  await harness!.bot.worker.drain();
  const record = await harness!.bot.context.refs.get(ref);
  const repository = record!.repository ?? 'acme/support';
  const issue = await agentCall(repository, 'GET', `/issues/${record!.issueNumber}`);
  expect(issue.assignees).toEqual([]);
  return { repository, number: issue.number };
}

/** The logins each waiting ticket is assigned to after the bot's sweep at 09:01. */
async function sweepAtShiftStart(
  clock: ReturnType<typeof manualClock>,
  waiting: readonly WaitingIssue[],
): Promise<string[][]> {
  clock.set(shiftStart);
  await sweepTask(harness!.bot.context).run(shiftStart);
  const assignees: string[][] = [];
  for (const { repository, number } of waiting)
    assignees.push(
      (await agentCall(repository, 'GET', `/issues/${number}`)).assignees.map((user) => user.login),
    );
  return assignees;
}

describe('the sweep assigns waiting tickets counting open tickets in every repository of the desk', () => {
  it.each([
    {
      case: 'Camille, 3 open in HR and none in the default repository, is not the least open: Léa (1 open) is',
      capacity: { camille: 5, lea: 5 },
      open: [
        ['acme/support-hr', 'camille'],
        ['acme/support-hr', 'camille'],
        ['acme/support-hr', 'camille'],
        ['acme/support', 'lea'],
      ],
      requests: 1,
      expected: [['lea']],
    },
    {
      case: 'open tickets add up across repositories: Camille 1 default + 2 HR = 3 against Léa 2 default',
      capacity: { camille: 5, lea: 5 },
      open: [
        ['acme/support', 'camille'],
        ['acme/support-hr', 'camille'],
        ['acme/support-hr', 'camille'],
        ['acme/support', 'lea'],
        ['acme/support', 'lea'],
      ],
      requests: 1,
      expected: [['lea']],
    },
    {
      case: 'Camille at her capacity of 2 with her HR cases: both waiting tickets go to Léa, though she holds 3',
      capacity: { camille: 2, lea: 5 },
      open: [
        ['acme/support-hr', 'camille'],
        ['acme/support-hr', 'camille'],
        ['acme/support', 'lea'],
        ['acme/support', 'lea'],
        ['acme/support', 'lea'],
      ],
      requests: 2,
      expected: [['lea'], ['lea']],
    },
  ] as const)('$case', async ({ capacity, open, requests, expected }) => {
    const started = await startDesk(teams(capacity));
    harness = started.harness;
    const waiting: WaitingIssue[] = [];
    for (let index = 0; index < requests; index += 1) waiting.push(await nightRequest(index));
    for (const [repository, assignee] of open)
      await agentCall(repository, 'POST', '/issues', { title: 'Dossier en cours', assignees: [assignee] });
    // At 04:00 in Paris tickets wait but nobody is on duty: no count is read in the other repository.
    harness.standin.resetStats();
    await sweepTask(harness.bot.context).run(night + 2 * 3_600_000);
    expect(harness.standin.stats().requests[issueList]).toBe(2);
    expect(await sweepAtShiftStart(started.clock, waiting)).toEqual(expected);
    // Nothing waits any more: a run lists each repository once, and reads no count of the other.
    harness.standin.resetStats();
    await sweepTask(harness.bot.context).run(shiftStart + 15 * 60_000);
    expect(harness.standin.stats().requests[issueList]).toBe(2);
  });

  it('Léa on leave and Camille at her capacity counting her HR cases: the second ticket keeps waiting', async () => {
    const started = await startDesk(teams({ camille: 2, lea: 5 }, true));
    harness = started.harness;
    const waiting = [await nightRequest(0), await nightRequest(1)];
    await agentCall('acme/support-hr', 'POST', '/issues', {
      title: 'Dossier en cours',
      assignees: ['camille'],
    });
    // One HR case and room for one more: the ticket due first goes to Camille, the other waits.
    expect(await sweepAtShiftStart(started.clock, waiting)).toEqual([['camille'], []]);
    // The next run still finds no room for it; the HR repository is listed once more for its counts.
    started.clock.set(shiftStart + 15 * 60_000);
    harness.standin.resetStats();
    await sweepTask(harness.bot.context).run(shiftStart + 15 * 60_000);
    expect(harness.standin.stats().requests[issueList]).toBe(3);
    const second = await agentCall('acme/support', 'GET', `/issues/${waiting[1]!.number}`);
    expect(second.assignees).toEqual([]);
  });

  it('a payroll ticket waiting in the HR repository: Camille, 3 open in the default repository, is not the least open', async () => {
    const started = await startDesk(teams({ camille: 5, lea: 5 }));
    harness = started.harness;
    const payroll = await nightRequest(0, 'Paie de novembre non versée');
    expect(payroll.repository).toBe('acme/support-hr');
    for (const assignee of ['camille', 'camille', 'camille', 'lea'])
      await agentCall('acme/support', 'POST', '/issues', {
        title: 'Dossier en cours',
        assignees: [assignee],
      });
    harness.standin.resetStats();
    expect(await sweepAtShiftStart(started.clock, [payroll])).toEqual([['lea']]);
    // The default repository, swept first in the run, gives its counts: no listing more than one per repository.
    expect(harness.standin.stats().requests[issueList]).toBe(2);
  });

  it('the HR repository unreadable: the default repository is still swept, its waiting ticket keeps waiting, the run fails', async () => {
    // desk.yaml lists acme/support-hr, which GitHub does not show the bot (removed, or the App not installed there).
    const started = await startDesk(teams({ camille: 5, lea: 5 }), ['acme/support']);
    harness = started.harness;
    // Intake's own counts, read from GitHub a moment before (as the bot keeps them a few minutes in its store):
    // the request is filed, waiting for an agent, without reading the HR repository.
    await harness.bot.context.kv.set('routing.open-by-agent', { at: night, counts: { camille: 0, lea: 0 } });
    const waiting = await nightRequest(0);
    started.clock.set(shiftStart);
    await expect(sweepTask(harness.bot.context).run(shiftStart)).rejects.toThrow(/acme\/support-hr/);
    const issue = (await harness.issues()).find((candidate) => candidate.number === waiting.number)!;
    // Not assigned on counts that leave out the HR cases; the rest of its plan (the SLA status line) written.
    expect(issue.assignees).toEqual([]);
    expect(issue.body).toContain('repodesk:sla-status');
  });
});

// Two writers of the bot on one issue at the same time lose nothing: the sweep (a scheduled task inside the
// bot) and a job (an agent's command, routing of an issue opened on GitHub) each change the issue through the
// context's per-issue serialisation, reading it again inside before computing their write. The races are
// made deterministic with the stand-in's `hold` fault: one writer's request waits, unapplied, while the
// other one runs to the end; then it goes on.

import { afterEach, beforeEach, expect, it } from 'vitest';
import { sweepTask } from '../../src/sweep/sweep-task.ts';
import { agentToken, eventually, settle, startHarness, type Harness } from '../support/bot-harness.ts';

let harness: Harness;

beforeEach(async () => {
  harness = await startHarness({ standin: { allowClockOverride: true } });
});

afterEach(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness.close();
});

const timelineRead = 'GET /repos/{owner}/{repo}/issues/{issue_number}/timeline';

/**
 * An urgent ticket opened on GitHub three hours ago and never answered, already marked at risk by an earlier
 * sweep: the sweep escalates it, sla:at-risk off and sla:breached on (one PATCH of the whole label list).
 */
async function overdueUrgentIssue(labels: string[] = ['sla:at-risk']): Promise<number> {
  const threeHoursAgo = new Date(harness.bot.context.clock() - 3 * 3_600_000).toISOString();
  const response = await fetch(`${harness.standin.url}/repos/acme/support/issues`, {
    method: 'POST',
    headers: {
      authorization: 'token monitoring-token',
      'content-type': 'application/json',
      'x-standin-now': threeHoursAgo,
    },
    body: JSON.stringify({
      title: 'Sonde : la base de données ne répond plus',
      body: 'Alerte automatique.',
      labels: ['status: new', 'priority: urgent', 'team: support-client', ...labels],
    }),
  });
  expect(response.status).toBe(201);
  const { number } = (await response.json()) as { number: number };
  await settle(harness);
  return number;
}

async function labelsOf(number: number): Promise<string[]> {
  const issue = (await harness.issues()).find((candidate) => candidate.number === number);
  return issue!.labels.toSorted();
}

async function agentComments(number: number, body: string): Promise<void> {
  const response = await fetch(`${harness.standin.url}/repos/acme/support/issues/${number}/comments`, {
    method: 'POST',
    headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ body }),
  });
  expect(response.status).toBe(201);
}

/** Starts the bot's sweep and holds it after it listed the issues, before it read `number`'s history. */
async function sweepHeldAfterListing(): Promise<{ done: Promise<void> }> {
  harness.standin.injectFault({ kind: 'hold', operation: timelineRead });
  const sweeping = sweepTask(harness.bot.context).run(harness.bot.context.clock());
  await eventually(async () => harness.standin.held().length === 1);
  // Not the promise itself: an async function would wait for it.
  return { done: sweeping };
}

it('an agent’s /status lands while the sweep plans an escalation: both the status and sla:breached stay', async () => {
  const number = await overdueUrgentIssue();
  const sweeping = await sweepHeldAfterListing();
  // The sweep read the issue with "status: new"; the agent moves it on before the sweep writes.
  await agentComments(number, '/status on-hold');
  await settle(harness);
  expect(await labelsOf(number)).toContain('status: on-hold');
  harness.standin.releaseHeld();
  await sweeping.done;
  const labels = await labelsOf(number);
  expect(labels).toContain('sla:breached');
  expect(labels).not.toContain('sla:at-risk');
  expect(labels).toContain('status: on-hold');
  expect(labels).not.toContain('status: new');
});

it('an agent’s /priority lands while the sweep plans an escalation: the new priority is kept', async () => {
  const number = await overdueUrgentIssue();
  const sweeping = await sweepHeldAfterListing();
  await agentComments(number, '/priority high');
  await settle(harness);
  harness.standin.releaseHeld();
  await sweeping.done;
  const labels = await labelsOf(number);
  expect(labels).toContain('sla:breached');
  expect(labels.filter((label) => label.startsWith('priority:'))).toEqual(['priority: high']);
});

it('routing of an issue opened on GitHub lands while the sweep plans its escalation: routing’s labels stay', async () => {
  // The routing job's read of the new issue waits until the sweep has listed it.
  const issueRead = 'GET /repos/{owner}/{repo}/issues/{issue_number}';
  harness.standin.injectFault({ kind: 'hold', operation: issueRead });
  const threeHoursAgo = new Date(harness.bot.context.clock() - 3 * 3_600_000).toISOString();
  const response = await fetch(`${harness.standin.url}/repos/acme/support/issues`, {
    method: 'POST',
    headers: {
      authorization: 'token monitoring-token',
      'content-type': 'application/json',
      'x-standin-now': threeHoursAgo,
    },
    body: JSON.stringify({
      title: 'Sonde : la base de données ne répond plus',
      body: 'Alerte automatique.',
      labels: ['status: new', 'priority: urgent', 'team: support-client', 'sla:at-risk'],
    }),
  });
  const { number } = (await response.json()) as { number: number };
  await eventually(async () => harness.standin.held().includes(issueRead));
  harness.standin.injectFault({ kind: 'hold', operation: timelineRead });
  const sweeping = sweepTask(harness.bot.context).run(harness.bot.context.clock());
  await eventually(async () => harness.standin.held().includes(timelineRead));
  // Routing goes on and labels the issue; then the sweep.
  harness.standin.releaseHeld(issueRead);
  await settle(harness);
  const routed = await labelsOf(number);
  expect(routed).toContain('a-trier');
  harness.standin.releaseHeld();
  await sweeping;
  const labels = await labelsOf(number);
  expect(labels).toContain('sla:breached');
  expect(labels).toEqual(
    routed
      .filter((label) => label !== 'sla:at-risk')
      .concat('sla:breached')
      .toSorted(),
  );
});

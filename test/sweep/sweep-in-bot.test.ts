// The SLA sweep inside the running bot: `repodesk serve` registers it as a scheduled task, so a bot left
// alone escalates an overdue ticket on the GitHub stand-in by itself, then writes nothing more.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../support/bot-harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ sweepEveryMs: 300, standin: { allowClockOverride: true } });
});

afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness.close();
});

it('a bot started with a short sweep interval escalates an overdue urgent ticket by itself, once', async () => {
  // An urgent ticket opened on GitHub by a monitoring system three hours ago, never answered (the
  // "urgente" policy: first response within 1h, round the clock; at 100% the team's contact is assigned).
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
      labels: ['status: new', 'priority: urgent', 'team: support-client'],
    }),
  });
  expect(response.status).toBe(201);
  const { number } = (await response.json()) as { number: number };

  const escalated = await eventually(async () => {
    const issue = (await harness.issues()).find((candidate) => candidate.number === number);
    return issue?.labels.includes('sla:breached') && issue.assignees.includes('camille-durand')
      ? issue
      : undefined;
  });
  expect(escalated.labels).not.toContain('sla:at-risk');

  // Later runs find nothing to do: the stand-in sees no further write.
  const writes = harness.standin.stats().writes;
  const runs = () =>
    fetch(`${harness.url}/metrics`)
      .then((answer) => answer.text())
      .then((text) => Number(/repodesk_sweep_runs_total\{outcome="done"\} (\d+)/.exec(text)?.[1] ?? 0));
  const before = await runs();
  await eventually(async () => (await runs()) >= before + 3);
  expect(harness.standin.stats().writes).toBe(writes);
});

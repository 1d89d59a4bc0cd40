// Agent commands write inside the bot's write budget (src/worker/write-budget.ts), end to end through the
// real bot and the GitHub stand-in's signed webhooks: with the budget spent, a `/status` writes nothing and
// waits; once the window has room again it is applied, in one write.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  incidentSubmission,
  manualClock,
  postRequest,
  settle,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';
import { agentApi } from '../../support/agent-api.ts';

interface Issue {
  state: string;
  labels: { name: string }[];
}

const clock = manualClock();
let harness: Harness;
let number: number;

const api = agentApi(() => harness);

async function statusLabels(): Promise<string[]> {
  const issue = await api<Issue>(`/issues/${number}`);
  return issue.labels.map((label) => label.name).filter((name) => name.startsWith('status:'));
}

const botWrites = () =>
  harness.standin.writeLog().filter((write) => write.login === harness.standin.botLogin).length;

beforeAll(async () => {
  harness = await startHarness({ clock: clock.now });
  const response = await postRequest(harness.url, incidentSubmission(clock.now()));
  expect(response.status).toBe(202);
  await settle(harness);
  const [issue] = await harness.issues();
  number = issue!.number;
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

describe('an agent command with the write budget spent', () => {
  it('writes nothing until the window has room, then applies the command in one write', async () => {
    const { statuses } = harness.rules.desk;
    const { budget } = harness.bot.context;
    // Every write of the minute taken (GitHub's 80 a minute), as a burst of intake would.
    const perMinute = budget.limits.find((limit) => limit.windowMs === 60_000)!.max;
    const taken = await budget.take(clock.now(), perMinute - (await budget.used(clock.now(), 60_000)));
    expect(taken.granted).toBe(true);
    harness.standin.resetStats();

    await api(`/issues/${number}/comments`, {
      method: 'POST',
      body: JSON.stringify({ body: '/status closed' }),
    });
    await settle(harness);
    expect(botWrites()).toBe(0);
    expect(await statusLabels()).toEqual([statuses.new.label]);
    expect((await api<Issue>(`/issues/${number}`)).state).toBe('open');

    clock.advance(61_000);
    harness.bot.context.wakeWorker();
    await settle(harness);
    expect(botWrites()).toBe(1);
    expect(await statusLabels()).toEqual([statuses.closed.label]);
    expect((await api<Issue>(`/issues/${number}`)).state).toBe('closed');
  });
});

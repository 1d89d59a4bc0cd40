// The sweep as `repodesk serve` runs it on a schedule: the bot's services, the stand-in, and a process
// that keeps its timeline cache between runs.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { silentLogger } from '../../src/config/logger.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import { createBotContext } from '../../src/bot/create-context.ts';
import type { BotContext } from '../../src/context.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { openStore } from '../../src/store/open-store.ts';
import { sweepTask } from '../../src/sweep/sweep-task.ts';
import { createOctokit } from '../../src/tracker/create-octokit.ts';
import { GithubTracker } from '../../src/tracker/github-tracker.ts';

let clock = Date.parse('2026-11-23T08:00:00Z');
let standin: Standin;
let context: BotContext;

beforeAll(async () => {
  standin = await startStandin({
    // camille, billing's escalation contact, can be assigned.
    users: [{ login: 'repodesk-bot', token: 'bot-token' }, { login: 'camille' }],
    now: () => clock,
  });
  const octokit = createOctokit({ baseUrl: standin.url, token: 'bot-token' }, { log: silentLogger });
  const tracker = new GithubTracker({ octokit, repository: 'acme/support', now: () => clock });
  const loaded = await loadRules(new URL('../fixtures/sla/rules', import.meta.url).pathname, {
    now: new Date(clock),
  });
  context = createBotContext({
    config: loadConfig({ GITHUB_REPOSITORY: 'acme/support' }, { mode: 'offline' }).config,
    log: silentLogger,
    clock: () => clock,
    store: await openStore({ memory: true }),
    statusSecret: Buffer.alloc(32, 7),
    tracker,
    rules: loaded.rules!,
  });
  for (let index = 0; index < 5; index += 1) {
    await tracker.createIssue({
      title: `Panne ${index}`,
      body: 'Bonjour',
      labels: ['status: new', 'priority: urgent', 'team: billing'],
      assignees: [],
    });
  }
});

afterAll(async () => {
  await context.store.close();
  await standin.close();
});

it('escalates on its first run and then costs one page of issues and no write', async () => {
  // One task for the three runs: it keeps its timeline cache between them, as the bot's schedule does.
  const task = sweepTask(context);
  clock = Date.parse('2026-11-23T09:30:00Z');
  standin.resetStats();
  await task.run(clock);
  // Urgent, 1h first response, 90 minutes old: the contact is assigned and the breach label put, in one
  // write a ticket.
  expect(standin.stats().writes).toBe(5);
  standin.resetStats();
  clock = Date.parse('2026-11-23T09:45:00Z');
  await task.run(clock);
  // Our own writes moved updated_at: their timelines are read once more, and nothing is written.
  expect(standin.stats().writes).toBe(0);
  standin.resetStats();
  clock = Date.parse('2026-11-23T10:00:00Z');
  await task.run(clock);
  expect(standin.stats()).toMatchObject({ writes: 0, total: 1 });
});

it('draws its comments on the budget shared with intake, stops when it is spent, and goes on once it refills', async () => {
  const hour = 3_600_000;
  let now = Date.parse('2026-11-23T08:00:00Z');
  const own = await startStandin({ users: [{ login: 'repodesk-bot', token: 'bot-token' }], now: () => now });
  const octokit = createOctokit({ baseUrl: own.url, token: 'bot-token' }, { log: silentLogger });
  const tracker = new GithubTracker({ octokit, repository: 'acme/support', now: () => now });
  const loaded = await loadRules(new URL('../fixtures/sla/rules', import.meta.url).pathname, {
    now: new Date(now),
  });
  // A desk allowed 3 content writes an hour, 2 of them already spent on intake.
  const bot = createBotContext({
    config: loadConfig({ GITHUB_REPOSITORY: 'acme/support' }, { mode: 'offline' }).config,
    log: silentLogger,
    clock: () => now,
    store: await openStore({ memory: true }),
    statusSecret: Buffer.alloc(32, 7),
    tracker,
    rules: loaded.rules!,
    writeLimits: [{ max: 3, windowMs: hour }],
  });
  const task = sweepTask(bot);
  try {
    const numbers: number[] = [];
    for (let index = 0; index < 3; index += 1) {
      const issue = await tracker.createIssue({
        title: `Question ${index}`,
        body: 'Bonjour',
        labels: ['status: new', 'priority: normal', 'team: it'],
        assignees: [],
      });
      numbers.push(issue.number);
    }
    // Monday 13:30 Paris: the 4h first response of the three tickets is breached (one mention each),
    // and intake has just used 2 of the 3 writes of the hour.
    now = Date.parse('2026-11-23T12:30:00Z');
    expect((await bot.budget.take(now - 60_000, 2)).granted).toBe(true);
    own.resetStats();
    await task.run(now);
    const mentioned = async () =>
      (await Promise.all(numbers.map((number) => tracker.listComments(number)))).map(
        (comments) => comments.length,
      );
    expect(await mentioned()).toEqual([1, 0, 0]);
    expect(own.stats().contentWrites).toBe(1);
    expect(await bot.budget.used(now, hour)).toBe(3);
    expect((await tracker.getIssue(numbers[1]!)).labels).not.toContain('sla: breached');
    const metrics = bot.metrics.render([]);
    expect(metrics).toContain('repodesk_sweep_runs_total{outcome="budget"} 1');

    // An hour later the budget has room again: the next run escalates the other two.
    now += hour;
    await task.run(now);
    expect(await mentioned()).toEqual([1, 1, 1]);
    expect((await tracker.getIssue(numbers[2]!)).labels).toContain('sla: breached');
    expect(await bot.budget.used(now, hour)).toBe(2);
  } finally {
    await bot.store.close();
    await own.close();
  }
});

// The sweep as `repodesk serve` runs it on a schedule: the bot's services, the stand-in, and a process
// that keeps its timeline cache between runs.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { silentLogger } from '../../src/config/logger.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import { createBotServices, type BotServices } from '../../src/server/bot-services.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { openStore } from '../../src/store/open-store.ts';
import { sweepTask } from '../../src/sweep/sweep-task.ts';
import { createOctokit } from '../../src/tracker/create-octokit.ts';
import { GithubTracker } from '../../src/tracker/github-tracker.ts';

let clock = Date.parse('2026-11-23T08:00:00Z');
let standin: Standin;
let services: BotServices;

beforeAll(async () => {
  standin = await startStandin({ users: [{ login: 'repodesk-bot', token: 'bot-token' }], now: () => clock });
  const octokit = createOctokit({ baseUrl: standin.url, token: 'bot-token' }, { log: silentLogger });
  const tracker = new GithubTracker({ octokit, repository: 'acme/support', now: () => clock });
  const loaded = await loadRules(new URL('../fixtures/sla/rules', import.meta.url).pathname, {
    now: new Date(clock),
  });
  services = createBotServices({
    config: loadConfig({ GITHUB_REPOSITORY: 'acme/support' }, { mode: 'offline' }).config,
    log: silentLogger,
    clock: () => clock,
    store: openStore({ memory: true }),
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
  services.store.close();
  await standin.close();
});

it('escalates on its first run and then costs one page of issues and no write', async () => {
  clock = Date.parse('2026-11-23T09:30:00Z');
  standin.resetStats();
  await sweepTask.run(services, clock);
  // Urgent, 1h first response, 90 minutes old: the contact is assigned and the breach label put.
  expect(standin.stats().writes).toBe(10);
  standin.resetStats();
  clock = Date.parse('2026-11-23T09:45:00Z');
  await sweepTask.run(services, clock);
  // Our own writes moved updated_at: their timelines are read once more, and nothing is written.
  expect(standin.stats().writes).toBe(0);
  standin.resetStats();
  clock = Date.parse('2026-11-23T10:00:00Z');
  await sweepTask.run(services, clock);
  expect(standin.stats()).toMatchObject({ writes: 0, total: 1 });
});

// Two replicas of the bot on one PostgreSQL write one issue at the same time and lose nothing: replica A's
// sweep escalates an overdue ticket (sla:at-risk off, sla:breached on: one PATCH of the whole label list)
// while replica B runs an agent's command on it (/status, /priority: another PATCH of the whole list). Each
// writer reads the issue again in its turn, and the turn is shared by the replicas (an advisory lock on the
// issue's key), so the second reads what the first wrote. The race is made deterministic with the stand-in's
// `hold` fault: the first writer's PATCH waits, unapplied, until the second writer is either blocked on the
// lock (seen in pg_locks) or done (without a shared lock); then it goes on. With a short wait for the turn
// (`issueLockWaitMs`), an issue another replica keeps is busy, not broken: the job is deferred with its attempt
// given back and runs once when the turn is free, /healthz stays 200, /metrics counts it, and the sweep
// leaves the issue for its next run without an error.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../src/bot/create-bot.ts';
import type { BotConfig } from '../../src/config/load-config.ts';
import { silentLogger } from '../../src/config/logger.ts';
import { loadMailConfig } from '../../src/config/mail-config.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { openPostgresStore } from '../../src/store/postgres-store.ts';
import { storeSchemas } from '../../src/store/store-schemas.ts';
import { sweepTask } from '../../src/sweep/sweep-task.ts';
import { issueLockKey } from '../../src/tracker/issue-lock-key.ts';
import { SharedIssueLocks } from '../../src/tracker/shared-issue-locks.ts';
import { trackerFromConfig } from '../../src/tracker/tracker-from-config.ts';
import { agentToken, eventually, repoRoot, templateRules } from '../support/bot-harness.ts';
import { postgresPrograms, startPostgres, type PostgresServer } from '../support/postgres-server.ts';

const programs = postgresPrograms(import.meta.filename);
const secret = 'replica-webhook-secret';
const issuePatch = 'PATCH /repos/{owner}/{repo}/issues/{issue_number}';

let postgres: PostgresServer;
let standin: Standin;
let databaseUrl: string;
let replicaA: Bot;
let replicaB: Bot;
const folders: string[] = [];
/** How long the replicas wait for an issue's turn before deferring the work (the store's 30 s when unset). */
let issueLockWaitMs: number | undefined;
/** Turns a test holds (`holdTurn`), let go after each test whatever happened. */
const turnsHeld: (() => void)[] = [];

beforeAll(async () => {
  if (programs) postgres = await startPostgres(programs);
});
afterAll(async () => {
  await postgres?.stop();
});

async function startReplica(name: string): Promise<Bot> {
  const rules = await templateRules();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `repodesk-replica-${name}-`));
  folders.push(dataDir);
  const config: BotConfig = {
    githubAuth: { kind: 'token', token: 'bot-token' },
    repository: 'acme/support',
    githubApiUrl: standin.url,
    webhookSecrets: [secret],
    publicSiteUrl: 'http://site.test',
    publicBotUrl: 'http://bot.test',
    dataDir,
    databaseUrl,
    port: 0,
    root: repoRoot,
    requireAltcha: false,
    sweepEveryMs: 0,
  };
  // Monday 08:30 UTC, running: office hours for the template's desk.
  const offset = Date.parse('2026-11-23T08:30:00Z') - Date.now();
  const clock = () => Date.now() + offset;
  const bot = await createBot({
    config,
    log: silentLogger,
    tracker: trackerFromConfig(config, silentLogger, clock),
    rules,
    mailConfig: loadMailConfig({}).config,
    clock,
    random: () => 0.5,
    pollMs: 20,
    workerId: `replica-${name}`,
    ...(issueLockWaitMs === undefined ? {} : { issueLockWaitMs }),
  });
  await bot.start(0, '127.0.0.1');
  return bot;
}

beforeEach(async () => {
  if (!programs) return;
  const rules = await templateRules();
  databaseUrl = await postgres.createDatabase();
  standin = await startStandin({
    allowClockOverride: true,
    repos: ['acme/support'],
    users: [
      { login: 'repodesk-bot', token: 'bot-token', type: 'Bot' },
      { login: rules.teams.agents[0]!.login, token: agentToken },
      ...rules.teams.agents.slice(1).map((agent) => ({ login: agent.login })),
      { login: 'monitoring', token: 'monitoring-token' },
    ],
  });
  replicaA = await startReplica('a');
  replicaB = await startReplica('b');
  // GitHub's deliveries reach replica B (a load balancer's choice); A runs no job, only its sweep.
  await replicaA.worker.stop();
  standin.addWebhook({ url: `http://127.0.0.1:${portOf(replicaB)}/api/github/webhooks`, secret });
});

afterEach(async () => {
  if (!programs) return;
  // A turn or a request a failed test still holds would keep its replica from stopping.
  for (const letGo of turnsHeld.splice(0)) letGo();
  standin.releaseHeld();
  expect(standin.responseErrors()).toEqual([]);
  await replicaA.stop();
  await replicaB.stop();
  await standin.close();
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

function portOf(bot: Bot): number {
  return (bot.http.server.address() as { port: number }).port;
}

/** No job queued or running on the shared queue, and the stand-in's deliveries sent. */
async function settled(): Promise<void> {
  await standin.deliveriesIdle();
  await eventually(async () => {
    const row = await replicaB.context.store.get(
      "SELECT count(*) AS n FROM jobs WHERE state = 'running' OR (state = 'queued' AND run_after <= ?)",
      replicaB.context.clock(),
    );
    return Number(row?.n ?? 1) === 0;
  }, 20_000);
  await standin.deliveriesIdle();
}

/** An urgent ticket opened on GitHub three hours ago, never answered, marked at risk by an earlier sweep. */
async function overdueUrgentIssue(): Promise<number> {
  const threeHoursAgo = new Date(replicaA.context.clock() - 3 * 3_600_000).toISOString();
  const response = await fetch(`${standin.url}/repos/acme/support/issues`, {
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
  expect(response.status).toBe(201);
  const { number } = (await response.json()) as { number: number };
  await settled();
  return number;
}

async function labelsOf(number: number): Promise<string[]> {
  const response = await fetch(`${standin.url}/repos/acme/support/issues/${number}`, {
    headers: { authorization: `token ${agentToken}` },
  });
  const issue = (await response.json()) as { labels: { name: string }[] };
  return issue.labels.map((label) => label.name).toSorted();
}

async function agentComments(number: number, body: string): Promise<void> {
  const response = await fetch(`${standin.url}/repos/acme/support/issues/${number}/comments`, {
    method: 'POST',
    headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ body }),
  });
  expect(response.status).toBe(201);
}

/** Sessions of the database waiting for an advisory lock (a replica blocked on an issue's turn). */
async function lockWaiters(): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
    );
    return rows[0].n as number;
  } finally {
    await client.end();
  }
}

async function jobsDone(): Promise<boolean> {
  const row = await replicaB.context.store.get(
    "SELECT count(*) AS n FROM jobs WHERE state = 'running' OR (state = 'queued' AND run_after <= ?)",
    replicaB.context.clock(),
  );
  return Number(row?.n ?? 1) === 0;
}

function expectBoth(labels: string[], label: string): void {
  expect(labels).toContain('sla:breached');
  expect(labels).not.toContain('sla:at-risk');
  expect(labels).toContain(label);
}

const commands = [
  { command: '/status on-hold', label: 'status: on-hold', gone: 'status: new' },
  { command: '/priority high', label: 'priority: high', gone: 'priority: urgent' },
  { command: '/status open', label: 'status: open', gone: 'status: new' },
];

it.skipIf(!programs).each(commands)(
  'replica A’s sweep escalates while replica B runs “$command” on the same issue: both changes stay',
  async ({ command, label, gone }) => {
    for (let round = 0; round < 3; round += 1) {
      const number = await overdueUrgentIssue();
      // A's sweep reads the issue in its turn and sends its PATCH; the PATCH waits at the stand-in.
      standin.injectFault({ kind: 'hold', operation: issuePatch });
      const sweeping = sweepTask(replicaA.context).run(replicaA.context.clock());
      await eventually(async () => standin.held().includes(issuePatch));
      // The agent's command reaches replica B, which either waits for the issue's turn or (without a turn
      // shared by the replicas) reads the issue as it was and writes it.
      await agentComments(number, command);
      await standin.deliveriesIdle();
      await eventually(async () => (await lockWaiters()) > 0 || (await jobsDone()), 20_000);
      standin.releaseHeld();
      await sweeping;
      await settled();
      const labels = await labelsOf(number);
      expectBoth(labels, label);
      expect(labels).not.toContain(gone);
    }
  },
);

it.skipIf(!programs).each(commands)(
  'replica B runs “$command” while replica A’s sweep wants to escalate the same issue: both changes stay',
  async ({ command, label, gone }) => {
    for (let round = 0; round < 3; round += 1) {
      const number = await overdueUrgentIssue();
      // B's command reads the issue in its turn and sends its PATCH; the PATCH waits at the stand-in.
      standin.injectFault({ kind: 'hold', operation: issuePatch });
      await agentComments(number, command);
      await eventually(async () => standin.held().includes(issuePatch), 20_000);
      let swept = false;
      const sweeping = sweepTask(replicaA.context)
        .run(replicaA.context.clock())
        .finally(() => {
          swept = true;
        });
      await eventually(async () => (await lockWaiters()) > 0 || swept, 20_000);
      standin.releaseHeld();
      await sweeping;
      await settled();
      const labels = await labelsOf(number);
      expectBoth(labels, label);
      expect(labels).not.toContain(gone);
    }
  },
);

it.skipIf(!programs)(
  'a replica killed with kill -9 while it holds an issue’s turn does not block the issue',
  async () => {
    const number = await overdueUrgentIssue();
    // A process that takes the issue's lock as a replica does, then is killed before it lets go.
    const key = issueLockKey('acme/support', number).toString();
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import pg from 'pg';
         const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
         await client.connect();
         await client.query('SELECT pg_advisory_lock($1)', [process.env.LOCK_KEY]);
         process.stdout.write('locked\\n');
         setInterval(() => {}, 1000);`,
      ],
      { cwd: repoRoot, env: { ...process.env, DATABASE_URL: databaseUrl, LOCK_KEY: key }, stdio: 'pipe' },
    );
    await once(holder.stdout, 'data');
    await agentComments(number, '/status on-hold');
    await standin.deliveriesIdle();
    await eventually(async () => (await lockWaiters()) > 0, 20_000);
    expect(await labelsOf(number)).toContain('status: new');
    holder.kill('SIGKILL');
    await settled();
    const labels = await labelsOf(number);
    expect(labels).toContain('status: on-hold');
    expect(labels).not.toContain('status: new');
  },
);

it.skipIf(!programs)(
  'a turn another replica keeps longer than the wait is refused as busy (no store failure) naming the issue, and is taken once free',
  async () => {
    const options = { url: databaseUrl, schemas: storeSchemas, lockWaitMs: 200 };
    const [first, second] = [await openPostgresStore(options), await openPostgresStore(options)];
    try {
      const holder = new SharedIssueLocks(first, 'acme/support');
      const waiter = new SharedIssueLocks(second, 'acme/support');
      let letGo!: () => void;
      const held = holder.run(7, () => new Promise<void>((resolve) => (letGo = resolve)));
      await eventually(async () => letGo !== undefined);
      for (const number of [7, 7])
        await expect(waiter.run(number, async () => 'written')).rejects.toMatchObject({
          name: 'LockBusyError',
          code: 'lock-busy',
          message:
            'issue #7 of acme/support is busy in another replica: not granted within 200 ms; the work is deferred and tried again shortly',
        });
      // Another issue of the same repository is not held up, nor the same number of another repository.
      expect(await waiter.run(8, async () => 'written')).toBe('written');
      expect(await new SharedIssueLocks(second, 'acme/other').run(7, async () => 'written')).toBe('written');
      letGo();
      await held;
      expect(await waiter.run(7, async () => 'written')).toBe('written');
    } finally {
      await first.close();
      await second.close();
    }
  },
);

it.skipIf(!programs)(
  'in one replica, #7 of a confidential queue is not held up by the default repository’s #7, and the queue’s #7 waits for itself in another',
  async () => {
    const options = { url: databaseUrl, schemas: storeSchemas, lockWaitMs: 200 };
    const [first, second] = [await openPostgresStore(options), await openPostgresStore(options)];
    try {
      const locks = new SharedIssueLocks(first, 'acme/support');
      let letGo!: () => void;
      const held = locks.run(7, () => new Promise<void>((resolve) => (letGo = resolve)));
      await eventually(async () => letGo !== undefined);
      expect(await locks.forRepository('acme/support-hr').run(7, async () => 'written')).toBe('written');
      let letHrGo!: () => void;
      const hrHeld = locks
        .forRepository('acme/support-hr')
        .run(7, () => new Promise<void>((resolve) => (letHrGo = resolve)));
      await eventually(async () => letHrGo !== undefined);
      await expect(
        new SharedIssueLocks(second, 'acme/support')
          .forRepository('Acme/Support-HR')
          .run(7, async () => 'written'),
      ).rejects.toMatchObject({
        name: 'LockBusyError',
        message:
          'issue #7 of Acme/Support-HR is busy in another replica: not granted within 200 ms; the work is deferred and tried again shortly',
      });
      letHrGo();
      letGo();
      await Promise.all([held, hrHeld]);
    } finally {
      await first.close();
      await second.close();
    }
  },
);

/** What replica `bot` answers on /healthz: its status, and the store's part of the answer. */
async function healthOf(bot: Bot): Promise<{ status: number; store: { ok: boolean; error?: string } }> {
  const response = await fetch(`http://127.0.0.1:${portOf(bot)}/healthz`);
  const body = (await response.json()) as { store: { ok: boolean; error?: string } };
  return { status: response.status, store: body.store };
}

/** A counter of replica `bot`'s /metrics, with its labels as written there (0 when not there yet). */
async function counterOf(bot: Bot, series: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${portOf(bot)}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** Jobs of the shared queue by state. */
async function jobStates(): Promise<Record<string, number>> {
  const rows = await replicaB.context.store.all('SELECT state, count(*) AS n FROM jobs GROUP BY state');
  return Object.fromEntries(rows.map((row) => [String(row.state), Number(row.n)]));
}

/** Every job of the shared queue done, deferred ones included (settled() leaves those for later). */
async function allJobsDone(): Promise<void> {
  await eventually(async () => Object.keys(await jobStates()).join() === 'done', 20_000);
  await settled();
}

/** Replica `bot` holds issue `number`'s turn until the returned function is called. */
async function holdTurn(bot: Bot, number: number): Promise<{ letGo: () => void; held: Promise<void> }> {
  let letGo: (() => void) | undefined;
  const held = bot.context.issueLocks.run(number, () => new Promise<void>((resolve) => (letGo = resolve)));
  await eventually(async () => letGo !== undefined);
  turnsHeld.push(letGo!);
  return { letGo: letGo!, held };
}

/** The bot's PATCHes of an issue since the stand-in's stats were reset. */
function botIssuePatches(): number {
  return standin.writeLog().filter((write) => write.request === issuePatch && write.login === 'repodesk-bot')
    .length;
}

const busyTurns = 'repodesk_issue_lock_busy_total';

describe('an issue busy in another replica', () => {
  beforeAll(() => {
    issueLockWaitMs = 300;
  });
  afterAll(() => {
    issueLockWaitMs = undefined;
  });

  it.skipIf(!programs).each(commands)(
    'replica A holds the issue’s turn: B’s “$command” is deferred, not dead, /healthz of B stays 200, /metrics counts it; once A lets go it runs once',
    async ({ command, label, gone }) => {
      const number = await overdueUrgentIssue();
      const { letGo, held } = await holdTurn(replicaA, number);
      standin.resetStats();
      await agentComments(number, command);
      await standin.deliveriesIdle();
      // B's job meets the busy turn again and again: B stays healthy each time it is asked.
      const healthSeen: { status: number; store: { ok: boolean; error?: string } }[] = [];
      await eventually(async () => {
        healthSeen.push(await healthOf(replicaB));
        return (await counterOf(replicaB, busyTurns)) >= 3;
      }, 20_000);
      healthSeen.push(await healthOf(replicaB));
      expect(healthSeen.filter((health) => health.status !== 200 || !health.store.ok)).toEqual([]);
      expect((await jobStates()).dead ?? 0).toBe(0);
      const waiting = await replicaB.context.store.all(
        "SELECT attempts, last_error FROM jobs WHERE state <> 'done'",
      );
      expect(waiting.length).toBeGreaterThan(0);
      // Its attempts were given back: waiting for another replica is no failure of the job.
      expect(waiting.every((job) => Number(job.attempts) <= 1)).toBe(true);
      expect(await labelsOf(number)).toContain(gone);
      expect(botIssuePatches()).toBe(0);

      letGo();
      await held;
      await allJobsDone();
      const labels = await labelsOf(number);
      expect(labels).toContain(label);
      expect(labels).not.toContain(gone);
      expect(botIssuePatches()).toBe(1);
      expect(await jobStates()).toEqual({ done: expect.any(Number) });
      expect((await healthOf(replicaB)).status).toBe(200);
    },
  );

  it.skipIf(!programs).each(commands)(
    'replica A’s slow sweep keeps the issue’s turn past B’s wait: B’s “$command” is deferred, B stays healthy, and both changes stay',
    async ({ command, label, gone }) => {
      const number = await overdueUrgentIssue();
      // A's sweep reads the issue in its turn and sends its PATCH; the PATCH waits at the stand-in.
      standin.injectFault({ kind: 'hold', operation: issuePatch });
      const sweeping = sweepTask(replicaA.context).run(replicaA.context.clock());
      await eventually(async () => standin.held().includes(issuePatch));
      await agentComments(number, command);
      await standin.deliveriesIdle();
      await eventually(async () => (await counterOf(replicaB, busyTurns)) >= 2, 20_000);
      expect(await healthOf(replicaB)).toEqual({ status: 200, store: { ok: true } });
      expect((await jobStates()).dead ?? 0).toBe(0);
      standin.releaseHeld();
      await sweeping;
      await allJobsDone();
      const labels = await labelsOf(number);
      expectBoth(labels, label);
      expect(labels).not.toContain(gone);
      expect(await healthOf(replicaB)).toEqual({ status: 200, store: { ok: true } });
    },
  );

  it.skipIf(!programs)(
    'replica A’s sweep leaves an issue B holds for its next run, without counting an error; the next run escalates it',
    async () => {
      const number = await overdueUrgentIssue();
      const { letGo, held } = await holdTurn(replicaB, number);
      standin.resetStats();
      // Resolves: a busy issue is no failure of the sweep.
      await sweepTask(replicaA.context).run(replicaA.context.clock());
      expect(await counterOf(replicaA, 'repodesk_sweep_runs_total{outcome="errors"}')).toBe(0);
      expect(await counterOf(replicaA, 'repodesk_sweep_runs_total{outcome="done"}')).toBe(1);
      expect(await counterOf(replicaA, busyTurns)).toBe(1);
      // A runs no worker here (see beforeEach), so only its store's part of /healthz tells.
      expect((await healthOf(replicaA)).store).toEqual({ ok: true });
      expect(botIssuePatches()).toBe(0);
      expect(await labelsOf(number)).toContain('sla:at-risk');

      letGo();
      await held;
      await sweepTask(replicaA.context).run(replicaA.context.clock());
      expect(await counterOf(replicaA, 'repodesk_sweep_runs_total{outcome="done"}')).toBe(2);
      expect(botIssuePatches()).toBe(1);
      const labels = await labelsOf(number);
      expect(labels).toContain('sla:breached');
      expect(labels).not.toContain('sla:at-risk');
    },
  );
});

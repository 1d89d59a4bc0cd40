// Two replicas of the bot on one PostgreSQL, and a create-ticket job whose lease runs out while replica A's
// POST /issues is still on its way (A's event loop starved under load, its heartbeat late): replica B claims
// the job and runs it again. Nothing accepted is created twice: the creation of a reference's issue takes the
// reference's turn across the replicas (an advisory lock on a key of the reference), B looks again inside the
// turn (the store's record, the issue's hidden marker) and finds A's issue, and A, whose lease was lost,
// records nothing (no second acknowledgement). The race is made deterministic: A's POST is held at the
// stand-in (`hold` fault), the lease is made to lapse in the queue as a late heartbeat lets it, then B runs;
// A's POST goes on once B waits on the turn (seen in pg_locks) or, without a shared turn, sent its own POST.
// The other way round too: A's job waits on a read before its POST while B takes it over and POSTs; A then
// creates nothing.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { createBot, type Bot } from '../../src/bot/create-bot.ts';
import type { BotConfig } from '../../src/config/load-config.ts';
import { silentLogger } from '../../src/config/logger.ts';
import { loadMailConfig } from '../../src/config/mail-config.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { trackerFromConfig } from '../../src/tracker/tracker-from-config.ts';
import {
  agentToken,
  eventually,
  incidentSubmission,
  postRequest,
  repoRoot,
  templateRules,
} from '../support/bot-harness.ts';
import { readEmail } from '../support/email-fixtures.ts';
import { postgresPrograms, startPostgres, type PostgresServer } from '../support/postgres-server.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';

const programs = postgresPrograms(import.meta.filename);
const secret = 'lease-webhook-secret';
const issueCreate = 'POST /repos/{owner}/{repo}/issues';

let postgres: PostgresServer;
let standin: Standin;
let sink: SmtpSink;
let databaseUrl: string;
let replicaA: Bot;
let replicaB: Bot;
const folders: string[] = [];

beforeAll(async () => {
  if (programs) postgres = await startPostgres(programs);
});
afterAll(async () => {
  await postgres?.stop();
});

async function startReplica(name: string): Promise<Bot> {
  const rules = await templateRules();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `repodesk-lease-${name}-`));
  folders.push(dataDir);
  const config: BotConfig = {
    smtpUrl: sink.url,
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
    limits: { perIp: { burst: 10_000, refillMs: 1 }, perAddress: { burst: 10_000, refillMs: 1 } },
    random: () => 0.5,
    pollMs: 20,
    workerId: `replica-${name}`,
  });
  await bot.start(0, '127.0.0.1');
  return bot;
}

function urlOf(bot: Bot): string {
  return `http://127.0.0.1:${(bot.http.server.address() as { port: number }).port}`;
}

beforeEach(async () => {
  if (!programs) return;
  const rules = await templateRules();
  databaseUrl = await postgres.createDatabase();
  sink = await startSmtpSink();
  standin = await startStandin({
    allowClockOverride: true,
    repos: ['acme/support'],
    users: [
      { login: 'repodesk-bot', token: 'bot-token', type: 'Bot' },
      { login: rules.teams.agents[0]!.login, token: agentToken },
      ...rules.teams.agents.slice(1).map((agent) => ({ login: agent.login })),
    ],
  });
  replicaA = await startReplica('a');
  replicaB = await startReplica('b');
  // The input reaches replica A, whose worker takes the job; B's worker starts once A's lease is gone.
  await replicaB.worker.stop();
  standin.addWebhook({ url: `${urlOf(replicaB)}/api/github/webhooks`, secret });
});

afterEach(async () => {
  if (!programs) return;
  standin.releaseHeld();
  expect(standin.responseErrors()).toEqual([]);
  await replicaA.stop();
  await replicaB.stop();
  await standin.close();
  await sink.close();
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

async function query(sql: string): Promise<{ n: number }[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows as { n: number }[];
  } finally {
    await client.end();
  }
}

/** Sessions of the database waiting for an advisory lock (a replica blocked on a reference's turn). */
async function lockWaiters(): Promise<number> {
  const rows = await query(
    "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
  );
  return rows[0]!.n;
}

/** No job queued or running on the shared queue, and the stand-in's deliveries sent. */
async function settled(): Promise<void> {
  await standin.deliveriesIdle();
  await eventually(async () => {
    const rows = await query(
      `SELECT count(*)::int AS n FROM jobs WHERE state = 'running' OR (state = 'queued' AND run_after <= ${replicaB.context.clock()})`,
    );
    return rows[0]!.n === 0;
  }, 30_000);
  await standin.deliveriesIdle();
}

async function issueBodies(): Promise<{ number: number; body: string }[]> {
  const response = await fetch(`${standin.url}/repos/acme/support/issues?state=all&per_page=100`, {
    headers: { authorization: `token ${agentToken}` },
  });
  return ((await response.json()) as { number: number; body: string | null }[]).map((issue) => ({
    number: issue.number,
    body: issue.body ?? '',
  }));
}

/**
 * A's POST /issues waits at the stand-in; meanwhile A's lease lapses (its heartbeat came too late) and the
 * job goes back to the queue as the next claim finds it; B's worker starts and claims it.
 */
async function leaseLapsesDuringCreate(kind: string): Promise<void> {
  await eventually(async () => standin.held().includes(issueCreate), 20_000);
  await query(
    `UPDATE jobs SET state = 'queued', locked_by = NULL, lease_until = NULL WHERE kind = '${kind}' AND state = 'running'`,
  );
  replicaB.worker.start();
  // B waits for the reference's turn, or (with no shared turn) sends its own POST, held as well.
  await eventually(
    async () => (await lockWaiters()) > 0 || standin.held().filter((held) => held === issueCreate).length > 1,
    20_000,
  );
  standin.releaseHeld();
  await settled();
}

const variants = [
  { name: 'a French form submission', lang: 'fr', email: 'marie.curie@example.org' },
  { name: 'a second requester’s submission', lang: 'fr', email: 'jean.dupont@example.org' },
];

it.skipIf(!programs).each(variants)(
  '$name: a create-ticket job whose lease lapsed while its POST was in flight makes one issue, one acknowledgement',
  async ({ lang, email }) => {
    standin.injectFault({ kind: 'hold', operation: issueCreate, times: 2 });
    const response = await postRequest(
      urlOf(replicaA),
      incidentSubmission(replicaA.context.clock(), { lang, requester: { name: 'Client', email } }),
    );
    expect(response.status).toBe(202);
    const { ref } = (await response.json()) as { ref: string };
    await leaseLapsesDuringCreate('create-ticket');
    await eventually(async () => sink.messages.length > 0, 20_000);
    await settled();

    const issues = (await issueBodies()).filter((issue) => issue.body.includes(ref));
    expect(issues).toHaveLength(1);
    // One write: B found A's issue by its marker instead of creating one.
    expect(standin.stats().requests[issueCreate]).toBe(1);
    const record = await replicaB.context.refs.get(ref);
    expect(record?.issueNumber).toBe(issues[0]!.number);
    expect(sink.messages.filter((message) => message.envelopeTo.includes(email))).toHaveLength(1);
  },
);

it.skipIf(!programs)(
  'an email whose create job’s lease lapsed while its POST was in flight makes one issue',
  async () => {
    standin.injectFault({ kind: 'hold', operation: issueCreate, times: 2 });
    const response = await fetch(`${urlOf(replicaA)}/api/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: new Uint8Array(readEmail('french-latin1.eml')),
    });
    expect(response.status).toBe(200);
    await leaseLapsesDuringCreate('mail-create-ticket');

    const issues = await issueBodies();
    expect(issues).toHaveLength(1);
    expect(standin.stats().requests[issueCreate]).toBe(1);
    const recorded = await query('SELECT count(*)::int AS n FROM ticket_refs WHERE issue_number IS NOT NULL');
    expect(recorded[0]!.n).toBe(1);
  },
);

it.skipIf(!programs)(
  'a create-ticket job taken over before its POST: the replica that lost the lease creates nothing, one acknowledgement',
  async () => {
    const issueList = 'GET /repos/{owner}/{repo}/issues';
    const email = 'ada.lovelace@example.org';
    // A's job waits on its first read (the agents' open tickets) while its lease lapses.
    standin.injectFault({ kind: 'hold', operation: issueList, times: 1 });
    const response = await postRequest(
      urlOf(replicaA),
      incidentSubmission(replicaA.context.clock(), { requester: { name: 'Ada', email } }),
    );
    expect(response.status).toBe(202);
    const { ref } = (await response.json()) as { ref: string };
    await eventually(async () => standin.held().includes(issueList), 20_000);
    await query(
      "UPDATE jobs SET state = 'queued', locked_by = NULL, lease_until = NULL WHERE kind = 'create-ticket' AND state = 'running'",
    );
    // B takes the job over and sends its POST, held; then A goes on.
    standin.injectFault({ kind: 'hold', operation: issueCreate, times: 1 });
    replicaB.worker.start();
    await eventually(async () => standin.held().includes(issueCreate), 20_000);
    standin.releaseHeld(issueList);
    // A waits for the reference's turn, or (with no shared turn) sends its own POST.
    await eventually(async () => (await lockWaiters()) > 0 || (await issueBodies()).length > 0, 20_000);
    standin.releaseHeld();
    await settled();
    await eventually(async () => sink.messages.length > 0, 20_000);
    await settled();

    const issues = (await issueBodies()).filter((issue) => issue.body.includes(ref));
    expect(issues).toHaveLength(1);
    expect(standin.stats().requests[issueCreate]).toBe(1);
    expect((await replicaB.context.refs.get(ref))?.issueNumber).toBe(issues[0]!.number);
    expect(sink.messages.filter((message) => message.envelopeTo.includes(email))).toHaveLength(1);
  },
);

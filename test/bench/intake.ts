// Intake benchmark: accepted form submissions a second and p50/p99 latency, with the durable inbox
// (SQLite file, WAL, every answer after an fsync of the WAL) and without it (the same server on an in-memory
// store: the cost of durability), measured alternately in one run for each number of connections; then
// GitHub cost per ticket counted at the stand-in.
//   node test/bench/intake.ts [--runs 3] [--seconds 5] [--connections 10,50,200] [--tickets 50] [--warmup 1]
// One line per figure:
//   bench intake inbox=on runs=3 seconds=5 connections=10 rps_median=… rps_min=… rps_max=… p50_ms=… p99_ms=… fsyncs_per_accepted=… loop_cpu_us_per_accepted=…
//   bench intake inbox=off …
//   bench intake durability connections=10 rps_ratio=… pair_ratio_median=… pair_ratio_min=… pair_ratio_max=…
//   bench github-cost channel=form tickets=50 requests_per_ticket=… writes_per_ticket=… content_writes_per_ticket=…
//   bench github-cost channel=github-opened issues=… bot_requests_per_issue=… bot_writes_per_issue=…
// fsyncs_per_accepted counts the fsync and fdatasync system calls of this process during the runs (the
// kernel's own count, `/usr/bin/perf stat` on the syscalls tracepoints, which costs nothing per call),
// divided by the submissions accepted; it says `na` where perf cannot count (not installed, not allowed).
// loop_cpu_us_per_accepted is the main thread's CPU time (the bot's event loop, and autocannon's, alike on
// both sides) per accepted submission: less sensitive than requests a second to other processes on the
// machine, and it shows work moved off the event loop (the store's checkpoints, its fdatasync).
// The worker is stopped during the intake runs (what is measured is the answer the customer waits for).
// Each server first takes `--warmup` seconds of submissions, not counted: the code is compiled and the
// store's checkpointer thread (started at its 100th commit) is running before anything is measured.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { silentLogger } from '../../src/config/logger.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import { createBot } from '../../src/bot/create-bot.ts';
import { trackerFromConfig } from '../../src/tracker/tracker-from-config.ts';
import { startStandin } from '../../src/standin/start-standin.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10,50,200' },
    tickets: { type: 'string', default: '50' },
    // One mode alone (`--modes on`) is for profiling one side (`node --cpu-prof`); the ratio needs both.
    modes: { type: 'string', default: 'on,off' },
    warmup: { type: 'string', default: '1' },
  },
});
const runs = Number(values.runs);
const seconds = Number(values.seconds);
const connectionCounts = values.connections.split(',').map(Number);
const tickets = Number(values.tickets);
const modes = values.modes.split(',').filter((mode): mode is 'on' | 'off' => mode === 'on' || mode === 'off');
const repoRoot = path.resolve(import.meta.dirname, '../..');
// Monday morning in Paris: agents on duty, so assignment takes its normal path.
const clockOffset = Date.parse('2026-11-23T08:30:00Z') - Date.now();
const clock = () => Date.now() + clockOffset;

const loaded = await loadRules(repoRoot, { now: new Date(clock()) });
if (!loaded.rules) throw new Error('the shipped rules are invalid; run repodesk validate');
const rules = loaded.rules;
const standin = await startStandin({
  users: [
    { login: 'repodesk-bot', token: 'bot-token', type: 'Bot' },
    ...rules.teams.agents.map((agent) => ({ login: agent.login, token: `${agent.login}-token` })),
  ],
  repos: [rules.desk.repository],
  now: clock,
});

function submission(idempotencyKey: string) {
  return {
    form: 'incident',
    lang: 'fr',
    requester: { name: 'Marie Curie', email: 'marie.curie@example.org' },
    fields: {
      resume: 'Impossible de me connecter au VPN',
      service: 'VPN et accès à distance',
      impact: 'Je ne peux plus travailler',
      depuis: "aujourd'hui vers 9 h 15",
      description: "J'ouvre le client VPN, il refuse mon mot de passe depuis ce matin. ".repeat(8),
      message_erreur: 'Erreur 691',
      verifications: [true, false, false],
    },
    idempotencyKey,
    startedAt: clock() - 60_000,
  };
}

async function startBot(durable: boolean) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `repodesk-bench-${durable ? 'on' : 'off'}-`));
  const config = {
    githubAuth: { kind: 'token' as const, token: 'bot-token' },
    repository: rules.desk.repository,
    githubApiUrl: standin.url,
    webhookSecrets: ['bench-secret'],
    publicSiteUrl: 'http://site.test',
    dataDir,
    port: 0,
    root: repoRoot,
    requireAltcha: false,
    // No SLA sweep: the benchmark measures intake alone.
    sweepEveryMs: 0,
  };
  const bot = await createBot({
    config,
    log: silentLogger,
    tracker: trackerFromConfig(config, silentLogger, clock),
    rules,
    clock,
    memoryStore: !durable,
    limits: { perIp: { burst: 1e9, refillMs: 1 }, perAddress: { burst: 1e9, refillMs: 1 } },
  });
  const url = await bot.start(0, '127.0.0.1');
  await bot.worker.stop();
  return { bot, url, dataDir };
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)] ?? 0;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/**
 * Counts this process's fsync and fdatasync calls while `work` runs (the sqlite and libuv threads
 * included), or undefined where perf cannot count them.
 */
async function countingFsyncs<T>(work: () => Promise<T>): Promise<{ value: T; fsyncs?: number }> {
  const events = 'syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync';
  const perf = spawn('/usr/bin/perf', ['stat', '-x', ',', '-e', events, '-p', String(process.pid)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let report = '';
  perf.stderr.on('data', (chunk: Buffer) => (report += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => {
    perf.on('error', () => resolve());
    perf.on('close', () => resolve());
  });
  // perf needs a moment to attach to every thread before the work starts.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const value = await work();
  perf.kill('SIGINT');
  await exited;
  const counts = report
    .split('\n')
    .filter((line) => line.includes('syscalls:sys_enter_'))
    .map((line) => Number(line.split(',')[0]));
  if (counts.length !== 2 || counts.some((count) => !Number.isFinite(count))) return { value };
  return { value, fsyncs: counts[0]! + counts[1]! };
}

/** `connections` clients posting submissions to `url` for `duration` seconds. */
const load = (url: string, connections: number, duration: number) =>
  autocannon({
    url: `${url}/api/requests`,
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://site.test' },
    body: JSON.stringify(submission('[<id>]')),
    idReplacement: true,
    connections,
    duration,
  });

const durable = await startBot(true);
const memory = await startBot(false);
if (Number(values.warmup) > 0)
  for (const target of [durable, memory])
    await load(target.url, connectionCounts[0] ?? 10, Number(values.warmup));
for (const connections of connectionCounts) {
  const figures: Record<
    'on' | 'off',
    { rps: number[]; p50: number[]; p99: number[]; accepted: number; fsyncs?: number; loopCpuUs: number }
  > = {
    on: { rps: [], p50: [], p99: [], accepted: 0, fsyncs: 0, loopCpuUs: 0 },
    off: { rps: [], p50: [], p99: [], accepted: 0, fsyncs: 0, loopCpuUs: 0 },
  };
  // Alternate on/off so that noise from other processes on the machine hits both alike.
  for (let run = 0; run < runs; run += 1) {
    for (const [mode, target] of (
      [
        ['on', durable],
        ['off', memory],
      ] as const
    ).filter(([mode]) => modes.includes(mode))) {
      const figure = figures[mode];
      const cpuBefore = process.threadCpuUsage();
      const { value: result, fsyncs } = await countingFsyncs(() => load(target.url, connections, seconds));
      const cpu = process.threadCpuUsage(cpuBefore);
      figure.loopCpuUs += cpu.user + cpu.system;
      if (result.non2xx > 0 || result.errors > 0)
        throw new Error(`intake ${mode}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
      figure.rps.push(result.requests.average);
      figure.p50.push(result.latency.p50);
      figure.p99.push(result.latency.p99);
      figure.accepted += result.requests.total;
      figure.fsyncs =
        fsyncs === undefined || figure.fsyncs === undefined ? undefined : figure.fsyncs + fsyncs;
    }
  }
  for (const mode of modes) {
    const figure = figures[mode];
    const perAccepted = figure.fsyncs === undefined ? 'na' : round(figure.fsyncs / figure.accepted, 3);
    console.log(
      `bench intake inbox=${mode} runs=${runs} seconds=${seconds} connections=${connections} rps_median=${round(median(figure.rps))} rps_min=${round(Math.min(...figure.rps))} rps_max=${round(Math.max(...figure.rps))} p50_ms=${median(figure.p50)} p99_ms=${median(figure.p99)} fsyncs_per_accepted=${perAccepted} loop_cpu_us_per_accepted=${round(figure.loopCpuUs / figure.accepted, 0)}`,
    );
  }
  if (modes.length < 2) continue;
  // Each run's on/off pair ran back to back: their ratios show the spread the machine's noise leaves.
  const pairRatios = figures.on.rps.map((rps, run) => rps / (figures.off.rps[run] ?? Number.NaN));
  console.log(
    `bench intake durability connections=${connections} rps_ratio=${round(median(figures.on.rps) / median(figures.off.rps), 2)} pair_ratio_median=${round(median(pairRatios), 2)} pair_ratio_min=${round(Math.min(...pairRatios), 2)} pair_ratio_max=${round(Math.max(...pairRatios), 2)}`,
  );
}
const accepted = (await durable.bot.context.inbox.countBySource()).form ?? 0;
await durable.bot.stop();
await memory.bot.stop();

// GitHub cost of a form ticket: every request the bot sends to the stand-in, from acceptance to the issue.
const cost = await startBot(true);
standin.resetStats();
const before = standin.stats();
for (let index = 0; index < tickets; index += 1) {
  const response = await fetch(`${cost.url}/api/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://site.test' },
    body: JSON.stringify(submission(`cost-ticket-${index}`)),
  });
  if (response.status !== 202) throw new Error(`submission ${index}: ${response.status}`);
}
await cost.bot.worker.drain();
const after = standin.stats();
if ((await cost.bot.context.jobs.countByState()).done !== tickets)
  throw new Error('not every ticket was created');
const perTicket = (value: number) => round(value / tickets, 2);
console.log(
  `bench github-cost channel=form tickets=${tickets} requests_per_ticket=${perTicket(after.total - before.total)} writes_per_ticket=${perTicket(after.writes - before.writes)} content_writes_per_ticket=${perTicket(after.contentWrites - before.contentWrites)}`,
);

// Issues opened on GitHub by an agent: what the bot adds (labels, assignee) once the webhook arrives.
standin.addWebhook({ url: `${cost.url}/api/github/webhooks`, secret: 'bench-secret' });
const agent = rules.teams.agents[0]?.login ?? '';
const opened = Math.min(tickets, 20);
for (let index = 0; index < opened; index += 1) {
  await fetch(`${standin.url}/repos/${rules.desk.repository}/issues`, {
    method: 'POST',
    headers: { authorization: `token ${agent}-token`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: `VPN en panne ${index}`,
      body: 'Le VPN refuse toutes les connexions depuis ce matin.',
    }),
  });
}
await standin.deliveriesIdle();
const beforeRouting = standin.stats();
await cost.bot.worker.drain();
const afterRouting = standin.stats();
console.log(
  `bench github-cost channel=github-opened issues=${opened} bot_requests_per_issue=${round((afterRouting.total - beforeRouting.total) / opened, 2)} bot_writes_per_issue=${round((afterRouting.writes - beforeRouting.writes) / opened, 2)}`,
);
console.log(`bench intake accepted_durable_total=${accepted}`);
await cost.bot.stop();
await standin.close();
for (const dir of [durable.dataDir, memory.dataDir, cost.dataDir])
  fs.rmSync(dir, { recursive: true, force: true });

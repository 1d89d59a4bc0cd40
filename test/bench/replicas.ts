// Intake over replicas: accepted form submissions a second and p50/p99 latency, with `repodesk serve`
// processes on one PostgreSQL (1 or 2 replicas, the same total of connections spread over them) and, beside
// them, one on the SQLite store. Each replica is a real process; workers run (GitHub is the stand-in).
//   node test/bench/replicas.ts [--seconds 5] [--connections 10] [--replicas 1,2] [--sqlite]
// One line per figure:
//   bench replicas store=postgresql replicas=2 connections=10 rps=… p50_ms=… p99_ms=…
// For a ratio, run two settings as two commands in turn, several pairs (paired runs).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadRules } from '../../src/rules/load-rules.ts';
import { startStandin } from '../../src/standin/start-standin.ts';
import { postgresPrograms, startPostgres } from '../support/postgres-server.ts';
import { startServe, type ServeChild } from '../support/serve-child.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    replicas: { type: 'string', default: '1,2' },
    sqlite: { type: 'boolean', default: true },
    postgres: { type: 'boolean', default: true },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const counts = values.replicas.split(',').map(Number);
const repoRoot = path.resolve(import.meta.dirname, '../..');

const loaded = await loadRules(repoRoot, { now: new Date() });
if (!loaded.rules) throw new Error('the shipped rules are invalid; run repodesk validate');
const standin = await startStandin({
  users: [
    { login: 'repodesk-bot', token: 'bot-token', type: 'Bot' },
    ...loaded.rules.teams.agents.map((agent) => ({ login: agent.login })),
  ],
});
// The shipped rules with rate limits a benchmark posting from one address does not meet.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-bench-replicas-'));
fs.cpSync(path.join(repoRoot, 'rules'), path.join(root, 'rules'), { recursive: true });
fs.cpSync(path.join(repoRoot, 'kb'), path.join(root, 'kb'), { recursive: true });
const deskFile = path.join(root, 'rules/desk.yaml');
fs.writeFileSync(
  deskFile,
  `${fs
    .readFileSync(deskFile, 'utf8')
    .replace(/\nrateLimits:\n(?: {2}.*\n)*/, '\n')
    .trimEnd()}\n\nrateLimits:\n  perIp: { burst: 1000000000, refillSeconds: 1 }\n  perEmail: { burst: 1000000000, refillSeconds: 1 }\n`,
);

function body(): string {
  return JSON.stringify({
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
    idempotencyKey: '[<id>]',
    startedAt: Date.now() - 60_000,
  });
}

/** Spreads `connections` over the replicas' URLs at once; the sum of their accepted/s and the worst latencies. */
async function measure(urls: string[]): Promise<{ rps: number; p50: number; p99: number }> {
  const results = await Promise.all(
    urls.map((url, index) =>
      autocannon({
        url: `${url}/api/requests`,
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://site.test' },
        body: body(),
        idReplacement: true,
        connections: Math.floor(connections / urls.length) + (index < connections % urls.length ? 1 : 0),
        duration: seconds,
      }),
    ),
  );
  for (const result of results)
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`intake: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return {
    rps: results.reduce((sum, result) => sum + result.requests.average, 0),
    p50: Math.max(...results.map((result) => result.latency.p50)),
    p99: Math.max(...results.map((result) => result.latency.p99)),
  };
}

async function run(store: 'sqlite' | 'postgresql', replicas: number, databaseUrl?: string): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-bench-replicas-data-'));
  const children: ServeChild[] = [];
  try {
    const env = {
      REPODESK_ROOT: root,
      SWEEP_EVERY: 'off',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    };
    const urls: string[] = [];
    for (let index = 0; index < replicas; index += 1) {
      const child = startServe({ standinUrl: standin.url, dataDir, env });
      children.push(child);
      urls.push(await child.url);
    }
    const figure = await measure(urls);
    console.log(
      `bench replicas store=${store} replicas=${replicas} connections=${connections} seconds=${seconds} rps=${figure.rps.toFixed(1)} p50_ms=${figure.p50} p99_ms=${figure.p99}`,
    );
  } finally {
    for (const child of children) await child.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

try {
  if (values.sqlite) await run('sqlite', 1);
  const programs = values.postgres ? postgresPrograms(import.meta.filename) : undefined;
  if (programs) {
    const postgres = await startPostgres(programs);
    try {
      for (const replicas of counts) await run('postgresql', replicas, await postgres.createDatabase());
    } finally {
      await postgres.stop();
    }
  }
} finally {
  await standin.close();
  fs.rmSync(root, { recursive: true, force: true });
}

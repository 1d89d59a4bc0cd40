// Issue 16: several `repodesk serve` replicas on one PostgreSQL share the work. Two real processes take
// form submissions spread over both; one is killed with SIGKILL in the middle and started again. Every
// accepted reference has exactly one issue at the GitHub stand-in, every acknowledgement is sent once
// (SMTP sink), and the survivor takes the leadership over and runs the sweep: an overdue ticket opened
// after the kill is escalated before the killed replica is started again. The stand-in enforces the
// content-creation limits of a GitHub Enterprise Server whose admin raised them, and GITHUB_WRITE_BUDGET
// tells the replicas the same limits: 500 issues in well under a minute, never one refused.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import {
  eventually,
  incidentSubmission,
  postRequest,
  repoRoot,
  templateRules,
} from '../support/bot-harness.ts';
import { postgresPrograms, startPostgres, type PostgresServer } from '../support/postgres-server.ts';
import { startServe, type ServeChild } from '../support/serve-child.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';

const programs = postgresPrograms(import.meta.filename);
// Issue 16's number, over both replicas.
const submissions = 500;
// The instance's limits (the stand-in enforces them), and the budget the replicas share.
const contentLimits = { perMinute: 1000, perHour: 20_000 };
const writeBudget = `${contentLimits.perMinute}/m,${contentLimits.perHour}/h`;

describe.skipIf(!programs)('two repodesk serve replicas on one PostgreSQL', () => {
  let postgres: PostgresServer;
  let standin: Standin;
  let sink: SmtpSink;
  const folders: string[] = [];
  const children: ServeChild[] = [];
  const temp = (prefix: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    folders.push(dir);
    return dir;
  };

  beforeAll(async () => {
    postgres = await startPostgres(programs!);
    const rules = await templateRules();
    standin = await startStandin({
      contentLimits,
      allowClockOverride: true,
      users: [
        { login: 'repodesk-bot', token: 'bot-token', type: 'Bot' },
        { login: 'monitoring', token: 'monitoring-token' },
        ...rules.teams.agents.map((agent) => ({ login: agent.login })),
      ],
    });
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    for (const child of children) await child.stop();
    await sink?.close();
    await standin?.close();
    await postgres?.stop();
    for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'a replica killed in the middle: one issue per accepted reference, one acknowledgement each, the survivor leads',
    { timeout: 400_000 },
    async () => {
      // The desk's own rules, with rate limits a test posting from one address does not meet.
      const root = temp('repodesk-replicas-root-');
      fs.cpSync(path.join(repoRoot, 'rules'), path.join(root, 'rules'), { recursive: true });
      fs.cpSync(path.join(repoRoot, 'kb'), path.join(root, 'kb'), { recursive: true });
      const deskFile = path.join(root, 'rules/desk.yaml');
      const desk = fs.readFileSync(deskFile, 'utf8').replace(/\nrateLimits:\n(?: {2}.*\n)*/, '\n');
      fs.writeFileSync(
        deskFile,
        `${desk.trimEnd()}\n\nrateLimits:\n  perIp: { burst: 100000, refillSeconds: 1 }\n  perEmail: { burst: 100000, refillSeconds: 1 }\n`,
      );
      const env = {
        DATABASE_URL: await postgres.createDatabase(),
        // Files (the status secret, uploads) are shared, as replicas share a volume.
        REPODESK_ROOT: root,
        SMTP_URL: sink.url,
        GITHUB_WRITE_BUDGET: writeBudget,
        JOB_LEASE: '3s',
        LEADER_CHECK_EVERY: '1s',
        // The shortest interval: the survivor's next tick comes within a minute of the takeover.
        SWEEP_EVERY: '1m',
      };
      const dataDir = temp('repodesk-replicas-data-');
      const start = () => {
        const child = startServe({ standinUrl: standin.url, dataDir, env });
        children.push(child);
        return child;
      };
      const first = start();
      const firstUrl = await first.url;
      const second = start();
      const secondUrl = await second.url;
      expect(first.log()).toContain('"msg":"leadership taken"');
      expect(second.log()).not.toContain('"msg":"leadership taken"');

      const accepted = new Map<string, string>();
      const post = async (index: number, url: string) => {
        const email = `client${index}@exemple.example`;
        const body = incidentSubmission(Date.now(), { requester: { name: `Client ${index}`, email } });
        const response = await postRequest(url, body).catch(() => undefined);
        // A request cut by the kill was not acknowledged: the customer sends it again, to the other one.
        const answered = response?.status === 202 ? response : await postRequest(secondUrl, body);
        expect(answered.status).toBe(202);
        accepted.set(((await answered.json()) as { ref: string }).ref, email);
      };
      // The first half spread over both, the killed one's share included; then the kill; then the rest.
      await Promise.all(
        Array.from({ length: submissions / 2 }, (_, index) =>
          post(index, index % 2 === 0 ? firstUrl : secondUrl),
        ),
      );
      first.process.kill('SIGKILL');
      expect((await first.exited).signal).toBe('SIGKILL');
      await Promise.all(
        Array.from({ length: submissions / 2 }, (_, index) => post(submissions / 2 + index, secondUrl)),
      );
      // PostgreSQL dropped the dead leader's session: the survivor leads within a check.
      await eventually(async () => second.log().includes('"msg":"leadership taken"'), 10_000);
      // An urgent ticket opened on GitHub three hours ago by a monitoring system, after the kill: only the
      // survivor's sweep can escalate it (its first response was due within the hour).
      const overdue = await fetch(`${standin.url}/repos/acme/support/issues`, {
        method: 'POST',
        headers: {
          authorization: 'token monitoring-token',
          'content-type': 'application/json',
          'x-standin-now': new Date(Date.now() - 3 * 3_600_000).toISOString(),
        },
        body: JSON.stringify({
          title: 'Sonde : la base de données ne répond plus',
          body: 'Alerte automatique.',
          labels: ['status: new', 'priority: urgent', 'team: support-client'],
        }),
      });
      expect(overdue.status).toBe(201);
      const { number: overdueNumber } = (await overdue.json()) as { number: number };
      const labelsOf = async (number: number) =>
        (await (
          await fetch(`${standin.url}/repos/acme/support/issues/${number}`, {
            headers: { authorization: 'token bot-token' },
          })
        ).json()) as { labels: { name: string }[] };
      await eventually(async () => {
        const labels = (await labelsOf(overdueNumber)).labels.map((label) => label.name);
        return labels.includes('sla:breached');
      }, 90_000);
      const restarted = start();
      await restarted.url;

      const created = () => standin.stats().requests['POST /repos/{owner}/{repo}/issues'] ?? 0;
      await eventually(async () => created() >= submissions + 1, 120_000);
      await eventually(async () => sink.messages.length >= submissions, 60_000);
      // Whatever was still in flight has settled: nothing more is created or sent.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const all: { number: number; body: string }[] = [];
      for (let page = 1; ; page += 1) {
        const batch = (await (
          await fetch(`${standin.url}/repos/acme/support/issues?state=all&per_page=100&page=${page}`, {
            headers: { authorization: 'token bot-token' },
          })
        ).json()) as { number: number; body: string }[];
        all.push(...batch.filter((found) => found.number !== overdueNumber));
        if (batch.length < 100) break;
      }

      expect(accepted.size).toBe(submissions);
      for (const ref of accepted.keys())
        expect(all.filter((issue) => issue.body.includes(ref)).map((issue) => issue.number)).toHaveLength(1);
      expect(all).toHaveLength(submissions);
      for (const email of accepted.values())
        expect(sink.messages.filter((message) => message.envelopeTo.includes(email))).toHaveLength(1);
      expect(sink.messages).toHaveLength(submissions);
    },
  );
});

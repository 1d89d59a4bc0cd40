// Issue 16: several `repodesk serve` replicas on one PostgreSQL share the work. Two real processes take
// form submissions spread over both; one is killed with SIGKILL in the middle and started again. Every
// accepted reference has exactly one issue at the GitHub stand-in, every acknowledgement is sent once
// (SMTP sink), and the survivor takes the leadership (the sweep, IMAP polling) over within a check.

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
// Under GitHub's content limit (80 issues a minute), which the shared write budget keeps for both.
const submissions = 60;

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
      users: [
        { login: 'repodesk-bot', token: 'bot-token', type: 'Bot' },
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
    { timeout: 240_000 },
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
        JOB_LEASE: '3s',
        LEADER_CHECK_EVERY: '1s',
        SWEEP_EVERY: 'off',
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
      const restarted = start();
      await restarted.url;

      const issues = async () =>
        (await (
          await fetch(`${standin.url}/repos/acme/support/issues?state=all&per_page=100`, {
            headers: { authorization: 'token bot-token' },
          })
        ).json()) as { number: number; body: string }[];
      const found = await eventually(async () => {
        const all = await issues();
        return all.length >= submissions ? all : undefined;
      }, 90_000);
      await eventually(async () => sink.messages.length >= submissions, 60_000);
      // Whatever was still in flight has settled: nothing more is created or sent.
      await new Promise((resolve) => setTimeout(resolve, 1500));

      expect(accepted.size).toBe(submissions);
      const all = await issues();
      expect(all).toHaveLength(found.length);
      for (const ref of accepted.keys())
        expect(all.filter((issue) => issue.body.includes(ref)).map((issue) => issue.number)).toHaveLength(1);
      expect(all).toHaveLength(submissions);
      for (const email of accepted.values())
        expect(sink.messages.filter((message) => message.envelopeTo.includes(email))).toHaveLength(1);
      expect(sink.messages).toHaveLength(submissions);
    },
  );
});

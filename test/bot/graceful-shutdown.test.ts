// Issue 16, graceful shutdown: SIGTERM to `repodesk serve` stops taking requests, gives back the job it
// cannot finish in its grace (a mail whose SMTP server never answers), closes the store and exits 0
// before the 10 s an orchestrator waits; restarted, the bot sends that mail once. On both stores.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { eventually, incidentSubmission, postRequest, templateRules } from '../support/bot-harness.ts';
import { postgresPrograms, startPostgres, type PostgresServer } from '../support/postgres-server.ts';
import { startServe, type ServeChild } from '../support/serve-child.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';

const programs = postgresPrograms(import.meta.filename);
const stores = programs ? (['SQLite', 'PostgreSQL'] as const) : (['SQLite'] as const);

let postgres: PostgresServer | undefined;
let standin: Standin;
const children: ServeChild[] = [];
const folders: string[] = [];
beforeAll(async () => {
  if (programs) postgres = await startPostgres(programs);
  const rules = await templateRules();
  standin = await startStandin({
    users: [
      { login: 'repodesk-bot', token: 'bot-token', type: 'Bot' },
      ...rules.teams.agents.map((agent) => ({ login: agent.login })),
    ],
  });
});
afterAll(async () => {
  for (const child of children) await child.stop();
  await standin?.close();
  await postgres?.stop();
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(stores)('SIGTERM on %s', (store) => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink?.close();
  });

  it('stops taking requests, releases the mail it could not send, closes the store, exits 0; restarted, the mail goes once', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-shutdown-'));
    folders.push(dataDir);
    const env: Record<string, string> = {
      SMTP_URL: sink.url,
      // The send outlives the grace: only a release lets the process go.
      MAIL_SMTP_TIMEOUT_MS: '60000',
      SWEEP_EVERY: 'off',
      ...(store === 'PostgreSQL' ? { DATABASE_URL: await postgres!.createDatabase() } : {}),
    };
    const start = () => {
      const child = startServe({ standinUrl: standin.url, dataDir, env });
      children.push(child);
      return child;
    };
    const first = start();
    const url = await first.url;
    // The acknowledgement's SMTP server accepts the connection and never greets: the send hangs.
    sink.stallNext(1);
    const email = `shutdown-${store.toLowerCase()}@exemple.example`;
    const response = await postRequest(
      url,
      incidentSubmission(Date.now(), { requester: { name: 'Client', email } }),
    );
    expect(response.status).toBe(202);
    await eventually(async () => sink.connections() >= 1, 30_000);

    const signalled = Date.now();
    first.process.kill('SIGTERM');
    const exit = await first.exited;
    const stoppedInMs = Date.now() - signalled;
    process.stderr.write(`graceful shutdown on ${store}: exited ${stoppedInMs} ms after SIGTERM\n`);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(stoppedInMs).toBeLessThan(10_000);
    expect(first.log()).toContain('"msg":"shutting down"');
    expect(first.log()).toMatch(/"msg":"job released at shutdown"[^\n]*"kind":"mail-send"/);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    expect(sink.messages).toHaveLength(0);

    // The store was closed: a bot starts on it at once (SQLite: the data folder's lock is free) and sends
    // the released mail, once.
    const second = start();
    await second.url;
    await eventually(async () => sink.messages.length >= 1, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(sink.messages.filter((message) => message.envelopeTo.includes(email))).toHaveLength(1);
    expect(sink.messages).toHaveLength(1);
    await second.stop();
  });
});

// RELIABILITY 27 on the mail path: `repodesk serve` killed with SIGKILL after the inbound mail is stored
// (before the sender heard 200), before the GitHub POST of the email ticket, and after it but before it
// was recorded. After a restart: exactly one issue, and the customer has exactly one acknowledgement.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/parse-message.ts';
import { startStandin } from '../../../src/standin/start-standin.ts';
import { eventually, templateRules } from '../../support/bot-harness.ts';
import { rawMail } from '../../support/email-fixtures.ts';
import { startServe } from '../../support/serve-child.ts';
import { startSmtpSink } from '../../support/smtp-sink.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const rules = await templateRules();
  const standin = await startStandin({
    users: [
      { login: 'repodesk-bot', token: 'bot-token', type: 'Bot' },
      ...rules.teams.agents.map((agent) => ({ login: agent.login })),
    ],
  });
  const sink = await startSmtpSink();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-mail-crash-'));
  cleanups.push(
    () => standin.close(),
    () => sink.close(),
    () => fs.rmSync(dataDir, { recursive: true, force: true }),
  );
  const issues = async () =>
    (await (
      await fetch(`${standin.url}/repos/acme/support/issues?state=all`, {
        headers: { authorization: 'token bot-token' },
      })
    ).json()) as { number: number; title: string; body: string }[];
  const serve = (crashAt?: string) => {
    const child = startServe({
      standinUrl: standin.url,
      dataDir,
      env: { SMTP_URL: sink.url, ...(crashAt ? { REPODESK_CRASH_AT: crashAt } : {}) },
    });
    cleanups.push(() => child.stop());
    return child;
  };
  return { standin, sink, issues, serve };
}

const mail = rawMail({
  from: 'Claire Martin <claire.martin@exemple-client.fr>',
  subject: 'Table livrée sans plateau',
  messageId: 'crash-mail-1@exemple-client.fr',
  body: 'Bonjour, la table 140 cm est arrivée sans son plateau.',
});
const post = (url: string) =>
  fetch(`${url}/api/inbound/email`, {
    method: 'POST',
    headers: { 'content-type': 'message/rfc822' },
    body: new Uint8Array(mail),
  });

describe('kill -9 on the mail path of a new ticket', () => {
  it.each(['after-inbox-write', 'before-create-post', 'after-create-post'])(
    'killed %s: after restart, exactly one issue and one acknowledgement',
    async (crashAt) => {
      const { sink, issues, serve } = await setup();
      const first = serve(crashAt);
      const url = await first.url;
      if (crashAt === 'after-inbox-write') {
        // Stored, then killed before the answer: the MTA saw the connection drop.
        await expect(post(url)).rejects.toThrow();
      } else {
        expect((await post(url)).status).toBe(200);
      }
      expect((await first.exited).signal).toBe('SIGKILL');
      expect(await issues()).toHaveLength(crashAt === 'after-create-post' ? 1 : 0);

      const second = serve();
      const restartedUrl = await second.url;
      if (crashAt === 'after-inbox-write') {
        // The MTA delivers again: the bot already has it.
        const retried = await post(restartedUrl);
        expect(((await retried.json()) as { duplicate: boolean }).duplicate).toBe(true);
      }
      const [issue] = await eventually(async () => {
        const found = await issues();
        return found.length > 0 ? found : undefined;
      }, 20_000);
      expect(issue?.title).toBe('Table livrée sans plateau');
      await eventually(async () => sink.messages.length > 0, 20_000);
      // Anything still due (a reconcile, a resend) has had time to run.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await issues()).toHaveLength(1);
      expect(sink.messages).toHaveLength(1);
      const ack = await parseMessage(sink.messages[0]?.raw ?? Buffer.alloc(0));
      expect(ack.ok && ack.mail.subject).toMatch(/^\[#RD-[0-9A-Z]{4}-[0-9A-Z]{4}\] Nous avons bien reçu/);
      expect(sink.messages[0]?.envelopeTo).toEqual(['claire.martin@exemple-client.fr']);
    },
  );
});

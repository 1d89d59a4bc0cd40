// What the outbox does when the SMTP server is not simply "250 OK" (RELIABILITY 28 and the permanent
// refusals), through the real bot, its configured mailer and a real SMTP server: a 451 or a server that
// never answers is retried later and the customer gets one mail with one Message-ID; a recipient refused
// for good is marked on the ticket and never written to again.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mail/parse-message.ts';
import { agentToken, eventually, jobStates, startHarness, type Harness } from '../support/bot-harness.ts';
import { runCli } from '../support/cli-child.ts';
import { rawMail } from '../support/email-fixtures.ts';

async function messageIdOf(raw: Buffer | undefined): Promise<string | undefined> {
  const parsed = await parseMessage(raw ?? Buffer.alloc(0));
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.mail.messageId;
}

describe('the outbox against an SMTP server that refuses, stalls or rejects', () => {
  let harness: Harness;
  beforeAll(async () => {
    // The bot's own mailer, built from its configuration: a server silent for 400 ms has timed out.
    harness = await startHarness({
      retry: { baseMs: 200, capMs: 400, maxAttempts: 5 },
      mailEnv: { MAIL_SMTP_TIMEOUT_MS: '400' },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  const post = (raw: Buffer) =>
    fetch(`${harness.url}/api/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: new Uint8Array(raw),
    });
  const sentTo = (address: string) =>
    harness.mail.messages.filter((message) => message.envelopeTo.includes(address));
  const sendJobs = async () =>
    (
      await harness.bot.context.store.all(
        "SELECT state, attempts, last_error FROM jobs WHERE kind = 'mail-send' ORDER BY id",
      )
    ).map((row) => ({ state: String(row.state), attempts: Number(row.attempts), error: row.last_error }));
  const idle = () =>
    eventually(async () => {
      const counts = await harness.bot.context.jobs.countByState();
      return counts.queued === 0 && counts.running === 0;
    });
  async function issueFor(subject: string) {
    return eventually(async () => (await harness.issues()).find((issue) => issue.title === subject));
  }
  async function reply(number: number, text: string) {
    const response = await fetch(`${harness.standin.url}/repos/acme/support/issues/${number}/comments`, {
      method: 'POST',
      headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: `/reply ${text}` }),
    });
    expect(response.status).toBe(201);
    await harness.standin.deliveriesIdle();
  }

  it('451 then 250: the acknowledgement is retried and sent once, with the Message-ID of the refused attempt', async () => {
    harness.mail.failNext(1);
    await post(
      rawMail({
        from: 'lea@client.example',
        subject: 'Chaise bancale',
        messageId: 'retry-451@client.example',
      }),
    );
    await eventually(async () => sentTo('lea@client.example').length === 1);
    await idle();
    expect(sentTo('lea@client.example')).toHaveLength(1);
    expect(harness.mail.refused).toHaveLength(1);
    expect(await messageIdOf(harness.mail.refused[0]?.raw)).toBe(
      await messageIdOf(sentTo('lea@client.example')[0]?.raw),
    );
    expect((await sendJobs()).at(-1)).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('a server that accepts the connection and never answers: the send times out and is retried later', async () => {
    const connectionsBefore = harness.mail.connections();
    harness.mail.stallNext(1);
    const startedAt = Date.now();
    await post(
      rawMail({ from: 'hugo@client.example', subject: 'Bureau rayé', messageId: 'stall-1@client.example' }),
    );
    await eventually(async () => sentTo('hugo@client.example').length === 1, 15_000);
    // The first attempt waited for the configured timeout, then the retry went through.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(400);
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(harness.mail.connections() - connectionsBefore).toBe(2);
    await idle();
    expect(sentTo('hugo@client.example')).toHaveLength(1);
    expect((await sendJobs()).at(-1)).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('the requester refused with 550 at RCPT TO: the ticket is labelled undeliverable and no later mail is attempted', async () => {
    harness.mail.rejectRecipient('parti@ancien-client.example');
    await post(
      rawMail({
        from: 'parti@ancien-client.example',
        subject: 'Facture de mars',
        messageId: 'gone-550@ancien-client.example',
      }),
    );
    const issue = await issueFor('Facture de mars');
    await eventually(async () =>
      (await harness.issues())
        .find((candidate) => candidate.number === issue.number)
        ?.labels.includes('email: undeliverable'),
    );
    // repodesk why, with the bot's store, says why the label is there.
    const why = await runCli(['why', String(issue.number)], {
      GITHUB_TOKEN: 'bot-token',
      GITHUB_REPOSITORY: 'acme/support',
      GITHUB_API_URL: harness.standin.url,
      DATA_DIR: harness.dataDir,
    });
    expect(why.stdout).toMatch(
      / {2}\S+ added label "email: undeliverable" \(mail undeliverable; rules \S+\): an address of the ticket cannot receive mail/,
    );
    // A permanent refusal is not retried: the acknowledgement job is dead, after one attempt.
    expect((await jobStates(harness, 'mail-send')).dead).toBe(1);
    expect(harness.mail.refusedRecipients).toEqual(['parti@ancien-client.example']);
    await reply(issue.number, 'Pouvez-vous nous donner une autre adresse ?');
    await idle();
    expect(harness.mail.refusedRecipients).toEqual(['parti@ancien-client.example']);
    expect((await jobStates(harness, 'mail-send')).dead).toBe(1);
  });

  it('a CC refused while the requester is served: the reply reaches the requester, the CC is marked and left out next time', async () => {
    harness.mail.rejectRecipient('ancien.collegue@client.example');
    await post(
      rawMail({
        from: 'nina@client.example',
        subject: 'Livraison partielle',
        messageId: 'cc-550@client.example',
        headers: ['Cc: ancien.collegue@client.example'],
      }),
    );
    const issue = await issueFor('Livraison partielle');
    await eventually(async () => sentTo('nina@client.example').length === 1);
    await reply(issue.number, 'Le reste part demain.');
    await eventually(async () => sentTo('nina@client.example').length === 2);
    await eventually(async () =>
      (await harness.issues())
        .find((candidate) => candidate.number === issue.number)
        ?.labels.includes('email: undeliverable'),
    );
    expect(
      harness.mail.refusedRecipients.filter((address) => address === 'ancien.collegue@client.example'),
    ).toHaveLength(1);
    await reply(issue.number, 'Le reste est parti.');
    await eventually(async () => sentTo('nina@client.example').length === 3);
    expect(sentTo('nina@client.example')[2]?.envelopeTo).toEqual(['nina@client.example']);
    expect(
      harness.mail.refusedRecipients.filter((address) => address === 'ancien.collegue@client.example'),
    ).toHaveLength(1);
  });
});

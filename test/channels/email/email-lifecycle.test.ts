// Threading over a ticket's life through the real bot (GitHub stand-in, real SMTP server), with a clock
// the test moves: reopen within the window, a new linked ticket after it, bounces, the hourly cap on
// automatic mail, internal notes that send nothing, and canned public replies.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../../src/mailer/mailer.ts';
import { parseMessage, type ParsedMail } from '../../../src/mail/parse-message.ts';
import { threadToken } from '../../../src/mail/thread-token.ts';
import { customerMessageMarker } from '../../../src/tickets/comment-kind.ts';
import {
  agentToken,
  eventually,
  manualClock,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';
import { rawMail } from '../../support/email-fixtures.ts';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.ts';

const dayMs = 24 * 60 * 60 * 1000;

async function parsed(raw: Buffer | undefined): Promise<ParsedMail> {
  const result = await parseMessage(raw ?? Buffer.alloc(0));
  if (!result.ok) throw new Error(result.detail);
  return result.mail;
}

describe('email threading over a ticket’s life', () => {
  let harness: Harness;
  let sink: SmtpSink;
  const clock = manualClock();

  beforeAll(async () => {
    sink = await startSmtpSink();
    harness = await startHarness({ clock: clock.now });
    harness.bot.context.mail.mailer = createSmtpMailer({ url: sink.url });
  });
  afterAll(async () => {
    await harness?.close();
    await sink?.close();
  });

  const post = (raw: Buffer) =>
    fetch(`${harness.url}/api/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: new Uint8Array(raw),
    });
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${harness.standin.url}/repos/acme/support${path}`, {
      ...init,
      headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
    });
  const mailsTo = (address: string) =>
    sink.messages.filter((message) => message.envelopeTo.includes(address));
  const idle = () =>
    eventually(async () => {
      const counts = await harness.bot.context.jobs.countByState();
      return counts.queued === 0 && counts.running === 0;
    });

  async function openTicket(
    from: string,
    subject: string,
  ): Promise<{ number: number; ref: string; to: string }> {
    const before = (await harness.issues()).length;
    await post(rawMail({ from, subject, messageId: `${subject.replace(/\W+/g, '-')}@client.example` }));
    const issues = await eventually(async () => {
      const all = await harness.issues();
      return all.length === before + 1 ? all : undefined;
    });
    const issue = issues.find((candidate) => candidate.title === subject);
    const ref = /ref=(RD-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(issue?.body ?? '')?.[1] ?? '';
    await idle();
    return {
      number: issue?.number ?? 0,
      ref,
      to: `support+${threadToken(ref, harness.bot.context.mail.threadSecret)}@cassiopee.example`,
    };
  }

  async function customerComments(number: number): Promise<string[]> {
    const comments = (await (await api(`/issues/${number}/comments`)).json()) as { body: string }[];
    return comments.map((comment) => comment.body).filter((body) => body.startsWith(customerMessageMarker));
  }

  it('a reply after close within 7 days reopens the ticket; after 7 days it opens a new ticket linked to the old one', async () => {
    const ticket = await openTicket('paul@client.example', 'Chaise cassée');
    await api(`/issues/${ticket.number}`, { method: 'PATCH', body: JSON.stringify({ state: 'closed' }) });
    clock.advance(2 * dayMs);
    await post(
      rawMail({
        from: 'paul@client.example',
        to: ticket.to,
        subject: 'Re: Chaise cassée',
        messageId: 'reopen-1@client.example',
        body: 'Finalement elle est encore cassée.',
      }),
    );
    await eventually(async () => (await customerComments(ticket.number)).length === 1);
    await idle();
    const reopened = (await (await api(`/issues/${ticket.number}`)).json()) as {
      state: string;
      labels: { name: string }[];
    };
    expect(reopened.state).toBe('open');
    expect(reopened.labels.map((label) => label.name)).toContain('status: open');

    await api(`/issues/${ticket.number}`, { method: 'PATCH', body: JSON.stringify({ state: 'closed' }) });
    clock.advance(10 * dayMs);
    const before = (await harness.issues()).length;
    await post(
      rawMail({
        from: 'paul@client.example',
        to: ticket.to,
        subject: 'Re: Chaise cassée',
        messageId: 'late-1@client.example',
        body: 'Une autre chaise est cassée.',
      }),
    );
    const issues = await eventually(async () => {
      const all = await harness.issues();
      return all.length === before + 1 ? all : undefined;
    });
    const follow = issues.find(
      (issue) => issue.number !== ticket.number && issue.body.includes('Une autre chaise'),
    );
    expect(follow?.body).toContain(`Suite de la demande** ${ticket.ref}`);
    expect(await customerComments(ticket.number)).toHaveLength(1);
  });

  it('a bounce marks the address undeliverable on the ticket, and later replies are not sent to it', async () => {
    const ticket = await openTicket('gone@ancien-client.example', 'Adresse de livraison');
    const ack = await parsed(mailsTo('gone@ancien-client.example')[0]?.raw);
    const dsn = [
      'Return-Path: <>',
      'From: Mail Delivery System <MAILER-DAEMON@mx.cassiopee.example>',
      'To: support@cassiopee.example',
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <bounce-1@mx.cassiopee.example>',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'Delivery failed.',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.cassiopee.example',
      '',
      'Final-Recipient: rfc822; gone@ancien-client.example',
      'Action: failed',
      'Status: 5.1.1',
      '--b',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: <${ack.messageId ?? ''}>`,
      '--b--',
      '',
    ].join('\r\n');
    const issuesBefore = (await harness.issues()).length;
    await post(Buffer.from(dsn));
    await eventually(async () =>
      (await harness.issues())
        .find((issue) => issue.number === ticket.number)
        ?.labels.includes('email: undeliverable'),
    );
    expect(await harness.issues()).toHaveLength(issuesBefore);
    await api(`/issues/${ticket.number}/comments`, {
      method: 'POST',
      body: JSON.stringify({ body: '/reply Pouvez-vous confirmer votre adresse ?' }),
    });
    await harness.standin.deliveriesIdle();
    await idle();
    expect(mailsTo('gone@ancien-client.example')).toHaveLength(1);
  });

  it('at most 3 automatic mails an hour to one address, however many messages it sends', async () => {
    for (let index = 0; index < 6; index += 1)
      await openTicket('bursty@client.example', `Question numéro ${index}`);
    expect(mailsTo('bursty@client.example')).toHaveLength(3);
    clock.advance(61 * 60 * 1000);
    await openTicket('bursty@client.example', 'Question après une heure');
    expect(mailsTo('bursty@client.example')).toHaveLength(4);
  });

  it('an internal note sends nothing; a canned /reply is filled and sent once, and sets the canned status', async () => {
    const ticket = await openTicket('Claire Martin <claire@client.example>', 'Facture manquante');
    await api(`/issues/${ticket.number}/comments`, {
      method: 'POST',
      body: JSON.stringify({ body: 'Note interne : voir avec la compta.' }),
    });
    await harness.standin.deliveriesIdle();
    await idle();
    expect(mailsTo('claire@client.example')).toHaveLength(1);
    await api(`/issues/${ticket.number}/comments`, {
      method: 'POST',
      body: JSON.stringify({ body: '/reply demande-informations' }),
    });
    await eventually(async () => mailsTo('claire@client.example').length === 2);
    const reply = await parsed(mailsTo('claire@client.example')[1]?.raw);
    expect(reply.text).toContain('Bonjour Claire,');
    expect(reply.text).toContain(`votre demande ${ticket.ref}`);
    expect(reply.text).not.toContain('{{');
    await eventually(async () =>
      (await harness.issues())
        .find((issue) => issue.number === ticket.number)
        ?.labels.includes('status: pending'),
    );
  });

  it('an out-of-office answer to our mail is an internal note that leaves the ticket waiting for the customer', async () => {
    const ticket = await openTicket('absent@client.example', 'Devis mobilier');
    await api(`/issues/${ticket.number}/comments`, {
      method: 'POST',
      body: JSON.stringify({ body: '/reply Voici le devis demandé.' }),
    });
    await eventually(async () =>
      (await harness.issues())
        .find((issue) => issue.number === ticket.number)
        ?.labels.includes('status: pending'),
    );
    await idle();
    const sentBefore = sink.messages.length;
    await post(
      rawMail({
        from: 'absent@client.example',
        to: ticket.to,
        subject: 'Réponse automatique : Devis mobilier',
        messageId: 'oof-devis@client.example',
        headers: ['Auto-Submitted: auto-replied'],
        body: 'Je suis absent.',
      }),
    );
    await eventually(async () => {
      const comments = (await (await api(`/issues/${ticket.number}/comments`)).json()) as { body: string }[];
      return comments.some((comment) => comment.body.includes('Réponse automatique du demandeur'));
    });
    await idle();
    expect(await customerComments(ticket.number)).toHaveLength(0);
    const labels = (await harness.issues()).find((issue) => issue.number === ticket.number)?.labels ?? [];
    expect(labels).toContain('status: pending');
    expect(labels).not.toContain('status: open');
    expect(sink.messages.length).toBe(sentBefore);
  });
});

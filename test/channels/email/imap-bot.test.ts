// The IMAP channel through the whole bot: `repodesk serve` started with IMAP_URL against a real Dovecot
// and SMTP_URL against a real SMTP server. A customer mail delivered to the support mailbox becomes an
// issue on the stand-in and an acknowledgement in the customer's mailbox; the same mail arriving by IMAP
// and by the HTTP endpoint is one comment (RELIABILITY 23); a mail over the size limit is not fetched
// whole, is quarantined, and its sender is told once; a mail the receiving server flagged as spam is
// quarantined unanswered, and `repodesk mail release` makes its one ticket.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMail } from '../../../src/cli/mail.ts';
import { parseMessage, type ParsedMail } from '../../../src/mail/parse-message.ts';
import { startStandin, type Standin } from '../../../src/standin/start-standin.ts';
import { customerMessageMarker } from '../../../src/tickets/comment-kind.ts';
import { eventually, templateRules } from '../../support/bot-harness.ts';
import { dovecotInstalled, startDovecot, type Dovecot } from './dovecot.ts';
import { largeMail, rawMail, readEmail } from '../../support/email-fixtures.ts';
import { fixture } from '../../support/inbound-mail.ts';
import { startServe, type ServeChild } from '../../support/serve-child.ts';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.ts';

async function parsed(raw: Buffer | undefined): Promise<ParsedMail> {
  const result = await parseMessage(raw ?? Buffer.alloc(0));
  if (!result.ok) throw new Error(result.detail);
  return result.mail;
}

describe.skipIf(!dovecotInstalled(import.meta.filename))(
  'the bot reading its support mailbox over IMAP (Dovecot)',
  () => {
    let dovecot: Dovecot;
    let standin: Standin;
    let sink: SmtpSink;
    let serve: ServeChild;
    let url: string;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-imap-bot-'));

    beforeAll(async () => {
      const rules = await templateRules();
      [dovecot, standin, sink] = await Promise.all([
        startDovecot(),
        startStandin({
          users: [
            { login: 'repodesk-bot', token: 'bot-token', type: 'Bot' },
            ...rules.teams.agents.map((agent) => ({ login: agent.login })),
          ],
        }),
        startSmtpSink(),
      ]);
      serve = startServe({
        standinUrl: standin.url,
        dataDir,
        env: { IMAP_URL: dovecot.url, SMTP_URL: sink.url, MAIL_MAX_BYTES: String(1024 * 1024) },
      });
      url = await serve.url;
    });
    afterAll(async () => {
      await serve?.stop();
      await Promise.all([dovecot?.stop(), standin?.close(), sink?.close()]);
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const api = async <T>(route: string): Promise<T> =>
      (await (
        await fetch(`${standin.url}/repos/acme/support${route}`, {
          headers: { authorization: 'token bot-token' },
        })
      ).json()) as T;
    const issues = () =>
      api<{ number: number; title: string; body: string }[]>('/issues?state=all&per_page=100');
    const mailsTo = (address: string) =>
      sink.messages.filter((message) => message.envelopeTo.includes(address));

    it('a customer mail in the mailbox becomes an issue and an acknowledgement, then leaves the inbox', async () => {
      await dovecot.append(readEmail('french-latin1-8bit.eml'));
      const issue = await eventually(
        async () => (await issues()).find((candidate) => candidate.title === 'Accoudoir fêlé à la livraison'),
        20_000,
      );
      expect(issue.body).toContain('Le fauteuil reçu hier a un accoudoir fêlé');
      await eventually(async () => mailsTo('helene.garcon@wanadoo.example').length === 1);
      const ack = await parsed(mailsTo('helene.garcon@wanadoo.example')[0]?.raw);
      expect(ack.subject).toMatch(
        /^\[#RD-[0-9A-Z]{4}-[0-9A-Z]{4}\] Nous avons bien reçu votre demande : Accoudoir fêlé/,
      );
      expect(issue.body).toContain(/\[#(RD-[0-9A-Z]{4}-[0-9A-Z]{4})\]/.exec(ack.subject)?.[1] ?? 'no ref');
      await eventually(async () => (await dovecot.list('INBOX')).length === 0);
      expect(await dovecot.list('repodesk-done')).toHaveLength(1);
    });

    it('the same reply by IMAP and by POST /api/inbound/email is one comment on the ticket', async () => {
      const ack = await parsed(mailsTo('helene.garcon@wanadoo.example')[0]?.raw);
      const issue = (await issues()).find((candidate) => candidate.title === 'Accoudoir fêlé à la livraison');
      const reply = Buffer.from(
        [
          'From: =?ISO-8859-1?Q?H=E9l=E8ne_Gar=E7on?= <helene.garcon@wanadoo.example>',
          `To: ${ack.replyTo[0]?.address ?? ''}`,
          `Subject: Re: ${ack.subject}`,
          `In-Reply-To: <${ack.messageId ?? ''}>`,
          'Message-ID: <reply-both-ways@wanadoo.example>',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Voici la photo de l’accoudoir, envoyée deux fois par mon serveur.',
          '',
        ].join('\r\n'),
      );
      const [posted] = await Promise.all([
        fetch(`${url}/api/inbound/email`, {
          method: 'POST',
          headers: { 'content-type': 'message/rfc822' },
          body: new Uint8Array(reply),
        }),
        dovecot.append(reply),
      ]);
      expect(posted.status).toBe(200);
      const customerComments = async () =>
        (await api<{ body: string }[]>(`/issues/${issue?.number ?? 0}/comments`)).filter((comment) =>
          comment.body.startsWith(customerMessageMarker),
        );
      await eventually(async () => (await customerComments()).length === 1);
      await eventually(async () => (await dovecot.list('INBOX')).length === 0);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const comments = await customerComments();
      expect(comments).toHaveLength(1);
      expect(comments[0]?.body).toContain('Voici la photo de l’accoudoir');
    });

    it('real-world mail from the mailbox: a "Lastname, Firstname" sender and raw 8-bit GBK with no charset (issue 19 items 11, 12)', async () => {
      await dovecot.append(fixture('classes', 'sender-encoded-comma-latin1.eml'));
      await dovecot.append(fixture('classes', 'charset-none-gbk.eml'));
      const [commaSender, chinese] = await eventually(async () => {
        const all = await issues();
        const found = [
          all.find((candidate) => candidate.title === 'Commande 5001 en retard'),
          all.find((candidate) => candidate.title === '订单还没有收到'),
        ];
        return found.every(Boolean) ? found : undefined;
      }, 20_000);
      expect(commaSender?.body).toContain('**Demandeur :** Lastname, Firstname');
      expect(chinese?.body).toContain('您好，我的订单还没有收到，请帮我查一下。谢谢！');
      await eventually(
        async () =>
          mailsTo('a.lastname@b.example').length === 1 && mailsTo('lina@gongsi2.example').length === 1,
      );
    });

    it('a mail over MAIL_MAX_BYTES is fetched only in part, quarantined, and its sender told once', async () => {
      const before = (await issues()).length;
      const big = largeMail(2 * 1024 * 1024);
      await dovecot.append(big);
      await eventually(async () => mailsTo('claire.martin@exemple-client.fr').length === 1, 20_000);
      const notice = await parsed(mailsTo('claire.martin@exemple-client.fr')[0]?.raw);
      expect(notice.subject).toBe('Your message is too large: Scan of the delivery note');
      expect(notice.text).toContain('larger than the 1 MB our help centre accepts');
      await eventually(async () => (await dovecot.list('INBOX')).length === 0);
      // The store holds the head of the message (enough to answer), not its 2 MB.
      const db = new DatabaseSync(path.join(dataDir, 'repodesk.sqlite'), { readOnly: true });
      const row = db
        .prepare(
          "SELECT state, reason, size, length(raw) AS kept FROM mail_inbound WHERE source = 'imap' ORDER BY id DESC LIMIT 1",
        )
        .get();
      db.close();
      expect(row).toMatchObject({ state: 'quarantined', reason: 'too-large', size: big.byteLength });
      expect(Number(row?.kept)).toBeLessThanOrEqual(256 * 1024);
      expect(await issues()).toHaveLength(before);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(mailsTo('claire.martin@exemple-client.fr')).toHaveLength(1);
    });

    it('a mail the receiving server flagged as spam is held unanswered; release makes its one ticket', async () => {
      const address = 'acheteur@flagged.example';
      const before = (await issues()).length;
      await dovecot.append(
        rawMail({
          from: `Acheteur <${address}>`,
          subject: 'Promotion exceptionnelle',
          headers: ['X-Spam-Flag: YES', 'X-Spam-Status: Yes, score=8.2 required=5.0'],
        }),
      );
      // The message as read from the mailbox, once the bot processed it.
      const held = await eventually(async () => {
        const db = new DatabaseSync(path.join(dataDir, 'repodesk.sqlite'), { readOnly: true });
        const row = db
          .prepare(
            "SELECT id, state, reason, detail FROM mail_inbound WHERE source = 'imap' AND raw LIKE '%Promotion exceptionnelle%' LIMIT 1",
          )
          .get();
        db.close();
        return row?.state === 'quarantined' ? row : undefined;
      }, 20_000);
      expect(held.reason).toBe('spam-verdict');
      expect(held.detail).toBe(
        `spam verdict of the receiving server: X-Spam-Flag: YES; "repodesk mail release ${String(held.id)}" makes its ticket`,
      );
      expect(await issues()).toHaveLength(before);
      let out = '';
      const code = await runMail(
        ['release', String(held.id), '--data-dir', dataDir],
        (text) => (out += text),
        () => {},
        {},
      );
      expect([code, out]).toEqual([
        0,
        `Message ${String(held.id)} released; the bot makes its ticket on its next pass.\n`,
      ]);
      await eventually(
        async () => (await issues()).length === before + 1 && mailsTo(address).length === 1,
        20_000,
      );
      // The acknowledgement is the release's: nothing was sent while the message was held.
      expect(mailsTo(address)).toHaveLength(1);
    });
  },
);

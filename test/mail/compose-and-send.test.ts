import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReplyCommand } from '../../src/commands/reply.ts';
import { composeMail } from '../../src/mail/compose.ts';
import { loadEmailTemplates } from '../../src/rules/email-templates.ts';
import { pickTemplate } from '../../src/mail/render-template.ts';
import type { EmailTemplate } from '../../src/rules/email-templates.ts';
import { createSmtpMailer, MailerError } from '../../src/mailer/mailer.ts';
import { headerValue, parseMessage } from '../../src/mail/parse-message.ts';
import type { ParsedMail } from '../../src/mail/parse-message.ts';
import { robotCheck } from '../../src/mail/robot-check.ts';
import { outgoingMessageId, replyToAddress, threadToken } from '../../src/mail/thread-token.ts';
import { threadMessage } from '../../src/mail/thread.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';

const root = path.resolve(import.meta.dirname, '../..');
const { templates, problems } = loadEmailTemplates(path.join(root, 'rules'), root);
const secret = 'thread-secret';
const desk = { address: 'support@cassiopee.example', fromName: 'Support Cassiopée' };

function template(id: 'acknowledgement' | 'reply' | 'too-large' | 'auto-close', lang: string): EmailTemplate {
  const found = pickTemplate(templates, id, lang, ['fr', 'en']);
  if (!found) throw new Error(`no template ${id}.${lang}`);
  return found;
}

const variables = {
  'requester.firstName': 'Claire',
  'requester.name': 'Claire Martin',
  'ticket.ref': 'RD-7K3M-9QX2',
  'ticket.title': 'Commande <livrée> incomplète & abîmée',
  'ticket.statusUrl': 'https://aide.cassiopee.example/suivi/RD-7K3M-9QX2?token=abc',
  'desk.name': "Centre d'aide Cassiopée",
  'desk.siteUrl': 'https://aide.cassiopee.example',
  'agent.name': 'Nadia',
};

function acknowledgement(jobKey: string) {
  const token = threadToken('RD-7K3M-9QX2', secret);
  return composeMail({
    template: template('acknowledgement', 'fr'),
    variables,
    suggestions: [
      { title: 'Retourner un article', url: 'https://aide.cassiopee.example/fr/articles/retour/' },
      { title: 'Colis <endommagé>', url: 'https://aide.cassiopee.example/fr/articles/colis/' },
      { title: 'Suivre une commande', url: 'https://aide.cassiopee.example/fr/articles/suivi/' },
      { title: 'A fourth one', url: 'https://aide.cassiopee.example/fr/articles/quatre/' },
    ],
    automatic: true,
    from: { name: desk.fromName, address: desk.address },
    to: ['claire.martin@exemple-client.fr'],
    replyTo: replyToAddress(desk.address, token),
    messageId: outgoingMessageId(token, jobKey, secret, 'cassiopee.example'),
    inReplyTo: 'AM0PR07MB6123@outlook.example',
    loopId: desk.address,
  });
}

async function parsed(raw: Buffer): Promise<ParsedMail> {
  const result = await parseMessage(raw);
  if (!result.ok) throw new Error(result.detail);
  return result.mail;
}

describe('email templates in rules/emails', () => {
  it('load without problems, in French and English', () => {
    expect(problems).toEqual([]);
    for (const id of ['acknowledgement', 'reply', 'too-large', 'auto-close'] as const) {
      expect(Object.keys(templates[id] ?? {}).sort()).toEqual(['en', 'fr']);
    }
  });
});

describe('composeMail', () => {
  it('an acknowledgement has the reference in the subject, the status link, at most 3 suggestions, and robot headers', () => {
    const mail = acknowledgement('ack:RD-7K3M-9QX2');
    expect(mail.subject).toBe(
      '[#RD-7K3M-9QX2] Nous avons bien reçu votre demande : Commande <livrée> incomplète & abîmée',
    );
    expect(mail.text).toContain(
      'Suivre votre demande : https://aide.cassiopee.example/suivi/RD-7K3M-9QX2?token=abc',
    );
    expect(mail.text).toContain('- Colis <endommagé> : https://aide.cassiopee.example/fr/articles/colis/');
    expect(mail.text).not.toContain('quatre');
    expect(mail.headers).toEqual({
      'X-Loop': desk.address,
      'Auto-Submitted': 'auto-replied',
      'X-Auto-Response-Suppress': 'All',
    });
  });

  it('escapes every variable in the HTML part and never lets customer text become markup', () => {
    const mail = acknowledgement('ack:x');
    expect(mail.html).toContain('Commande &lt;livrée&gt; incomplète &amp; abîmée');
    expect(mail.html).toContain(
      '<li><a href="https://aide.cassiopee.example/fr/articles/colis/">Colis &lt;endommagé&gt;</a></li>',
    );
    expect(mail.html).toContain('<a href="https://aide.cassiopee.example/suivi/RD-7K3M-9QX2?token=abc">');
    expect(mail.html).not.toMatch(/<livrée>|<endommagé>/);
  });

  it("an agent's reply carries no Auto-Submitted header", () => {
    const token = threadToken('RD-7K3M-9QX2', secret);
    const mail = composeMail({
      template: template('reply', 'en'),
      variables: { ...variables, message: 'Your chair ships tomorrow.' },
      automatic: false,
      from: { name: desk.fromName, address: desk.address },
      to: ['claire.martin@exemple-client.fr'],
      replyTo: replyToAddress(desk.address, token),
      messageId: outgoingMessageId(token, 'reply:comment:1', secret, 'cassiopee.example'),
      loopId: desk.address,
    });
    expect(mail.headers).toEqual({ 'X-Loop': desk.address });
    expect(mail.text.startsWith('Your chair ships tomorrow.\n')).toBe(true);
  });
});

describe('parseReplyCommand', () => {
  it.each([
    ['/reply Your order ships tomorrow.', { kind: 'text', text: 'Your order ships tomorrow.' }],
    ['/reply\nLine one\nLine two', { kind: 'text', text: 'Line one\nLine two' }],
    ['/reply demande-informations', { kind: 'canned', id: 'demande-informations', extra: '' }],
    [
      '/reply demande-informations\nAlso the delivery address.',
      { kind: 'canned', id: 'demande-informations', extra: 'Also the delivery address.' },
    ],
    ['/reply demande-informations now', { kind: 'text', text: 'demande-informations now' }],
    ['/reply', { kind: 'empty' }],
  ])('%j', (body, expected) => {
    expect(parseReplyCommand(body, ['demande-informations', 'resolution'])).toEqual(expected);
  });
});

describe('sending over SMTP to a real server', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });

  it('the customer receives exactly one message with threading, Reply-To token and loop headers', async () => {
    sink.messages.length = 0;
    const mailer = createSmtpMailer({ url: sink.url });
    const mail = acknowledgement('ack:one');
    const result = await mailer.send(mail);
    mailer.close();
    expect(result.accepted).toEqual(['claire.martin@exemple-client.fr']);
    expect(sink.messages).toHaveLength(1);
    const [received] = sink.messages;
    expect(received?.envelopeTo).toEqual(['claire.martin@exemple-client.fr']);
    const seen = await parsed(received?.raw ?? Buffer.alloc(0));
    expect(seen.messageId).toBe(mail.messageId);
    expect(seen.inReplyTo).toBe('AM0PR07MB6123@outlook.example');
    expect(seen.replyTo[0]?.address).toBe(mail.replyTo);
    expect(seen.subject).toBe(mail.subject);
    expect(headerValue(seen, 'auto-submitted')).toBe('auto-replied');
    expect(headerValue(seen, 'x-loop')).toBe(desk.address);
    expect(seen.html).toContain('Commande &lt;livrée&gt;');
    // Our own mail coming back (a forwarding loop) is recognised as a robot.
    expect(robotCheck(seen, { address: desk.address, loopId: desk.address }).automated).toBe(true);
  });

  it("the customer's reply to what we sent threads back to the ticket by token", async () => {
    sink.messages.length = 0;
    const mailer = createSmtpMailer({ url: sink.url });
    const mail = acknowledgement('ack:two');
    await mailer.send(mail);
    mailer.close();
    const ours = await parsed(sink.messages[0]?.raw ?? Buffer.alloc(0));
    const reply = Buffer.from(
      [
        'From: Claire Martin <claire.martin@exemple-client.fr>',
        `To: ${ours.replyTo[0]?.address ?? ''}`,
        `Subject: RE: ${ours.subject}`,
        `In-Reply-To: <${ours.messageId ?? ''}>`,
        'Message-ID: <reply-1@exemple-client.fr>',
        '',
        'Merci !',
        '',
      ].join('\r\n'),
    );
    const decision = threadMessage(
      await parsed(reply),
      {
        ticketByRef: (ref) =>
          ref === 'rd-7k3m-9qx2'
            ? { ref: 'RD-7K3M-9QX2', requester: 'claire.martin@exemple-client.fr', cc: [], status: 'pending' }
            : undefined,
        ticketByMessageId: () => undefined,
      },
      { address: desk.address, secret, reopenWindowDays: 7, authservId: '' },
      new Date('2026-11-10T00:00:00Z'),
    );
    expect(decision).toEqual({
      kind: 'comment',
      ref: 'RD-7K3M-9QX2',
      matchedBy: 'token',
      setStatus: 'open',
      reopen: false,
    });
  });

  it('a 451 answer is a transient failure; the retry sends one message with the same Message-ID', async () => {
    sink.messages.length = 0;
    sink.failNext(1);
    const mailer = createSmtpMailer({ url: sink.url });
    const mail = acknowledgement('ack:retry');
    const failure = await mailer.send(mail).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MailerError);
    expect((failure as MailerError).transient).toBe(true);
    expect(sink.messages).toHaveLength(0);
    const retried = acknowledgement('ack:retry');
    await mailer.send(retried);
    mailer.close();
    expect(sink.messages).toHaveLength(1);
    expect((await parsed(sink.messages[0]?.raw ?? Buffer.alloc(0))).messageId).toBe(mail.messageId);
  });

  it('a server that does not answer is a transient failure', async () => {
    const mailer = createSmtpMailer({ url: 'smtp://127.0.0.1:1', timeoutMs: 2000 });
    const failure = await mailer.send(acknowledgement('ack:down')).catch((error: unknown) => error);
    mailer.close();
    expect(failure).toBeInstanceOf(MailerError);
    expect((failure as MailerError).transient).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mail/parse-message.ts';
import type { ParsedMail } from '../../src/mail/parse-message.ts';
import { isOurAddress, robotCheck } from '../../src/mail/robot-check.ts';
import { senderTrust, trustedAuthentication } from '../../src/mail/sender-authentication.ts';
import { threadMessage } from '../../src/mail/thread.ts';
import type { ThreadTicket } from '../../src/mail/thread.ts';
import {
  outgoingMessageId,
  replyToAddress,
  threadToken,
  verifyThreadToken,
} from '../../src/mail/thread-token.ts';
import { rawMail, readEmail } from '../support/email-fixtures.ts';

const robotSettings = {
  address: 'support@cassiopee.example',
  loopId: 'support@cassiopee.example',
};
const secret = 'thread-secret-for-tests';
const threadSettings = { address: 'support@cassiopee.example', secret, reopenWindowDays: 7, authservId: '' };
const now = new Date('2026-11-10T12:00:00Z');

async function parse(raw: Buffer): Promise<ParsedMail> {
  const result = await parseMessage(raw);
  if (!result.ok) throw new Error(result.detail);
  return result.mail;
}

describe('robotCheck: no acknowledgement, no loop', () => {
  it.each([
    ['Auto-Submitted: auto-replied', { headers: ['Auto-Submitted: auto-replied'] }, ['auto-submitted']],
    ['Auto-Submitted: auto-generated', { headers: ['Auto-Submitted: auto-generated'] }, ['auto-submitted']],
    ['Precedence: bulk', { headers: ['Precedence: bulk'] }, ['precedence']],
    ['Precedence: list', { headers: ['Precedence: list'] }, ['precedence']],
    ['Precedence: junk', { headers: ['Precedence: junk'] }, ['precedence']],
    ['our X-Loop', { headers: ['X-Loop: support@cassiopee.example'] }, ['x-loop', 'our-loop']],
    ["another helpdesk's X-Loop", { headers: ['X-Loop: helpdesk@other.example'] }, ['x-loop']],
    ['List-Id', { headers: ['List-Id: <news.exemple.example>'] }, ['list']],
    ['List-Unsubscribe', { headers: ['List-Unsubscribe: <mailto:u@exemple.example>'] }, ['list']],
    ['an empty Return-Path', { headers: ['Return-Path: <>'] }, ['null-return-path']],
    ['mailer-daemon', { from: 'MAILER-DAEMON@exemple.example' }, ['robot-sender']],
    ['postmaster', { from: 'postmaster@exemple.example' }, ['robot-sender']],
    ['noreply', { from: 'noreply@shop.example' }, ['robot-sender']],
    ['no-reply', { from: 'No-Reply <no-reply@shop.example>' }, ['robot-sender']],
    ['our own address', { from: 'support@cassiopee.example' }, ['our-address']],
    ['our own plus-address', { from: 'support+rd-1-0123456789abcdef@cassiopee.example' }, ['our-address']],
    [
      'an Exchange automatic reply with only its subject',
      { subject: 'Automatic reply: Commande 44' },
      ['auto-reply-subject'],
    ],
    ['a French one', { subject: 'Réponse automatique : Commande 44' }, ['auto-reply-subject']],
    ['a German one', { subject: 'Automatische Antwort: Bestellung 44' }, ['auto-reply-subject']],
    [
      'X-Auto-Response-Suppress: OOF',
      { headers: ['X-Auto-Response-Suppress: OOF'] },
      ['auto-response-headers'],
    ],
    [
      'Precedence: auto_reply',
      { headers: ['Precedence: auto_reply'] },
      ['precedence', 'auto-response-headers'],
    ],
  ])('%s is a robot', async (_name, options, reasons) => {
    const check = robotCheck(await parse(rawMail(options)), robotSettings);
    expect(check.automated).toBe(true);
    expect(check.reasons).toEqual(reasons);
  });

  it.each([
    ['Auto-Submitted: no', { headers: ['Auto-Submitted: no'] }],
    ['a plain customer', {}],
    ['a person called Noé', { from: 'noe.reply@exemple.example' }],
    ['an employee writing to HR about an absence', { subject: 'Absence : justificatif de congé maladie' }],
    ['a mail that only refuses receipts', { headers: ['X-Auto-Response-Suppress: DR, RN, NRN'] }],
    ['a reply to an automatic reply', { subject: 'Re: Out of office planning for December' }],
  ])('%s is a person', async (_name, options) => {
    expect(robotCheck(await parse(rawMail(options)), robotSettings)).toEqual({
      automated: false,
      reasons: [],
      autoReply: false,
    });
  });

  it('an out-of-office reply is a robot', async () => {
    const check = robotCheck(await parse(readEmail('out-of-office.eml')), robotSettings);
    expect(check.reasons).toEqual(['auto-submitted', 'auto-response-headers', 'auto-reply-subject']);
    expect(check.autoReply).toBe(true);
  });

  it('a DSN bounce names the recipient that failed and the mail that bounced', async () => {
    const check = robotCheck(await parse(readEmail('bounce-dsn.eml')), robotSettings);
    expect(check.automated).toBe(true);
    expect(check.reasons).toEqual(['auto-submitted', 'delivery-report', 'null-return-path', 'robot-sender']);
    expect(check.bounce).toEqual({
      failedRecipients: ['old.address@ancien-client.example'],
      originalMessageId: 'rd-1077-0000000000000000.beef@cassiopee.example',
    });
  });

  it('our address is whole: support@ and support+token@ of our domain, not support@ elsewhere nor supporter@', () => {
    expect(
      [
        'support@cassiopee.example',
        'Support+rd-1-0123456789abcdef@cassiopee.example',
        'support@client.fr',
        'supporter@cassiopee.example',
        'support@cassiopee.example.evil',
      ].map((address) => isOurAddress(address, 'support@cassiopee.example')),
    ).toEqual([true, true, false, false, false]);
  });
});

describe('sender authentication (RELIABILITY 25)', () => {
  const authserv = 'mx.cassiopee.example';
  const from = (headers: string[], sender = 'claire.martin@exemple-client.fr') =>
    parse(rawMail({ from: sender, headers }));

  it('Authentication-Results from a foreign authserv-id are ignored; the topmost of ours is read', async () => {
    const hostile = await parse(readEmail('mentions-script.eml'));
    expect(trustedAuthentication(hostile, authserv)).toEqual([]);
    const outlook = await parse(readEmail('outlook-reply-fr.eml'));
    expect(trustedAuthentication(outlook, authserv)).toEqual([
      { method: 'dkim', result: 'pass', domain: 'exemple-client.fr' },
      { method: 'spf', result: 'pass', domain: 'exemple-client.fr' },
      { method: 'dmarc', result: 'pass' },
    ]);
    expect(trustedAuthentication(outlook, '')).toEqual([]);
    const forgedBelow = await from([
      `Authentication-Results: ${authserv}; dmarc=fail header.from=exemple-client.fr`,
      `Authentication-Results: ${authserv}; dmarc=pass header.from=exemple-client.fr`,
    ]);
    expect(trustedAuthentication(forgedBelow, authserv)).toEqual([
      { method: 'dmarc', result: 'fail', domain: 'exemple-client.fr' },
    ]);
  });

  it.each([
    [
      'DMARC pass',
      [`Authentication-Results: ${authserv}; dmarc=pass (p=none) header.from=exemple-client.fr`],
      'verified',
    ],
    [
      'DKIM pass for the From domain',
      [`Authentication-Results: ${authserv}; dkim=pass header.d=exemple-client.fr`],
      'verified',
    ],
    [
      'DKIM pass for a domain that only ends the same way',
      [`Authentication-Results: ${authserv}; dkim=pass header.d=client.fr`],
      'unverified',
    ],
    [
      'SPF pass for the From domain',
      [`Authentication-Results: ${authserv}; spf=pass smtp.mailfrom=bounce@exemple-client.fr`],
      'verified',
    ],
    [
      'DKIM pass for another domain',
      [`Authentication-Results: ${authserv}; dkim=pass header.d=attaquant.example`],
      'unverified',
    ],
    [
      'DMARC fail',
      [`Authentication-Results: ${authserv}; dkim=fail header.d=exemple-client.fr; dmarc=fail`],
      'unverified',
    ],
    [
      'a foreign authserv-id saying pass',
      ['Authentication-Results: mx.attaquant.example; dmarc=pass'],
      'unverified',
    ],
    ['no Authentication-Results at all', [], 'unverified'],
  ])('%s: %s', async (_name, headers, trust) => {
    expect(senderTrust(await from(headers), authserv)).toBe(trust);
  });

  it('DKIM signed by the parent domain of the From verifies it (relaxed alignment)', async () => {
    const mail = await from(
      [`Authentication-Results: ${authserv}; dkim=pass header.d=exemple-client.fr`],
      'claire@eu.exemple-client.fr',
    );
    expect(senderTrust(mail, authserv)).toBe('verified');
  });

  it('with no authserv-id configured, the From is not checked', async () => {
    expect(senderTrust(await from([]), '')).toBe('not-checked');
  });
});

describe('thread tokens', () => {
  it('a token verifies to its reference, whatever the case the mail server gave it', () => {
    const token = threadToken('RD-1042', secret);
    expect(token).toMatch(/^rd-1042-[0-9a-f]{16}$/);
    expect(verifyThreadToken(token.toUpperCase(), secret)).toBe('rd-1042');
  });

  it('a tampered token or one signed with another secret does not verify', () => {
    const token = threadToken('RD-1042', secret);
    expect(verifyThreadToken(token.replace('1042', '1043'), secret)).toBe(undefined);
    expect(verifyThreadToken(threadToken('RD-1042', 'other'), secret)).toBe(undefined);
  });

  it('the Message-ID of one outbox job is the same on every retry and carries the token', () => {
    const token = threadToken('RD-7', secret);
    const first = outgoingMessageId(token, 'reply:comment:991', secret, 'cassiopee.example');
    expect(outgoingMessageId(token, 'reply:comment:991', secret, 'cassiopee.example')).toBe(first);
    expect(outgoingMessageId(token, 'reply:comment:992', secret, 'cassiopee.example')).not.toBe(first);
    expect(first.startsWith(`${token}.`)).toBe(true);
    expect(replyToAddress('support@cassiopee.example', token)).toBe(`support+${token}@cassiopee.example`);
  });
});

describe('threadMessage', () => {
  const tickets: Record<string, ThreadTicket> = {
    'rd-1042': {
      ref: 'RD-1042',
      requester: 'claire.martin@exemple-client.fr',
      cc: ['achats@exemple-client.fr'],
      status: 'pending',
    },
    'rd-2001': { ref: 'RD-2001', requester: 'tom.baker@gmail.example', cc: [], status: 'open' },
    'rd-3000': {
      ref: 'RD-3000',
      requester: 'claire.martin@exemple-client.fr',
      cc: [],
      status: 'closed',
      closedAt: '2026-11-05T12:00:00Z',
    },
    'rd-3001': {
      ref: 'RD-3001',
      requester: 'claire.martin@exemple-client.fr',
      cc: [],
      status: 'closed',
      closedAt: '2026-10-01T12:00:00Z',
    },
  };
  const sentIds: Record<string, string> = { 'rd-2001-0000000000000000.ffee@cassiopee.example': 'rd-2001' };
  const lookups = {
    ticketByRef: (ref: string) => tickets[ref.toLowerCase()],
    ticketByMessageId: (id: string) => {
      const ref = sentIds[id];
      return ref === undefined ? undefined : tickets[ref];
    },
  };
  const to = (ref: string) => `support+${threadToken(ref, secret)}@cassiopee.example`;

  it('a reply to our Reply-To token becomes a comment on that ticket and moves pending to open', async () => {
    const mail = await parse(rawMail({ to: to('RD-1042'), subject: 'Re: anything' }));
    expect(threadMessage(mail, lookups, threadSettings, now)).toEqual({
      kind: 'comment',
      ref: 'RD-1042',
      matchedBy: 'token',
      setStatus: 'open',
      reopen: false,
    });
  });

  it('a reply whose In-Reply-To carries our Message-ID token matches by token', async () => {
    const mail = await parse(
      rawMail({ headers: [`In-Reply-To: <${threadToken('RD-2001', secret)}.abc@cassiopee.example>`] }),
    );
    expect(threadMessage(mail, lookups, threadSettings, now)).toMatchObject({
      kind: 'comment',
      ref: 'RD-2001',
      matchedBy: 'token',
    });
  });

  it('a reply with a known References id and no token matches by Message-ID', async () => {
    const mail = await parse(readEmail('gmail-reply-html.eml'));
    expect(threadMessage(mail, lookups, threadSettings, now)).toEqual({
      kind: 'comment',
      ref: 'RD-2001',
      matchedBy: 'message-id',
      reopen: false,
    });
  });

  it('[#ref] in the subject from the requester or a CC matches', async () => {
    const fromRequester = await parse(rawMail({ subject: 'Re: [#RD-1042] Commande' }));
    expect(threadMessage(fromRequester, lookups, threadSettings, now)).toMatchObject({
      kind: 'comment',
      ref: 'RD-1042',
      matchedBy: 'subject-ref',
    });
    const fromCc = await parse(
      rawMail({ from: 'achats@exemple-client.fr', subject: 'Re: [#RD-1042] Commande' }),
    );
    expect(threadMessage(fromCc, lookups, threadSettings, now)).toMatchObject({
      kind: 'comment',
      ref: 'RD-1042',
    });
  });

  it("[#ref] from the requester: appended, marked not verified unless our MTA's pass vouches for the From", async () => {
    const settings = { ...threadSettings, authservId: 'mx.cassiopee.example' };
    const unvouched = await parse(rawMail({ subject: 'Re: [#RD-1042] Commande' }));
    expect(threadMessage(unvouched, lookups, settings, now)).toEqual({
      kind: 'comment',
      ref: 'RD-1042',
      matchedBy: 'subject-ref',
      setStatus: 'open',
      reopen: false,
      senderNotVerified: true,
    });
    const vouched = await parse(
      rawMail({
        subject: 'Re: [#RD-1042] Commande',
        headers: ['Authentication-Results: mx.cassiopee.example; dmarc=pass header.from=exemple-client.fr'],
      }),
    );
    expect(threadMessage(vouched, lookups, settings, now)).toEqual({
      kind: 'comment',
      ref: 'RD-1042',
      matchedBy: 'subject-ref',
      setStatus: 'open',
      reopen: false,
    });
    // A token does not depend on the From: it still threads.
    const byToken = await parse(rawMail({ to: to('RD-1042') }));
    expect(threadMessage(byToken, lookups, settings, now)).toMatchObject({
      kind: 'comment',
      matchedBy: 'token',
    });
  });

  it('[#ref] in the subject from a stranger opens a new ticket, never an append', async () => {
    const mail = await parse(
      rawMail({ from: 'mallory@attaquant.example', subject: 'Re: [#RD-1042] Commande' }),
    );
    expect(threadMessage(mail, lookups, threadSettings, now)).toEqual({
      kind: 'new-ticket',
      reason: 'no-match',
      rejectedTokens: 0,
    });
  });

  it('a tampered token is treated as unmatched', async () => {
    const forged = to('RD-1042').replace('rd-1042', 'rd-2001');
    const mail = await parse(rawMail({ from: 'mallory@attaquant.example', to: forged }));
    expect(threadMessage(mail, lookups, threadSettings, now)).toEqual({
      kind: 'new-ticket',
      reason: 'no-match',
      rejectedTokens: 1,
    });
  });

  it('a reply after close within 7 days reopens the ticket', async () => {
    const mail = await parse(rawMail({ to: to('RD-3000') }));
    expect(threadMessage(mail, lookups, threadSettings, now)).toEqual({
      kind: 'comment',
      ref: 'RD-3000',
      matchedBy: 'token',
      setStatus: 'open',
      reopen: true,
    });
  });

  it('a reply to a ticket closed longer ago opens a new ticket linked to the old one', async () => {
    const mail = await parse(rawMail({ to: to('RD-3001') }));
    expect(threadMessage(mail, lookups, threadSettings, now)).toEqual({
      kind: 'new-ticket',
      reason: 'closed-too-long-ago',
      linkedRef: 'RD-3001',
      rejectedTokens: 0,
    });
  });

  it('a first message with no token, no known id and no ref is a new ticket', async () => {
    const mail = await parse(readEmail('french-latin1.eml'));
    expect(threadMessage(mail, lookups, threadSettings, now)).toEqual({
      kind: 'new-ticket',
      reason: 'no-match',
      rejectedTokens: 0,
    });
  });
});

// Hostile and automatic mail through the real bot (raw inbound endpoint, GitHub stand-in, SMTP sink), issue
// 19 items 7–10 and 14 (RELIABILITY 19–22, 25): automatic replies on a ticket, privileges from an
// unverified sender, replies tied only by the subject's reference, text hidden in HTML, and bounces that
// MTAs send as plain text. What is asserted is what agents and customers see: the issue, its labels and
// comments, and the mail sent.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/parse-message.ts';
import { threadToken } from '../../../src/mail/thread-token.ts';
import { customerMessageMarker } from '../../../src/tickets/comment-kind.ts';
import {
  agentToken,
  eventually,
  incidentSubmission,
  manualClock,
  postRequest,
  settle,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';
import { rawMail } from '../../support/email-fixtures.ts';
import {
  commentsOf,
  fixture,
  issueOfRef,
  mailTo,
  postMail,
  processed,
  type AgentIssue,
} from '../../support/inbound-mail.ts';

const dayMs = 24 * 60 * 60 * 1000;
const clock = manualClock();
let harness: Harness;
let serial = 0;

beforeAll(async () => {
  harness = await startHarness({ clock: clock.now });
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

interface Ticket {
  ref: string;
  number: number;
  /** Our signed Reply-To plus-address for the ticket. */
  to: string;
  /** Message-ID and subject of the acknowledgement the requester received. */
  ackId: string;
  ackSubject: string;
}

async function issue(ref: string): Promise<AgentIssue> {
  return issueOfRef(harness, ref);
}

async function issueCount(): Promise<number> {
  return (await harness.issues()).length;
}

/** A ticket opened by mail from `from`, once its acknowledgement has left. */
async function openTicket(from: string, subject: string, headers: string[] = []): Promise<Ticket> {
  serial += 1;
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const before = mailTo(harness, address).length;
  const message = await processed(
    harness,
    await postMail(harness, rawMail({ from, subject, headers, messageId: `open-${serial}@client.example` })),
  );
  const ref = message.ref ?? '';
  const { number } = await issue(ref);
  await eventually(async () => mailTo(harness, address).length === before + 1);
  const ack = await parseMessage(mailTo(harness, address).at(-1)!);
  if (!ack.ok) throw new Error(ack.detail);
  await settle(harness);
  const secret = harness.bot.context.mail.threadSecret;
  return {
    ref,
    number,
    to: `support+${threadToken(ref, secret)}@cassiopee.example`,
    ackId: ack.mail.messageId ?? '',
    ackSubject: ack.mail.subject,
  };
}

async function agentComment(number: number, body: string): Promise<void> {
  await fetch(`${harness.standin.url}/repos/acme/support/issues/${number}/comments`, {
    method: 'POST',
    headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ body }),
  });
  await settle(harness);
}

async function closeIssue(number: number): Promise<void> {
  await fetch(`${harness.standin.url}/repos/acme/support/issues/${number}`, {
    method: 'PATCH',
    headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ state: 'closed' }),
  });
  await settle(harness);
}

/** Posts a mail and waits until the bot is done with it and everything it queued. */
async function deliver(raw: Buffer) {
  const message = await processed(harness, await postMail(harness, raw));
  await settle(harness);
  return message;
}

const customerComments = async (number: number) =>
  (await commentsOf(harness, number)).filter((body) => body.startsWith(customerMessageMarker));
const autoReplyNotes = async (number: number) =>
  (await commentsOf(harness, number)).filter((body) => body.includes('Réponse automatique du demandeur'));

describe('automatic replies on an existing ticket (item 7)', () => {
  /** A ticket the agent answered: pending, waiting for the customer. */
  async function waitingTicket(address: string): Promise<Ticket> {
    const ticket = await openTicket(address, `Devis ${address}`);
    await agentComment(ticket.number, '/reply Voici le devis demandé.');
    expect((await issue(ticket.ref)).labels).toContain('status: pending');
    return ticket;
  }
  const oof = (name: string, ticket: Ticket, from: string) =>
    fixture('classes', name, {
      from,
      to: ticket.to,
      subject: ticket.ackSubject,
      'in-reply-to': ticket.ackId,
      id: `${name}-${(serial += 1)}@client.example`,
    });

  it.each([
    ['auto-reply-gmail-vacation.eml', 'vacances@client.example'],
    ['auto-reply-exchange.eml', 'exchange.oof@client.example'],
    ['auto-reply-subject-only.eml', 'absente@client.example'],
  ])('%s becomes one internal note: the ticket stays pending, nothing is answered', async (name, address) => {
    const ticket = await waitingTicket(address);
    const sent = mailTo(harness, address).length;
    expect((await deliver(oof(name, ticket, address))).state).toBe('done');
    const notes = await autoReplyNotes(ticket.number);
    expect(notes).toHaveLength(1);
    expect(notes[0]).not.toContain(customerMessageMarker);
    expect(await customerComments(ticket.number)).toHaveLength(0);
    const labels = (await issue(ticket.ref)).labels;
    expect(labels).toContain('status: pending');
    expect(labels).not.toContain('status: open');
    expect(mailTo(harness, address)).toHaveLength(sent);
  });

  it('more automatic replies within 7 days add no note; a new absence after the window is noted again', async () => {
    const address = 'souvent.absent@client.example';
    const ticket = await waitingTicket(address);
    await deliver(oof('auto-reply-exchange.eml', ticket, address));
    await deliver(oof('auto-reply-gmail-vacation.eml', ticket, address));
    clock.advance(2 * dayMs);
    await deliver(oof('auto-reply-subject-only.eml', ticket, address));
    expect(await autoReplyNotes(ticket.number)).toHaveLength(1);
    clock.advance(6 * dayMs);
    await deliver(oof('auto-reply-exchange.eml', ticket, address));
    expect(await autoReplyNotes(ticket.number)).toHaveLength(2);
    expect(await customerComments(ticket.number)).toHaveLength(0);
    expect((await issue(ticket.ref)).labels).toContain('status: pending');
  });

  it('an automatic reply to a closed ticket reopens nothing and opens no ticket, within the reopen window or after it', async () => {
    const address = 'ferme@client.example';
    const ticket = await openTicket(address, 'Ticket bientôt fermé');
    await closeIssue(ticket.number);
    const issues = await issueCount();
    clock.advance(2 * dayMs);
    await deliver(oof('auto-reply-exchange.eml', ticket, address));
    expect((await issue(ticket.ref)).state).toBe('closed');
    clock.advance(20 * dayMs);
    await deliver(oof('auto-reply-gmail-vacation.eml', ticket, address));
    expect((await issue(ticket.ref)).state).toBe('closed');
    expect(await issueCount()).toBe(issues);
    expect(await autoReplyNotes(ticket.number)).toHaveLength(2);
  });
});

describe('privileges only for a verified sender (item 8)', () => {
  const factsOf = (body: string) => /<!-- repodesk:facts ([^>]*) -->/.exec(body)?.[1];
  const mailFrom = (from: string, subject: string, headers: string[]) =>
    deliver(rawMail({ from, subject, headers, messageId: `vip-${(serial += 1)}@banque-arvel.example` }));

  it.each([
    ['no Authentication-Results', []],
    [
      'a foreign server saying pass',
      ['Authentication-Results: mx.attaquant.example; dmarc=pass header.from=banque-arvel.example'],
    ],
    [
      'our server saying fail',
      ['Authentication-Results: mx.cassiopee.example; dmarc=fail header.from=banque-arvel.example'],
    ],
    [
      'our server vouching for another domain',
      ['Authentication-Results: mx.cassiopee.example; dkim=pass header.d=attaquant.example'],
    ],
  ])(
    'a key account’s domain with %s is routed as an unknown customer, and the issue says why',
    async (_case, headers) => {
      const message = await mailFrom('Direction <direction@banque-arvel.example>', 'Accès bloqué', headers);
      const { body, labels } = await issue(message.ref ?? '');
      expect(labels).not.toContain('client: vip');
      expect(factsOf(body)).toBe('channel=email sender=unverified language=fr domain=banque-arvel.example');
      expect(body).toContain(
        '**Expéditeur non vérifié :** le domaine de l’adresse est celui de Banque Arvel, mais aucun résultat d’authentification de notre serveur de messagerie ne la garantit',
      );
    },
  );

  it('the same address vouched for by our server gets its key-account tier', async () => {
    const message = await mailFrom('Direction <direction@banque-arvel.example>', 'Accès bloqué (vérifié)', [
      'Authentication-Results: mx.cassiopee.example; dkim=pass header.d=banque-arvel.example; dmarc=pass header.from=banque-arvel.example',
    ]);
    const { body, labels } = await issue(message.ref ?? '');
    expect(labels).toContain('client: vip');
    expect(factsOf(body)).toBe(
      'channel=email sender=verified organisation=banque-arvel language=fr domain=banque-arvel.example',
    );
    expect(body).not.toContain('Expéditeur non vérifié');
  });

  it('sender: verified gates the shipped priority-contacts rule', async () => {
    const unverified = await mailFrom('DSI <dsi@banque-arvel.example>', 'Question DSI', []);
    expect((await issue(unverified.ref ?? '')).labels).not.toContain('contact-prioritaire');
    const verified = await mailFrom('DSI <dsi@banque-arvel.example>', 'Question DSI vérifiée', [
      'Authentication-Results: mx.cassiopee.example; dmarc=pass header.from=banque-arvel.example',
    ]);
    expect((await issue(verified.ref ?? '')).labels).toEqual(
      expect.arrayContaining(['contact-prioritaire', 'priority: high']),
    );
  });

  it('a key account’s address typed into the form grants nothing either', async () => {
    const response = await postRequest(
      harness.url,
      incidentSubmission(clock.now(), {
        requester: { name: 'Faux Directeur', email: 'pdg@banque-arvel.example' },
      }),
    );
    expect(response.status).toBe(202);
    const { ref } = (await response.json()) as { ref: string };
    const { body, labels } = await issue(ref);
    expect(labels).not.toContain('client: vip');
    expect(body).toContain('mais une adresse saisie dans un formulaire ne prouve rien');
  });
});

describe('a reply tied only by the subject’s reference (item 9)', () => {
  const reply = (from: string, ticket: Ticket, body: string, headers: string[] = []) =>
    rawMail({
      from,
      subject: `RE: ${ticket.ackSubject}`,
      headers,
      body,
      messageId: `subject-only-${(serial += 1)}@client.example`,
    });

  it('from the requester: joins the ticket flagged "sender not verified", reopens it, and sends no second acknowledgement', async () => {
    const address = 'perd.les.entetes@client.example';
    const ticket = await openTicket(address, 'Table bancale');
    await agentComment(ticket.number, '/reply Pouvez-vous envoyer une photo ?');
    const issues = await issueCount();
    const sent = mailTo(harness, address).length;
    await deliver(reply(address, ticket, 'Voici la photo de la table.'));
    const [comment] = await customerComments(ticket.number);
    expect(comment).toContain('Voici la photo de la table.');
    expect(comment).toContain(
      '**Expéditeur non vérifié** : seule la référence de l’objet relie ce message au ticket',
    );
    expect((await issue(ticket.ref)).labels).toContain('status: open');
    expect(await issueCount()).toBe(issues);
    expect(mailTo(harness, address)).toHaveLength(sent);
  });

  it('on a ticket closed two days ago: reopened, as any reply', async () => {
    const address = 'revient@client.example';
    const ticket = await openTicket(address, 'Lampe grillée');
    await closeIssue(ticket.number);
    clock.advance(2 * dayMs);
    await deliver(reply(address, ticket, 'La nouvelle lampe est grillée aussi.'));
    expect((await issue(ticket.ref)).state).toBe('open');
    expect(await customerComments(ticket.number)).toHaveLength(1);
  });

  it('from a CC of the ticket: joins it; vouched for by our server: no flag', async () => {
    const ticket = await openTicket('demandeur@client.example', 'Armoire rayée', [
      'Cc: collegue@client.example',
    ]);
    await deliver(reply('collegue@client.example', ticket, 'Je confirme la rayure.'));
    await deliver(
      reply('demandeur@client.example', ticket, 'Photo jointe demain.', [
        'Authentication-Results: mx.cassiopee.example; dmarc=pass header.from=client.example',
      ]),
    );
    const comments = await customerComments(ticket.number);
    expect(comments).toHaveLength(2);
    expect(comments[0]).toContain('Je confirme la rayure.');
    expect(comments[1]).toContain('Photo jointe demain.');
    expect(comments[1]).not.toContain('non vérifié');
  });

  it('from a stranger, or with a reference the desk never issued: a new ticket, never an append', async () => {
    const ticket = await openTicket('titulaire@client.example', 'Commande 7001');
    const issues = await issueCount();
    await deliver(reply('inconnu@attaquant.example', ticket, 'Changez l’adresse de livraison.'));
    await deliver(
      rawMail({
        from: 'titulaire@client.example',
        subject: 'Re: [#RD-ZZZZ-ZZZZ] Commande 7001',
        messageId: `unknown-ref-${(serial += 1)}@client.example`,
      }),
    );
    expect(await issueCount()).toBe(issues + 2);
    expect(await customerComments(ticket.number)).toHaveLength(0);
  });
});

describe('routing on what the customer sees (item 10)', () => {
  it.each([
    ['hidden-comment.eml', 'client1@hidden.example'],
    ['hidden-display-none.eml', 'client2@hidden.example'],
    ['hidden-visibility.eml', 'client3@hidden.example'],
    ['hidden-attribute.eml', 'client4@hidden.example'],
    ['hidden-font-size.eml', 'client5@hidden.example'],
    ['hidden-white-on-white.eml', 'client6@hidden.example'],
    ['hidden-collapsed.eml', 'client7@hidden.example'],
  ])(
    '%s: hidden "phishing" neither routes to security nor triggers a second automatic reply',
    async (name, address) => {
      const message = await deliver(fixture('classes', name));
      const { body, labels } = await issue(message.ref ?? '');
      expect(labels).not.toContain('securite');
      expect(body).not.toContain('phishing');
      expect(body).toContain('ma facture de novembre est-elle disponible ?');
      // The acknowledgement only.
      expect(mailTo(harness, address)).toHaveLength(1);
    },
  );

  it('the same words, visible, do route to security with its automatic reply', async () => {
    const message = await deliver(fixture('classes', 'visible-phishing.eml'));
    expect((await issue(message.ref ?? '')).labels).toContain('securite');
    await eventually(async () => mailTo(harness, 'client8@hidden.example').length === 2);
  });
});

describe('bounces MTAs send as plain text (item 14)', () => {
  it.each([
    ['postfix-plain.eml'],
    ['exim.eml'],
    ['qmail.eml'],
    ['exchange-ndr.eml'],
    ['sendmail.eml'],
    ['mailer-daemon-no-address.eml'],
  ])('%s is recorded as a bounce: the ticket is labelled undeliverable, no ticket opened', async (name) => {
    serial += 1;
    const address = `parti-${serial}@ancien-client.example`;
    const ticket = await openTicket(address, `Adresse périmée ${serial}`);
    const issues = await issueCount();
    const message = await deliver(
      fixture('bounces', name, {
        failed: address,
        'message-id': ticket.ackId,
        subject: ticket.ackSubject,
        n: String(serial),
      }),
    );
    expect(message.state).toBe('done');
    expect(message.ref).toBe(ticket.ref);
    await eventually(async () => (await issue(ticket.ref)).labels.includes('email: undeliverable'));
    expect(await issueCount()).toBe(issues);
  });

  it('a bounce that lost the Message-ID is matched by the quoted [#ref] when it names the requester', async () => {
    const address = 'sans-id@ancien-client.example';
    const ticket = await openTicket(address, 'Référence seule');
    await deliver(
      fixture('bounces', 'mailer-daemon-no-address.eml', {
        failed: address,
        'message-id': 'lost@elsewhere.example',
        subject: ticket.ackSubject,
        n: 'lost',
      }),
    );
    await eventually(async () => (await issue(ticket.ref)).labels.includes('email: undeliverable'));
  });

  it('a bounce about nobody we know, or naming someone else, is recorded and changes no ticket', async () => {
    const ticket = await openTicket('reste@client.example', 'Toujours joignable');
    const issues = await issueCount();
    const other = await deliver(
      fixture('bounces', 'exim.eml', {
        failed: 'quelquun@ailleurs.example',
        'message-id': ticket.ackId,
        subject: ticket.ackSubject,
        n: 'other',
      }),
    );
    const unknown = await deliver(
      fixture('bounces', 'qmail.eml', {
        failed: 'x@ailleurs.example',
        'message-id': 'nobody@nowhere.example',
        subject: 'Bonjour',
        n: 'unknown',
      }),
    );
    expect([other.state, unknown.state]).toEqual(['done', 'done']);
    expect((await issue(ticket.ref)).labels).not.toContain('email: undeliverable');
    expect(await issueCount()).toBe(issues);
  });
});

// The whole email loop through the real bot, the GitHub stand-in and a real SMTP server: a mail in makes
// one issue, one acknowledgement and the automatic reply its routing names; an agent's /reply makes one
// email threaded under them; the customer's answer makes one comment on the same issue. Asserted on what
// agents and customers see.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleSuggestions } from '../../../src/mail/article-suggestions.ts';
import { createSmtpMailer } from '../../../src/mailer/mailer.ts';
import { headerValue, parseMessage, type ParsedMail } from '../../../src/mail/parse-message.ts';
import { customerMessageMarker } from '../../../src/tickets/comment-kind.ts';
import {
  agentToken,
  eventually,
  incidentSubmission,
  postRequest,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';
import { largeMail, rawMail, readEmail } from '../../support/email-fixtures.ts';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.ts';

async function parsed(raw: Buffer): Promise<ParsedMail> {
  const result = await parseMessage(raw);
  if (!result.ok) throw new Error(result.detail);
  return result.mail;
}

function postRaw(url: string, raw: Buffer): Promise<Response> {
  return fetch(`${url}/api/inbound/email`, {
    method: 'POST',
    headers: { 'content-type': 'message/rfc822' },
    body: new Uint8Array(raw),
  });
}

describe('the email loop through the bot', () => {
  let harness: Harness;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
    harness = await startHarness();
    harness.bot.context.mail.mailer = createSmtpMailer({ url: sink.url });
  });
  afterAll(async () => {
    await harness?.close();
    await sink?.close();
  });

  async function comments(issue: number): Promise<{ id: number; body: string; user: string }[]> {
    const response = await fetch(
      `${harness.standin.url}/repos/acme/support/issues/${issue}/comments?per_page=100`,
      { headers: { authorization: `token ${agentToken}` } },
    );
    const raw = (await response.json()) as { id: number; body: string; user: { login: string } }[];
    return raw.map((comment) => ({ id: comment.id, body: comment.body, user: comment.user.login }));
  }

  it('mail in → one issue and one acknowledgement; /reply → one threaded email; the answer → one comment', async () => {
    const first = await postRaw(harness.url, readEmail('french-latin1.eml'));
    expect(first.status).toBe(200);
    const [issue] = await eventually(async () => {
      const issues = await harness.issues();
      return issues.length === 1 ? issues : undefined;
    });
    expect(issue?.title).toBe("Problème de facturation à régler d'urgence");
    expect(issue?.body).toContain('312,40 €');
    expect(issue?.body).not.toContain('jeanne.lefevre@orange.example');
    const number = issue?.number ?? 0;

    await eventually(async () => sink.messages.length === 1);
    const ack = await parsed(sink.messages[0]?.raw ?? Buffer.alloc(0));
    const ref = /\[#(RD-[0-9A-Z]{4}-[0-9A-Z]{4})\]/.exec(ack.subject)?.[1];
    expect(ref).toBeDefined();
    expect(issue?.body).toContain(ref ?? 'none');
    expect(sink.messages[0]?.envelopeTo).toEqual(['jeanne.lefevre@orange.example']);
    expect(headerValue(ack, 'auto-submitted')).toBe('auto-replied');
    expect(ack.text).toContain('Suivre votre demande : http://site.test/fr/follow/?ref=');
    // Published articles that might already answer, linked on the public site (the invoice article first:
    // it matches the most of Jeanne's words).
    expect(ack.text).toContain(
      'Ces articles répondent peut-être déjà à votre question :\n- Comprendre votre facture : http://site.test/fr/articles/comprendre-votre-facture/\n',
    );
    expect(ack.text.match(/^- .* : http:\/\/site\.test\/fr\/articles\/[a-z0-9-]+\/$/gm)).toHaveLength(3);
    expect(ack.html).toContain(
      '<li><a href="http://site.test/fr/articles/comprendre-votre-facture/">Comprendre votre facture</a></li>',
    );

    // Jeanne asks for a refund: the shipped rules answer at once with the refund timeline, under the
    // acknowledgement, as automatic mail.
    await eventually(async () => sink.messages.length === 2);
    const automatic = await parsed(sink.messages[1]?.raw ?? Buffer.alloc(0));
    expect(automatic.subject).toBe(`Re: [#${ref}] Problème de facturation à régler d'urgence`);
    expect(automatic.text).toContain('Nous avons bien reçu votre demande de remboursement');
    expect(headerValue(automatic, 'auto-submitted')).toBe('auto-replied');
    expect(automatic.inReplyTo).toBe(ack.messageId);

    // The same mail again (a provider retry, or IMAP and webhook both) changes nothing.
    expect(
      (await (await postRaw(harness.url, readEmail('french-latin1.eml'))).json()) as unknown,
    ).toMatchObject({ duplicate: true });

    const agentComment = await fetch(`${harness.standin.url}/repos/acme/support/issues/${number}/comments`, {
      method: 'POST',
      headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        body: '/reply Bonjour, le remboursement du doublon est lancé : comptez 5 jours ouvrés.',
      }),
    });
    expect(agentComment.status).toBe(201);
    const agentCommentId = ((await agentComment.json()) as { id: number }).id;
    await eventually(async () => sink.messages.length === 3);
    const reply = await parsed(sink.messages[2]?.raw ?? Buffer.alloc(0));
    expect(reply.subject).toBe(`Re: [#${ref}] Problème de facturation à régler d'urgence`);
    expect(
      reply.text.startsWith('Bonjour, le remboursement du doublon est lancé : comptez 5 jours ouvrés.'),
    ).toBe(true);
    expect(reply.inReplyTo).toBe(automatic.messageId);
    expect(reply.references).toContain('5f3a9c21.4b2d@orange.example');
    expect(headerValue(reply, 'auto-submitted')).toBe(undefined);
    expect(reply.replyTo[0]?.address).toMatch(
      new RegExp(`^support\\+${(ref ?? '').toLowerCase()}-[0-9a-f]{16}@cassiopee\\.example$`),
    );
    await eventually(async () => (await harness.issues())[0]?.labels.includes('status: pending'));

    // Editing the /reply comment sends nothing more.
    await fetch(`${harness.standin.url}/repos/acme/support/issues/comments/${agentCommentId}`, {
      method: 'PATCH',
      headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: '/reply Bonjour, le remboursement est lancé (corrigé).' }),
    });
    await harness.standin.deliveriesIdle();

    harness.standin.resetStats();
    const answer = Buffer.from(
      [
        'From: =?ISO-8859-1?Q?Jeanne_Lef=E8vre?= <jeanne.lefevre@orange.example>',
        `To: ${reply.replyTo[0]?.address ?? ''}`,
        `Subject: RE: ${reply.subject}`,
        `In-Reply-To: <${reply.messageId ?? ''}>`,
        `References: <${reply.messageId ?? ''}>`,
        'Message-ID: <answer-1@orange.example>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Merci beaucoup, @someone verra ça #12.',
        '',
        `Le lun. 23 nov. 2026 à 10:02, Support Cassiopée <support@cassiopee.example> a écrit :`,
        '> Bonjour, le remboursement du doublon est lancé.',
        '',
      ].join('\r\n'),
    );
    expect((await postRaw(harness.url, answer)).status).toBe(200);
    const customerComments = await eventually(async () => {
      const all = (await comments(number)).filter((comment) =>
        comment.body.startsWith(customerMessageMarker),
      );
      return all.length === 1 ? all : undefined;
    });
    const body = customerComments[0]?.body ?? '';
    expect(body).toContain('Merci beaucoup');
    expect(body).not.toMatch(/@someone|#12\b/);
    expect(body.split('<details>')[0]).not.toContain('le remboursement du doublon');
    await eventually(async () => (await harness.issues())[0]?.labels.includes('status: open'));
    expect(harness.standin.stats().contentWrites).toBe(1);

    // One issue in all, and the customer got exactly three mails (acknowledgement, automatic reply, reply).
    expect(await harness.issues()).toHaveLength(1);
    expect(sink.messages).toHaveLength(3);
  });

  it('a form request is acknowledged with the articles its subject and description match, as the form suggested them', async () => {
    const response = await postRequest(harness.url, incidentSubmission(harness.bot.context.clock()));
    expect(response.status).toBe(202);
    const toMarie = () =>
      sink.messages.filter((message) => message.envelopeTo.includes('marie.curie@example.org'));
    await eventually(async () => toMarie().length === 1);
    const ack = await parsed(toMarie()[0]?.raw ?? Buffer.alloc(0));
    const links = [
      ...ack.text.matchAll(/^- (.*) : (http:\/\/site\.test\/fr\/articles\/[a-z0-9-]+\/)$/gm),
    ].map((found) => found[2]);
    expect(links).toEqual([
      'http://site.test/fr/articles/mot-de-passe-oublie/',
      'http://site.test/fr/articles/se-connecter-au-vpn/',
      'http://site.test/fr/articles/vpn-connexion-impossible/',
    ]);
    // Drafts and internal articles are never suggested to a customer.
    expect(ack.text).not.toMatch(/procedure-|programme-fidelite/);
  });

  it('without PUBLIC_SITE_URL there is no page to link to: no suggestion', () => {
    const { articles } = harness.bot.context.rules;
    const site = harness.bot.context.config.publicSiteUrl;
    const withSite = articleSuggestions(articles, site, 'Mon VPN refuse la connexion', 'fr');
    expect(withSite.length).toBeGreaterThan(0);
    expect(articleSuggestions(articles, undefined, 'Mon VPN refuse la connexion', 'fr')).toEqual([]);
  });

  it("an out-of-office, a mailing-list message and another robot's X-Loop open tickets but no acknowledgement", async () => {
    const before = sink.messages.length;
    const issuesBefore = (await harness.issues()).length;
    await postRaw(
      harness.url,
      rawMail({
        from: 'robot@exemple.example',
        messageId: 'oof-x@exemple.example',
        headers: ['Auto-Submitted: auto-replied'],
      }),
    );
    await postRaw(
      harness.url,
      rawMail({
        from: 'news@exemple.example',
        messageId: 'list-x@exemple.example',
        headers: ['List-Id: <news.exemple.example>'],
      }),
    );
    // Another helpdesk's X-Loop (RELIABILITY 19): a ticket for agents, but no answer that could start a loop.
    await postRaw(
      harness.url,
      rawMail({
        from: 'helpdesk@fournisseur.example',
        subject: 'Votre ticket chez nous',
        messageId: 'loop-x@fournisseur.example',
        headers: ['X-Loop: helpdesk@fournisseur.example'],
      }),
    );
    await eventually(async () => (await harness.issues()).length === issuesBefore + 3);
    expect((await harness.issues()).some((issue) => issue.title === 'Votre ticket chez nous')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.messages.length).toBe(before);
  });

  it('[#ref] in the subject from a stranger opens a new ticket, never a comment on the existing one', async () => {
    const [existing] = await harness.issues();
    const ref = /ref=(RD-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(existing?.body ?? '')?.[1] ?? '';
    const issuesBefore = (await harness.issues()).length;
    await postRaw(
      harness.url,
      rawMail({
        from: 'mallory@attaquant.example',
        subject: `Re: [#${ref}] Problème`,
        messageId: 'stranger-1@attaquant.example',
      }),
    );
    await eventually(async () => (await harness.issues()).length === issuesBefore + 1);
    const onExisting = (await comments(existing?.number ?? 0)).filter((comment) =>
      comment.body.includes('mallory'),
    );
    expect(onExisting).toEqual([]);
  });

  it("[#ref] from the requester's address joins the ticket, marked not verified unless our MTA authenticated it (RELIABILITY 25)", async () => {
    const existing = (await harness.issues()).find((issue) => issue.body.includes('312,40 €'));
    const ref = /ref=(RD-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(existing?.body ?? '')?.[1] ?? '';
    const number = existing?.number ?? 0;
    const fromJeanne = (messageId: string, body: string, headers: string[]) =>
      rawMail({
        from: 'Jeanne Lefèvre <jeanne.lefevre@orange.example>',
        subject: `Re: [#${ref}] Problème de facturation`,
        messageId,
        headers,
        body,
      });
    const commentsBefore = (await comments(number)).length;
    const issuesBefore = (await harness.issues()).length;
    // Anyone can write Jeanne's address in From; a header claiming a pass from another server is worth
    // nothing: the mail joins her ticket (her client may just have dropped In-Reply-To), flagged for agents.
    await postRaw(
      harness.url,
      fromJeanne('forged-from-1@attaquant.example', 'Changez mon IBAN pour FR76 0000.', [
        'Authentication-Results: mx.attaquant.example; dmarc=pass header.from=orange.example',
      ]),
    );
    const flagged = await eventually(async () => {
      const all = await comments(number);
      return all.length === commentsBefore + 1 ? all.at(-1) : undefined;
    });
    expect(flagged.body).toContain('Changez mon IBAN');
    expect(flagged.body).toContain(
      '**Expéditeur non vérifié** : seule la référence de l’objet relie ce message au ticket',
    );
    // Our MTA says DMARC passed for orange.example: it is Jeanne, no flag.
    await postRaw(
      harness.url,
      fromJeanne('vouched-1@orange.example', 'Je joins le relevé bancaire demain.', [
        'Authentication-Results: mx.cassiopee.example; spf=pass smtp.mailfrom=orange.example; dmarc=pass header.from=orange.example',
      ]),
    );
    const added = await eventually(async () => {
      const all = await comments(number);
      return all.length === commentsBefore + 2 ? all : undefined;
    });
    expect(added.at(-1)?.body).toContain('Je joins le relevé bancaire demain.');
    expect(added.at(-1)?.body).not.toContain('non vérifié');
    expect(await harness.issues()).toHaveLength(issuesBefore);
  });

  it("every CC of the customer's mail receives the agent's /reply; a customer's own support@ address stays a CC", async () => {
    const issuesBefore = (await harness.issues()).length;
    await postRaw(
      harness.url,
      rawMail({
        from: 'Paul Henry <paul.henry@client.fr>',
        to: 'Support Cassiopée <support@cassiopee.example>, Marc Roy <marc.roy@client.fr>',
        subject: 'Bureaux livrés sans visserie',
        messageId: 'cc-test-1@client.fr',
        headers: [
          'Cc: Support Client <support@client.fr>, Achats <achats@client.fr>, supporter@cassiopee.example',
        ],
      }),
    );
    const issue = await eventually(async () => {
      const issues = await harness.issues();
      return issues.length === issuesBefore + 1
        ? issues.find((candidate) => candidate.title === 'Bureaux livrés sans visserie')
        : undefined;
    });
    const toPaul = () =>
      sink.messages.filter((message) => message.envelopeTo.includes('paul.henry@client.fr'));
    // The acknowledgement goes to Paul only.
    await eventually(async () => toPaul().length === 1);
    expect(toPaul()[0]?.envelopeTo).toEqual(['paul.henry@client.fr']);
    await fetch(`${harness.standin.url}/repos/acme/support/issues/${issue.number}/comments`, {
      method: 'POST',
      headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: '/reply La visserie part aujourd’hui en Colissimo.' }),
    });
    // The reply goes to Paul and to every CC, ours excepted.
    await eventually(async () => toPaul().length === 2);
    const reply = toPaul()[1];
    expect((await parsed(reply?.raw ?? Buffer.alloc(0))).text).toContain('La visserie part aujourd’hui');
    expect([...(reply?.envelopeTo ?? [])].sort()).toEqual([
      'achats@client.fr',
      'marc.roy@client.fr',
      'paul.henry@client.fr',
      'support@client.fr',
      'supporter@cassiopee.example',
    ]);
  });

  it('a Windows-1252 Outlook mail reaches the agent with its “quotes”, € and œ intact', async () => {
    await postRaw(harness.url, readEmail('outlook-windows-1252.eml'));
    const issue = await eventually(async () =>
      (await harness.issues()).find((candidate) => candidate.title.startsWith('Facture FA-2026-1187')),
    );
    expect(issue.title).toBe('Facture FA-2026-1187 : le “geste commercial” n’y est pas');
    expect(issue.body).toContain('de 1\u00a0249,00\u00a0€ pour le «\u00a0bureau Œuvre\u00a0»');
    expect(issue.body).toContain('Françoise Lœffler');
    expect(issue.body).not.toContain('\ufffd');
  });

  it('a mail forwarded as an attachment: the agent reads the forwarded request and gets its PDF, without its sender’s address', async () => {
    await postRaw(harness.url, readEmail('forwarded-as-attachment.eml'));
    const issue = await eventually(async () =>
      (await harness.issues()).find(
        (candidate) => candidate.title === 'Livraison en retard - commande 77-1200',
      ),
    );
    expect(issue.body).toContain('je vous transfère en pièce jointe la réclamation de notre client');
    expect(issue.body).toContain(
      '---------- Message joint ----------\nDe : Marc Petit\nDate : 2026-11-06 17:03 UTC\nObjet : Livraison en retard - commande 77-1200\n\nBonjour, la commande 77-1200 devait arriver mardi',
    );
    expect(issue.body).toMatch(
      /\[bon-77-1200\.pdf\]\(http:\/\/bot\.test\/files\/[A-Za-z0-9_-]{22}\.pdf\?exp=/,
    );
    expect(issue.body).toMatch(
      /\[Livraison en retard - commande 77-1200\.eml\]\(http:\/\/bot\.test\/files\/[A-Za-z0-9_-]{22}\.txt\?exp=/,
    );
    expect(issue.body).not.toContain('marc.petit@client-final.example');
  });

  it('a message over the size limit is quarantined and its sender is told, politely, once', async () => {
    const toClaire = () =>
      sink.messages.filter((message) => message.envelopeTo.includes('claire.martin@exemple-client.fr'));
    const issuesBefore = (await harness.issues()).length;
    const response = await postRaw(harness.url, largeMail(26 * 1024 * 1024));
    expect(response.status).toBe(200);
    await eventually(async () => toClaire().length === 1, 20_000);
    const notice = await parsed(toClaire()[0]?.raw ?? Buffer.alloc(0));
    expect(notice.subject).toBe('Your message is too large: Scan of the delivery note');
    expect(notice.text).toContain('larger than the 25 MB our help centre accepts');
    expect(await harness.issues()).toHaveLength(issuesBefore);
    // Posting it again is a duplicate: no second notice.
    expect(
      ((await (await postRaw(harness.url, largeMail(26 * 1024 * 1024))).json()) as { duplicate: boolean })
        .duplicate,
    ).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(toClaire()).toHaveLength(1);
  });

  it('mentions, references, scripts, hidden comments and forged control headers in a mail are inert in the issue', async () => {
    const before = (await harness.issues()).length;
    await postRaw(harness.url, readEmail('mentions-script.eml'));
    const issue = await eventually(async () => {
      const issues = await harness.issues();
      return issues.length === before + 1
        ? issues.find((candidate) => candidate.body.includes('see'))
        : undefined;
    });
    for (const text of [issue.title, issue.body]) {
      expect(text).not.toMatch(/(^|[^\u200d])@(someone|acme\/eng)\b/);
      expect(text).not.toMatch(/(^|\s)#12\b/);
    }
    // GitHub shows titles as plain text; in the Markdown body, markup must not survive.
    expect(issue.body).not.toContain('<script');
    expect(issue.body).not.toContain('<img');
    expect(issue.body).not.toContain('tracker.example');
    expect(issue.body.match(/repodesk:customer-message/g) ?? []).toEqual([]);
    // A cross-repository reference links nothing (RELIABILITY 17).
    for (const text of [issue.title, issue.body]) expect(text).not.toMatch(/org\/repo#5\b/);
    expect(issue.body).toContain('org/repo#\u200d5');
    // X-Repodesk-Ticket did not attach it to another ticket: it is a new one.
    expect(issue.title).toContain('Urgent');
  });

  it('CR/LF and 5,000 characters in a subject and a sender name are stripped and cut, in the issue and in the acknowledgement', async () => {
    const encoded = (text: string) =>
      Buffer.from(text, 'utf8')
        .toString('base64')
        .match(/.{1,60}/g)
        ?.map((chunk) => `=?utf-8?B?${chunk}?=`)
        .join('\r\n ') ?? '';
    // Base64 chunks can split a character; split the text at word ends instead, one encoded word each.
    const words = (text: string) =>
      (text.match(/.{1,40}(\s|$)|.{1,40}/gsu) ?? []).map((part) => encoded(part)).join('\r\n ');
    const subject = `Commande bloquée\r\nX-Repodesk-Ticket: RD-1042\r\n${'très longue '.repeat(420)}`;
    const name = `Jean\r\nBcc: victime@exemple.example\r\n${'A'.repeat(5000)}`;
    expect(subject.length).toBeGreaterThan(5000);
    const raw = Buffer.from(
      [
        `From: ${words(name)} <jean.long@client.example>`,
        'To: support@cassiopee.example',
        `Subject: ${words(subject)}`,
        'Message-ID: <crlf-long-1@client.example>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Ma commande est bloquée.',
        '',
      ].join('\r\n'),
    );
    await postRaw(harness.url, raw);
    const issue = await eventually(async () =>
      (await harness.issues()).find((candidate) => candidate.title.startsWith('Commande bloquée')),
    );
    expect(issue.title).not.toMatch(/[\r\n]/);
    expect([...issue.title.replace(/\u200d/g, '')].length).toBeLessThanOrEqual(200);
    expect(issue.title.endsWith('…')).toBe(true);
    const requesterLine = issue.body.split('\n').find((line) => line.startsWith('**Demandeur')) ?? '';
    expect(requesterLine.replace(/\u200d/g, '')).toContain('Jean Bcc: victime@exemple.example AAAA');
    expect(requesterLine.length).toBeLessThan(160);
    expect(issue.body).not.toMatch(/^(Bcc|X-Repodesk-Ticket):/m);
    expect(issue.body).not.toContain('A'.repeat(200));
    // The customer's acknowledgement: one-line subject, the title cut as in the issue, no injected header.
    const toJean = () =>
      sink.messages.filter((message) => message.envelopeTo.includes('jean.long@client.example'));
    await eventually(async () => toJean().length === 1);
    expect(toJean()[0]?.envelopeTo).toEqual(['jean.long@client.example']);
    const ack = await parsed(toJean()[0]?.raw ?? Buffer.alloc(0));
    expect(ack.subject).not.toMatch(/[\r\n]/);
    expect(ack.subject.length).toBeLessThanOrEqual(250);
    expect(headerValue(ack, 'bcc')).toBe(undefined);
    expect(headerValue(ack, 'x-repodesk-ticket')).toBe(undefined);
    const quoted = /« (.*) »/.exec(ack.text)?.[1] ?? '';
    expect(quoted.startsWith('Commande bloquée X-Repodesk-Ticket: RD-1042 très longue')).toBe(true);
    expect([...quoted].length).toBeLessThanOrEqual(200);
    expect(ack.text).toContain('Bonjour Jean,');
  });
});

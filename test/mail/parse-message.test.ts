import { describe, expect, it } from 'vitest';
import { normaliseSubject } from '../../src/mail/normalise-subject.ts';
import { parseMessage } from '../../src/mail/parse-message.ts';
import type { ParsedMail } from '../../src/mail/parse-message.ts';
import { stripReply } from '../../src/mail/strip-reply.ts';
import {
  deeplyNestedMail,
  emailFixtureNames,
  largeMail,
  manyPartsMail,
  rawMail,
  readEmail,
} from '../support/email-fixtures.ts';

async function parsed(name: string): Promise<ParsedMail> {
  const result = await parseMessage(readEmail(name));
  if (!result.ok) throw new Error(`${name}: ${result.reason} ${result.detail}`);
  return result.mail;
}

describe('parseMessage on real-world-shaped mail', () => {
  it.each(emailFixtureNames())('%s parses without throwing and has a sender', async (name) => {
    const mail = await parsed(name);
    expect(mail.from?.address).toMatch(/@/);
  });

  it('an Outlook reply in French keeps only the new text, accents decoded from ISO-8859-1', async () => {
    const mail = await parsed('outlook-reply-fr.eml');
    expect(mail.newText).toBe(
      'Bonjour,\n\nIl manque toujours le fauteuil ergonomique (réf. FA-220) dans le colis reçu ce matin. Pouvez-vous me dire quand il sera expédié ?',
    );
    expect(mail.text).toContain('Objet : [#RD-1042] Commande livrée incomplète');
    expect(mail.subject).toBe('RE\u00a0: [#RD-1042] Commande livrée incomplète');
    expect(mail.inReplyTo).toBe('rd-1042-0000000000000000.a1b2c3d4@cassiopee.example');
    expect(mail.from).toEqual({ name: 'Claire Martin', address: 'claire.martin@exemple-client.fr' });
  });

  it('a Gmail reply with only HTML loses the gmail_quote and keeps readable text', async () => {
    const mail = await parsed('gmail-reply-html.eml');
    expect(mail.newText).toBe(
      'Thanks, that worked! Could you also send the credit note for invoice FA-2026-0981?\n\nTom',
    );
    expect(mail.text).toContain('Here is the copy you asked for.');
    expect(mail.references).toEqual([
      'rd-2001-0000000000000000.0001@cassiopee.example',
      'rd-2001-0000000000000000.ffee@cassiopee.example',
    ]);
  });

  it('a French message in ISO-8859-1 has its subject (RFC 2047) and quoted-printable body decoded', async () => {
    const mail = await parsed('french-latin1.eml');
    expect(mail.subject).toBe("Problème de facturation à régler d'urgence");
    expect(mail.from?.name).toBe('Jeanne Lefèvre');
    expect(mail.newText).toContain('n° 458-221 (montant : 312,40 €)');
    expect(mail.newText).not.toContain('Bien à vous');
  });

  it('an Outlook message in Windows-1252 keeps its curly quotes, euro sign, œ and Œ', async () => {
    const mail = await parsed('outlook-windows-1252.eml');
    expect(mail.subject).toBe('Facture FA-2026-1187 : le “geste commercial” n’y est pas');
    expect(mail.from?.name).toBe('Françoise Lœffler');
    expect(mail.newText).toBe(
      'Bonjour,\n\nJ’ai reçu la facture n° FA-2026-1187 de 1\u00a0249,00\u00a0€ pour le «\u00a0bureau Œuvre\u00a0» : le “geste commercial” promis au téléphone n’y figure pas.\n\nPouvez-vous m’envoyer une facture corrigée ? Je dois la transmettre à notre comptabilité avant vendredi…',
    );
  });

  it('a mail forwarded as an attachment is read: its sender, subject and text, and its own PDF', async () => {
    const mail = await parsed('forwarded-as-attachment.eml');
    expect(mail.newText).toBe(
      'Bonjour, je vous transfère en pièce jointe la réclamation de notre client.\nAmélie',
    );
    expect(mail.attachedMessages).toEqual([
      {
        from: { name: 'Marc Petit', address: 'marc.petit@client-final.example' },
        subject: 'Livraison en retard - commande 77-1200',
        date: '2026-11-06T17:03:11.000Z',
        text: 'Bonjour, la commande 77-1200 devait arriver mardi : toujours rien, et le suivi ne bouge plus.\nCi-joint le bon de commande.\n',
      },
    ]);
    expect(mail.attachments.map((attachment) => [attachment.filename, attachment.declaredType])).toEqual([
      ['Livraison en retard - commande 77-1200.eml', 'message/rfc822'],
      ['bon-77-1200.pdf', 'application/pdf'],
    ]);
  });

  it('a DSN bounce has a null Return-Path and its delivery-status part', async () => {
    const mail = await parsed('bounce-dsn.eml');
    expect(mail.returnPath).toBe('');
    expect(mail.contentType).toBe('multipart/report');
    expect(mail.attachments.map((attachment) => attachment.declaredType)).toEqual([
      'message/delivery-status',
      'text/rfc822-headers',
    ]);
  });

  it('a malformed MIME message whose boundary never closes still yields its text and attachment', async () => {
    const mail = await parsed('malformed-mime.eml');
    expect(mail.newText).toBe("Bonjour, la facture jointe ne s'ouvre pas.");
    expect(mail.attachments).toHaveLength(1);
  });

  it('nested attachments are all found, whatever the depth', async () => {
    const mail = await parsed('nested-attachments.eml');
    expect(mail.attachments.map((attachment) => attachment.filename)).toEqual([
      'capture.png',
      'bon-de-commande.pdf',
      'facture.pdf',
    ]);
    expect(mail.cc).toEqual([{ name: 'Achats', address: 'achats@exemple-client.fr' }]);
  });

  it('customer-sent X-Repodesk control headers are dropped; script and comments never reach the text', async () => {
    const mail = await parsed('mentions-script.eml');
    expect(mail.headers.filter((header) => header.key.startsWith('x-repodesk'))).toEqual([]);
    expect(mail.text).not.toMatch(/<script|alert\('x'\)|repodesk:customer-message|tracker\.example/);
  });

  it('a message without a Message-ID still parses; one without a From parses with no sender (the inbound job decides)', async () => {
    const noId = await parseMessage(rawMail({ messageId: '' }));
    expect(noId.ok && noId.mail.messageId).toBe(undefined);
    const noFrom = await parseMessage(
      Buffer.from('To: support@cassiopee.example\r\nSubject: x\r\n\r\nbody\r\n'),
    );
    expect(noFrom.ok && noFrom.mail.from).toBe(undefined);
    expect(noFrom.ok && noFrom.mail.fromText).toBe('');
  });
});

describe('parseMessage limits', () => {
  it('a 25 MB message is accepted, one over the cap is refused as too large before parsing', async () => {
    const big = largeMail(25 * 1024 * 1024 - 4096);
    expect(big.byteLength).toBeLessThanOrEqual(25 * 1024 * 1024);
    expect(big.byteLength).toBeGreaterThan(24 * 1024 * 1024);
    const accepted = await parseMessage(big);
    expect(accepted.ok).toBe(true);
    const refused = await parseMessage(largeMail(40 * 1024 * 1024));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toBe('too-large');
  });

  it('MIME nested 100 deep hits the depth limit; 1,000 deep is refused before parsing', async () => {
    const hundred = await parseMessage(deeplyNestedMail(100));
    expect(!hundred.ok && hundred.reason).toBe('too-deep');
    const thousand = await parseMessage(deeplyNestedMail(1000));
    expect(thousand.ok).toBe(false);
  });

  it('100,000 parts hit the part limit before the parser builds them', async () => {
    const result = await parseMessage(manyPartsMail(100_000));
    expect(result).toEqual({
      ok: false,
      reason: 'too-many-parts',
      detail: 'message has more than 500 MIME parts',
    });
  });

  it('an unknown charset does not throw; the text is still there', async () => {
    const raw = Buffer.from(
      'From: a@example.org\r\nTo: support@cassiopee.example\r\nSubject: =?x-unknown-9?Q?caf=E9?=\r\nContent-Type: text/plain; charset=x-unknown-9\r\n\r\nBonjour caf\xe9\r\n',
      'latin1',
    );
    const result = await parseMessage(raw);
    expect(result.ok && result.mail.text).toMatch(/^Bonjour caf/);
  });
});

describe('stripReply', () => {
  it.each([
    [
      'a French Gmail attribution on two lines',
      'Merci !\n\nLe lun. 3 nov. 2026 à 10:02, Support <support@cassiopee.example> a\nécrit :\n> Bonjour',
      'Merci !',
    ],
    [
      'an English attribution',
      'Thanks!\n\nOn Mon, Nov 3, 2026 at 10:02 AM Support wrote:\n> Hello',
      'Thanks!',
    ],
    [
      'an Outlook original message',
      'Yes.\n\n-----Original Message-----\nFrom: Support\nSent: Monday',
      'Yes.',
    ],
    [
      'an Outlook French header block',
      'Oui.\n\nDe : Support <support@cassiopee.example>\nEnvoyé : lundi 3 novembre 2026 10:02\nÀ : moi',
      'Oui.',
    ],
    ['a dash-dash signature', 'It works.\n-- \nTom Baker\nACME', 'It works.'],
    ['Envoyé de mon iPhone', "C'est bon.\n\nEnvoyé de mon iPhone", "C'est bon."],
    ['Sent from my iPhone', 'Fine.\n\nSent from my iPhone', 'Fine.'],
    [
      'Cordialement and the name under it',
      'Bonjour,\nLe colis est arrivé.\nMerci.\nCordialement,\nClaire',
      'Bonjour,\nLe colis est arrivé.\nMerci.',
    ],
    [
      'a bare "X wrote:" above quoted lines',
      'Still broken.\n\nSupport Cassiopée wrote:\n> Hello',
      'Still broken.',
    ],
    ['interleaved > lines', 'Answer one.\n> question two\nAnswer two.', 'Answer one.\nAnswer two.'],
  ])('removes %s', (_name, input, expected) => {
    const result = stripReply(input);
    expect(result.text).toBe(expected);
    expect(result.full).toBe(input);
  });

  it('keeps a message that has no quote nor signature as it is', () => {
    expect(stripReply('Bonjour,\nma commande 12 est en retard.').text).toBe(
      'Bonjour,\nma commande 12 est en retard.',
    );
  });
});

describe('normaliseSubject', () => {
  it.each([
    ['Re: Question', 'Question', undefined],
    ['RE: RE: Fwd: Question', 'Question', undefined],
    ['TR: Question', 'Question', undefined],
    ['AW: WG: Frage', 'Frage', undefined],
    ['VS: SV: Fråga', 'Fråga', undefined],
    ['Réf. : Commande', 'Commande', undefined],
    ['Re[2]: Question', 'Question', undefined],
    ['RE\u00a0: [#RD-1042] Commande livrée incomplète', 'Commande livrée incomplète', 'RD-1042'],
    ['Re: Re: [#RD-2001] Invoice copy', 'Invoice copy', 'RD-2001'],
    ['Regarding the invoice', 'Regarding the invoice', undefined],
    ['Resume of my account', 'Resume of my account', undefined],
  ])('%s → %s (ref %s)', (input, subject, ref) => {
    const result = normaliseSubject(input);
    expect(result.subject).toBe(subject);
    expect(result.ref).toBe(ref);
  });
});

// Real-world mail through the bot's raw inbound endpoint (RELIABILITY 42, issue 19 items 11–13, 15 and the
// trailing-dot sender of 14): what agents finally read on the issue (requester, title, text, files) and
// where the acknowledgement goes. The corpus under test/fixtures/emails/corpus has the shapes real
// clients send; test/fixtures/emails/classes has several variants of each class that went wrong.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mail/parse-message.ts';
import { eventually, startHarness, type Harness } from '../support/bot-harness.ts';
import {
  fixture,
  fixtureNames,
  issueOfRef,
  mailTo,
  postMail,
  processed,
  threadOf,
  type AgentIssue,
} from '../support/inbound-mail.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

/** Posts a fixture and returns the ticket it became: reference, issue, and the requester the store keeps. */
async function ticketOf(folder: string, name: string) {
  const message = await processed(harness, await postMail(harness, fixture(folder, name)));
  expect(message.state, `${name}: ${message.reason ?? ''} ${message.detail ?? ''}`).toBe('done');
  const ref = message.ref ?? '';
  const issue: AgentIssue = await issueOfRef(harness, ref);
  return { ref, issue, thread: await threadOf(harness, ref) };
}

describe('a corpus of mail as real clients send it', () => {
  // file, sender address, sender name, issue title, texts the issue shows, attachment names listed
  const corpus: [string, string, string, string, string[], string[]][] = [
    [
      'apple-mail.eml',
      'sarah.cohen@icloud.example',
      'Sarah Cohen',
      'Porte du placard',
      ['La porte du placard ne ferme plus', 'Elle frotte en bas.'],
      ['IMG_4410.jpeg'],
    ],
    [
      'big5-outlook-express.eml',
      'meiling.chen@gongsi-tw.example',
      '陳美玲',
      '發票統一編號錯誤',
      ['發票上的統一編號寫錯了，請重新開立。'],
      [],
    ],
    [
      'forwarded-rfc822.eml',
      'sophie.marchand@entreprise2.example',
      'Sophie Marchand',
      'Commande 4411 incomplète',
      ['Je vous transfère la réclamation', 'Il manque deux chaises dans la commande 4411.'],
      ['Commande 4411.eml', 'bon-4411.pdf'],
    ],
    [
      'gb2312-foxmail.eml',
      'wangwei@gongsi.example',
      '王伟',
      '办公椅少了两把',
      ['我们订购的办公椅少了两把，请尽快补发。'],
      [],
    ],
    [
      'gmail-android.eml',
      'karim.haddad@gmail.example',
      'Karim Haddad',
      'Code promo refusé',
      ['mon code de réduction BIENVENUE10 est refusé'],
      [],
    ],
    [
      'gmail-web.eml',
      'thomas.bernard@gmail.example',
      'Thomas Bernard',
      'Erreur de TVA sur la facture',
      ['Voici la facture FA-2026-3321 qui comporte une erreur de TVA.'],
      ['FA-2026-3321.pdf'],
    ],
    [
      'google-groups-via.eml',
      'support-partenaires@groups.example',
      "'Emma Blanc' via Support Partenaires",
      'Stock introuvable',
      ['Le produit réf. LMP-44 n’apparaît plus'],
      [],
    ],
    [
      'html-only-entities.eml',
      'anna.vogel@web.example',
      'Anna Vogel',
      'Lieferung',
      ['Grüße aus München,', 'bitte prüfen Sie das.', 'Préférence : livraison le matin – merci…'],
      [],
    ],
    [
      'iphone-mail.eml',
      'nadia.benali@icloud.example',
      'Nadia Benali',
      'Tache sur le canapé',
      ['Le canapé livré hier a une tache sur l’assise.'],
      ['image0.jpeg'],
    ],
    [
      'iso-2022-jp.eml',
      'taro.yamada@kaisha.example',
      '山田 太郎',
      '商品が届きません',
      ['注文番号 7781 の商品がまだ届いていません。'],
      [],
    ],
    [
      'korean-outlook.eml',
      'minsu.kim@hoesa.example',
      '김민수',
      '책상 배송 문의',
      ['주문한 책상이 아직 도착하지 않았습니다.'],
      [],
    ],
    [
      'latin1-8bit-german.eml',
      'juergen.weiss@firma.example',
      'Jürgen Weiß',
      'Falsche Größe',
      ['die Größe des gelieferten Schreibtischs stimmt nicht'],
      [],
    ],
    [
      'lotus-notes.eml',
      'bernard.moreau@industrie.example',
      'Bernard Moreau',
      'Problème de facturation',
      ['La facture 2026-118 est facturée deux fois.'],
      [],
    ],
    [
      'mailman-list.eml',
      'achats@partenaire.example',
      'Achats Partenaire',
      '[achats] Portail fournisseurs en erreur',
      ['Le portail fournisseurs renvoie une erreur 502 depuis 8 h.'],
      [],
    ],
    [
      'outlook-exchange.eml',
      'valerie.dupre@entreprise.example',
      'Dupré, Valérie',
      'Accoudoir cassé',
      ['Le fauteuil livré a un accoudoir cassé. Pouvez-vous m’envoyer une pièce ?'],
      ['image001.png'],
    ],
    [
      'outlook-invite.eml',
      'claire.fontaine@mairie.example',
      'Claire Fontaine',
      'Point installation des bureaux',
      ['Je vous propose un point jeudi pour l’installation des bureaux.'],
      ['text-1.ics', 'invite.ics'],
    ],
    [
      'outlook-mac-inline.eml',
      'hugo.petit@agence.example',
      'Hugo Petit',
      "Capture de l'erreur",
      ['Voici l’écran d’erreur au paiement.'],
      ['ii_m3k9x2a10.png'],
    ],
    [
      'outlook-winmail-dat.eml',
      'pierre.lambert@cabinet.example',
      'Pierre Lambert',
      'Contrat de maintenance',
      ['Vous trouverez le contrat signé en pièce jointe.'],
      ['winmail.dat'],
    ],
    [
      'protonmail.eml',
      'leo.garnier@proton.example',
      'Leo Garnier',
      'Suppression de mon compte',
      ['Merci de supprimer mon compte client et mes données personnelles.'],
      // The name is customer text: its `@` is kept from mentioning anyone.
      ['publickey - leo.garnier@\u200dproton.example - 0x1A2B3C4D.asc'],
    ],
    [
      'thunderbird-flowed.eml',
      'lucas.martin@logistique.example',
      'Lucas Martin',
      'Commandes en erreur',
      ["Ci-joint l'export des commandes en erreur depuis lundi, il y en a vingt-trois."],
      ['commandes-erreur.csv'],
    ],
    [
      'webmail-qp-utf8.eml',
      'camille.roux@orange.example',
      'Camille Roux',
      "Changement d'adresse",
      ['la nouvelle adresse est 12 rue des Écoles, 75005 Paris. Merci d’avance pour votre aide précieuse.'],
      [],
    ],
    [
      'yahoo-mail.eml',
      'marie.lefort@yahoo.example',
      'Marie Lefort',
      'Remboursement',
      ['je n ai toujours pas recu le remboursement du retour 5530.'],
      [],
    ],
  ];

  it('has a row for every message of the corpus', () => {
    expect(corpus.map(([file]) => file)).toEqual(fixtureNames('corpus'));
  });

  it.each(corpus)(
    '%s: sender %s, title, readable text and attachment names reach the ticket',
    async (file, address, name, title, texts, attachments) => {
      const { issue, thread } = await ticketOf('corpus', file);
      expect(thread?.requester).toBe(address);
      expect(thread?.name).toBe(name);
      expect(issue.title).toBe(title);
      for (const text of texts) expect(issue.body).toContain(text);
      expect(issue.body).not.toContain('\ufffd');
      // The list of files, up to the section for agents that ends the body.
      const listed = /### Pièces jointes\n\n([\s\S]*?)(?:\n### |$)/.exec(issue.body)?.[1] ?? '';
      // Names as GitHub shows them: the backslashes that keep a customer's name inert are not displayed.
      const names = [...listed.matchAll(/^- (?:\[([^\]]+)\]\(|([^(\n]+?) \(non conservée)/gm)].map((found) =>
        (found[1] ?? found[2] ?? '').replace(/\\(.)/g, '$1'),
      );
      expect(names).toEqual(attachments);
    },
  );
});

describe('the sender, read with an address parser and its fallbacks (item 11)', () => {
  it.each([
    ['sender-encoded-comma-latin1.eml', 'a.lastname@b.example', 'Lastname, Firstname', undefined],
    ['sender-encoded-comma-utf8.eml', 'juergen.mueller@firma.example', 'Müller, Jürgen', undefined],
    ['sender-encoded-comma-q-utf8.eml', 'anais.lefevre@cabinet2.example', 'Lefèvre, Anaïs', undefined],
    ['sender-unquoted-comma.eml', 'jean.dupont@exemple2.example', 'Dupont, Jean', undefined],
    ['sender-second-from.eml', 'marc.roy@client3.example', 'Marc Roy', 'From'],
    ['sender-reply-to-fallback.eml', 'contact@boutique-lemaire.example', 'Boutique Lemaire', 'Reply-To'],
    ['sender-sender-fallback.eml', 'compta@entreprise3.example', '', 'Sender'],
  ])(
    '%s opens a ticket for %s, named %j, and says which header gave it',
    async (file, address, name, header) => {
      const { issue, thread } = await ticketOf('classes', file);
      expect(thread?.requester).toBe(address);
      expect(thread?.name).toBe(name);
      // The acknowledgement goes to that address.
      await eventually(async () => mailTo(harness, address).length === 1);
      if (header === undefined) expect(issue.body).not.toContain('Adresse du demandeur lue dans');
      else expect(issue.body).toContain(`**Adresse du demandeur lue dans ${header}** : l’en-tête From (`);
    },
  );

  it('a mail with no usable address anywhere is quarantined as no-sender', async () => {
    const message = await processed(harness, await postMail(harness, fixture('classes', 'sender-none.eml')));
    expect(message).toMatchObject({
      state: 'quarantined',
      reason: 'no-sender',
      detail: 'the message has no usable address in From, Reply-To or Sender',
    });
  });

  it('a sender address ending in a dot is acknowledged at the address without it', async () => {
    const { thread } = await ticketOf('classes', 'sender-trailing-dot.eml');
    expect(thread?.requester).toBe('paul.martin@exemple4.example');
    await eventually(async () => mailTo(harness, 'paul.martin@exemple4.example').length === 1);
    expect(harness.mail.messages.flatMap((message) => message.envelopeTo)).not.toContain(
      'paul.martin@exemple4.example.',
    );
  });
});

describe('text in the charset it really is in (item 12)', () => {
  it.each([
    ['charset-none-gbk.eml', '订单还没有收到', '您好，我的订单还没有收到，请帮我查一下。谢谢！'],
    [
      'charset-none-shift-jis.eml',
      '商品が届いていません',
      '注文した商品がまだ届いていません。確認をお願いします。',
    ],
    ['charset-none-big5.eml', '訂單還沒有收到', '我的訂單還沒有收到，請幫我查一下。'],
    [
      'charset-unknown-label-utf8.eml',
      'Etiquette inconnue',
      'Problème réglé à moitié : l’étiquette dit « x-unknown ».',
    ],
    ['charset-iso-gb2312.eml', '发票金额不对', '您好，发票金额不对，请核实后重新开具发票。'],
    ['charset-shift-jis-labelled-iso-2022-jp.eml', '請求書の件', '請求書の金額が間違っているようです。'],
    [
      'charset-x-user-defined.eml',
      'Etiquette x-user-defined',
      'Le montant de 45 € est débité deux fois, c’est très gênant.',
    ],
    ['header-raw-latin1.eml', 'Siège abîmé', 'Le siège est arrivé abîmé.'],
  ])('%s: title %j and text readable', async (file, title, text) => {
    const { issue } = await ticketOf('classes', file);
    expect(issue.title).toBe(title);
    expect(issue.body).toContain(text);
    expect(issue.body).not.toMatch(/\ufffd|Ã|Â/);
  });

  it('a raw 8-bit From name is decoded with the message', async () => {
    const { thread } = await ticketOf('classes', 'header-raw-latin1.eml');
    expect(thread?.name).toBe('Hélène Bézier');
  });
});

describe('HTML-only mail with character references (item 13)', () => {
  it.each([
    [
      'html-entities-named.eml',
      'Grüße, die Lieferung für Øresund kostet 45 € – « très cher »… Æsop &amp; Søn',
    ],
    ['html-entities-numeric.eml', 'Café ’ok’ €12 😀 ß'],
    ['html-entities-legacy.eml', 'Résumé du problème © 2026 &amp; Co &lt;urgent&gt;'],
  ])('%s reads as %j', async (file, text) => {
    const { issue } = await ticketOf('classes', file);
    expect(issue.body).toContain(text);
    expect(issue.body).not.toMatch(/&(szlig|uuml|eacute|nbsp|#\d+|#x[0-9a-f]+);/i);
  });
});

describe('attachments agents can tell apart (item 15)', () => {
  it('inline images without a name are named from their Content-ID, else their type', async () => {
    const { issue } = await ticketOf('classes', 'inline-images-unnamed.eml');
    for (const name of ['image001.png', 'image002.jpg', 'image-3.png'])
      expect(issue.body).toContain(`[${name}](`);
    expect(issue.body).not.toContain('attachment-');
  });

  it('a second HTML alternative that says more than the plain text is kept as a file', async () => {
    const { issue } = await ticketOf('classes', 'alternative-second-html.eml');
    expect(issue.body).toContain('Le devis est en dessous.');
    expect(issue.body).toContain('[message-part-3.html](');
  });

  it('the HTML parts Apple Mail splits around an image are not listed twice', async () => {
    const parsed = await parseMessage(fixture('corpus', 'apple-mail.eml'));
    expect(parsed.ok && parsed.mail.attachments.map((attachment) => attachment.filename)).toEqual([
      'IMG_4410.jpeg',
    ]);
  });
});

// Two auto-responders answering each other (RELIABILITY 20): the desk acknowledges a mail, the other side
// answers the acknowledgement automatically, and so on. Driven through the real bot, the GitHub stand-in
// and the SMTP sink: a stand-in responder answers every mail the sink received for it by posting its
// answer to /api/inbound/email, until the desk stops writing. Counted at the sink: at most the desk's
// hourly cap of automatic mail per sender per hour (3 in the shipped rules), and none at all to a
// responder that says it is one.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage, type ParsedMail } from '../../../src/mail/parse-message.ts';
import { agentToken, manualClock, settle, startHarness, type Harness } from '../../support/bot-harness.ts';
import { rawMail } from '../../support/email-fixtures.ts';

const hourMs = 3_600_000;
/** desk.mail.autoReplyLimitPerHour in the shipped rules/desk.yaml. */
const capPerHour = 3;
let harness: Harness;
const clock = manualClock(Date.parse('2026-11-23T09:00:00Z'));

beforeAll(async () => {
  harness = await startHarness({ clock: clock.now });
  // The expectations below are written for this cap: a change of the shipped rules must show here.
  expect(harness.rules.desk.mail.autoReplyLimitPerHour).toBe(capPerHour);
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

/** Mail the sink received for `address`, parsed, oldest first. */
async function mailTo(address: string): Promise<ParsedMail[]> {
  const mails: ParsedMail[] = [];
  for (const message of harness.mail.messages.filter((candidate) => candidate.envelopeTo.includes(address))) {
    const parsed = await parseMessage(message.raw);
    if (!parsed.ok) throw new Error(parsed.detail);
    mails.push(parsed.mail);
  }
  return mails;
}

async function postMail(raw: Buffer): Promise<void> {
  const response = await fetch(`${harness.url}/api/inbound/email`, {
    method: 'POST',
    headers: { 'content-type': 'message/rfc822' },
    body: new Uint8Array(raw),
  });
  expect(response.status).toBeLessThan(300);
}

/** How an auto-responder answers a mail it received. */
type Responder = { address: string; answer(received: ParsedMail, round: number): Buffer };

/**
 * Lets the responders answer each mail the desk sent them until the desk stops writing; returns how many
 * mails each received. Fails if they are still writing to each other after `maxRounds`.
 */
async function converse(responders: Responder[], maxRounds = 12): Promise<number[]> {
  const answered = await Promise.all(
    responders.map(async (responder) => (await mailTo(responder.address)).length),
  );
  for (let round = 0; round < maxRounds; round += 1) {
    await settle(harness);
    let wrote = false;
    for (const [index, responder] of responders.entries()) {
      const received = await mailTo(responder.address);
      for (const mail of received.slice(answered[index])) {
        await postMail(responder.answer(mail, round));
        wrote = true;
      }
      answered[index] = received.length;
    }
    if (!wrote) return answered;
  }
  throw new Error(
    `the desk and the auto-responders were still writing to each other after ${maxRounds} rounds`,
  );
}

/** The subject a client writes that drops the desk's `[#ref]` (so the answer cannot be threaded by it). */
const withoutReference = (subject: string) => subject.replace(/\[#[^\]]+\]\s*/, '');

/**
 * An auto-responder that does not say it is one: no Auto-Submitted, no X-Auto-Response-Suppress, no
 * automatic-reply subject, no threading (neither In-Reply-To nor the reference in the subject).
 */
function plainResponder(address: string): Responder {
  return {
    address,
    answer: (received, round) =>
      rawMail({
        from: `Service client <${address}>`,
        subject: `Re: ${withoutReference(received.subject)}`,
        messageId: `auto-${round}-${Math.random().toString(36).slice(2)}@${address.split('@')[1]}`,
        body: 'Merci pour votre message. Notre équipe vous répondra sous 48 heures.',
      }),
  };
}

const firstMailFrom = (address: string, subject: string) =>
  rawMail({ from: `Service client <${address}>`, subject, body: 'Votre commande 7731 a été expédiée.' });

describe('two auto-responders answering each other', () => {
  it('one that does not say it is a robot gets at most the hourly cap of acknowledgements, then the loop stops', async () => {
    const responder = plainResponder('service-client@boutique.example');
    const ticketsBefore = (await harness.issues()).length;
    await postMail(firstMailFrom(responder.address, 'Expédition de votre commande 7731'));
    const received = await converse([responder]);
    expect(received).toEqual([capPerHour]);
    const acknowledgements = await mailTo(responder.address);
    expect(acknowledgements.map((mail) => mail.subject.replace(/\[#\S+\]/, '[#ref]'))).toEqual([
      '[#ref] Nous avons bien reçu votre demande : Expédition de votre commande 7731',
      expect.stringMatching(
        /^\[#ref\] Nous avons bien reçu votre demande : Nous avons bien reçu votre demande : /,
      ),
      expect.stringMatching(
        /^\[#ref\] Nous avons bien reçu votre demande : Nous avons bien reçu votre demande : /,
      ),
    ]);
    // Each of its mails is a ticket (nothing lost), its answer to the third acknowledgement included.
    expect((await harness.issues()).length - ticketsBefore).toBe(capPerHour + 1);
  });

  it('an hour later the cap starts again: at most the cap in each hour, never more', async () => {
    const responder = plainResponder('commandes@atelier.example');
    await postMail(firstMailFrom(responder.address, 'Votre devis 88'));
    expect(await converse([responder])).toEqual([capPerHour]);
    clock.advance(hourMs + 60_000);
    // A new hour: the responder writes again, and the loop runs until the cap again.
    await postMail(firstMailFrom(responder.address, 'Votre devis 89'));
    // Counted per hour: the manual clock stood still within each hour.
    expect(await converse([responder])).toEqual([2 * capPerHour]);
  });

  it('one that keeps the reference in its subject is threaded on the ticket: one acknowledgement, its answers are comments', async () => {
    const address = 'ventes@papeterie.example';
    const quoting: Responder = {
      address,
      answer: (received, round) =>
        rawMail({
          from: `Service client <${address}>`,
          subject: `Re: ${received.subject}`,
          messageId: `auto-${round}-${Math.random().toString(36).slice(2)}@papeterie.example`,
          body: 'Merci pour votre message. Notre équipe vous répondra sous 48 heures.',
        }),
    };
    const ticketsBefore = (await harness.issues()).length;
    await postMail(firstMailFrom(address, 'Commande 5120 en retard'));
    expect(await converse([quoting])).toEqual([1]);
    const issues = await harness.issues();
    expect(issues.length - ticketsBefore).toBe(1);
    const ticket = issues.find((issue) => issue.title === 'Commande 5120 en retard')!;
    const response = await fetch(
      `${harness.standin.url}/repos/acme/support/issues/${ticket.number}/comments?per_page=100`,
      { headers: { authorization: `token ${agentToken}` } },
    );
    const comments = (await response.json()) as { body: string }[];
    expect(comments.filter((comment) => comment.body.includes('Notre équipe vous répondra'))).toHaveLength(1);
  });

  it('two responders at once: the cap is per sender, each gets its own and no more', async () => {
    const first = plainResponder('noreponse-ventes@grossiste.example');
    const second = plainResponder('accueil@transporteur.example');
    await postMail(firstMailFrom(first.address, 'Facture 2026-114'));
    await postMail(firstMailFrom(second.address, 'Avis de passage'));
    expect(await converse([first, second])).toEqual([capPerHour, capPerHour]);
  });

  it.each([
    ['Auto-Submitted: auto-replied', ['Auto-Submitted: auto-replied'], 'Absent : '],
    [
      'an Exchange out-of-office (X-Auto-Response-Suppress only)',
      ['X-Auto-Response-Suppress: All'],
      'Automatic reply: ',
    ],
    ['another helpdesk’s X-Loop', ['X-Loop: helpdesk@fournisseur.example'], 'Re: '],
    ['Precedence: bulk', ['Precedence: bulk'], 'Re: '],
  ])(
    'a customer whose mailbox answers with %s gets one acknowledgement, for her own mail only',
    async (_name, headers, prefix) => {
      const customer = `client-${Math.random().toString(36).slice(2, 8)}@exemple-client.fr`;
      const mailbox: Responder = {
        address: customer,
        answer: (received, round) =>
          rawMail({
            from: `Claire Martin <${customer}>`,
            subject: `${prefix}${withoutReference(received.subject)}`,
            messageId: `oof-${round}-${Math.random().toString(36).slice(2)}@exemple-client.fr`,
            // No In-Reply-To and no reference in the subject: a threaded answer would be a comment on the
            // ticket whatever its headers; here only the robot check stands between the desk and a new
            // ticket with a new acknowledgement.
            headers,
            body: 'Je suis absente jusqu’au 2 décembre.',
          }),
      };
      await postMail(
        rawMail({
          from: `Claire Martin <${customer}>`,
          subject: 'Imprimante bloquée',
          body: 'Bonjour, mon imprimante ne répond plus.',
        }),
      );
      expect(await converse([mailbox])).toEqual([1]);
      expect((await mailTo(customer))[0]?.subject).toMatch(
        /Nous avons bien reçu votre demande : Imprimante bloquée$/,
      );
    },
  );
});

// customers.yaml `organisations[].language` picks the language of the answer when a mail does not tell
// its own: through the real bot (raw mail in, acknowledgement out of the SMTP sink, issue at the stand-in).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/parse-message.ts';
import { eventually, startHarness, type Harness } from '../../support/bot-harness.ts';
import { rawMail } from '../../support/email-fixtures.ts';
import { issueOfRef, postMail, processed } from '../../support/inbound-mail.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

/** Words of no language: an order number and a product code. */
const ambiguous = { subject: 'PO 7781', body: 'PO 7781 / 3 x TB-200' };

/** Sends the mail; the acknowledgement's subject and the language line of the issue agents see. */
async function answerTo(from: string, subject: string, body: string) {
  const message = await processed(harness, await postMail(harness, rawMail({ from, subject, body })));
  const ref = message.ref ?? '';
  const issue = await issueOfRef(harness, ref);
  const mail = await eventually(async () =>
    harness.mail.messages.find((sent) => sent.envelopeTo.includes(from.toLowerCase())),
  );
  const parsed = await parseMessage(mail.raw);
  if (!parsed.ok) throw new Error(parsed.detail);
  return {
    subject: parsed.mail.subject,
    issueLanguage: /\*\*(?:Langue|Language) ?:\*\* (\w+)/.exec(issue.body)?.[1],
  };
}

describe('the organisation’s language when a mail does not tell', () => {
  it.each([
    [
      'an English-speaking organisation gets an English acknowledgement',
      'jane@thames-office.example',
      ambiguous,
      'en',
    ],
    ['a subdomain of that organisation too', 'tom@uk.thames-office.example', ambiguous, 'en'],
    ['its other domain too', 'ann@thames-office.co.example', ambiguous, 'en'],
    ['a French-speaking organisation gets a French one', 'marc@banque-arvel.example', ambiguous, 'fr'],
    ['a sender of no organisation gets the desk’s first language', 'someone@gmail.example', ambiguous, 'fr'],
    [
      'a mail that tells its language is answered in it, whatever the organisation’s',
      'pierre@thames-office.example',
      { subject: 'Ma commande', body: 'Bonjour, je vous écris pour ma commande. Merci, cordialement' },
      'fr',
    ],
    [
      'an English mail from a French-speaking organisation is answered in English',
      'kate@banque-arvel.example',
      { subject: 'My order', body: 'Hello, I write to you about my order. Thank you, regards' },
      'en',
    ],
  ])('%s', async (_name, from, mail, lang) => {
    const answer = await answerTo(from, mail.subject, mail.body);
    expect(answer.subject).toContain(
      lang === 'en' ? 'We have received your request' : 'Nous avons bien reçu votre demande',
    );
    expect(answer.issueLanguage).toBe(lang);
  });
});

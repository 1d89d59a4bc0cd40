// Postmark's RawEmail is a JSON string: whichever way the mail's 8-bit bytes were carried as characters,
// the message stored is the mail's own bytes, so an ISO-8859-1 or UTF-8 French mail keeps its accents.

import { describe, expect, it } from 'vitest';
import { postmarkRawEmail } from '../../../../src/channels/email/inbound/postmark-raw-email.ts';
import { parseMessage } from '../../../../src/mail/parse-message.ts';
import { rawMail, readEmail } from '../../../support/email-fixtures.ts';

const latin1Mail = readEmail('french-latin1-8bit.eml');
const utf8Mail = Buffer.concat([
  rawMail({ subject: 'Accoudoir fêlé', messageId: 'utf8-8bit@client.example' }).subarray(0, -2),
  Buffer.from('Le fauteuil reçu hier a un accoudoir fêlé ; payée à la commande.\r\n', 'utf8'),
]);
// Outlook's 8-bit Windows-1252: “quotes”, € and œ are the bytes 93, 94, 80 and 9C.
const windows1252Mail = Buffer.concat([
  Buffer.from(
    [
      'From: Bob Stone <bob.stone@client.example>',
      'To: support@cassiopee.example',
      'Subject: Devis',
      'Message-ID: <cp1252-8bit@client.example>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset="Windows-1252"',
      'Content-Transfer-Encoding: 8bit',
      '',
      '',
    ].join('\r\n'),
  ),
  Buffer.from([
    0x93, 0x44, 0x65, 0x76, 0x69, 0x73, 0x94, 0x20, 0x31, 0x32, 0x20, 0x80, 0x20, 0x9c, 0x0d, 0x0a,
  ]),
]);

describe('Postmark RawEmail', () => {
  it.each([
    {
      story: 'an 8-bit ISO-8859-1 mail, each byte carried as the character of the same number',
      mail: latin1Mail,
      carried: latin1Mail.toString('latin1'),
    },
    {
      story: 'an 8-bit UTF-8 mail given as its decoded text',
      mail: utf8Mail,
      carried: utf8Mail.toString('utf8'),
    },
    {
      story: 'an 8-bit UTF-8 mail, each byte carried as the character of the same number',
      mail: utf8Mail,
      carried: utf8Mail.toString('latin1'),
    },
    {
      story: 'an 8-bit Windows-1252 mail, each byte carried as the character of the same number',
      mail: windows1252Mail,
      carried: windows1252Mail.toString('latin1'),
    },
  ])('$story is stored as the mail’s own bytes', ({ mail, carried }) => {
    expect(postmarkRawEmail(carried).equals(mail)).toBe(true);
  });

  it('the ISO-8859-1 mail reads with its accents once stored', async () => {
    const parsed = await parseMessage(postmarkRawEmail(latin1Mail.toString('latin1')));
    if (!parsed.ok) throw new Error(parsed.detail);
    expect(parsed.mail.text).toContain('Le fauteuil reçu hier a un accoudoir fêlé');
    expect(parsed.mail.from?.name).toBe('Hélène Garçon');
  });
});

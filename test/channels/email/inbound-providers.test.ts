// Each inbound source through the real bot: authentication per provider, 2xx only after the raw mail is
// stored, 503 when it cannot be, duplicates across sources made one, and the quarantine an operator
// lists and replays.

import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMail } from '../../../src/cli/mail.ts';
import { uploadToken, verifyUploadToken } from '../../../src/channels/form/upload-token.ts';
import { eventually, startHarness, type Harness } from '../../support/bot-harness.ts';
import { deeplyNestedMail, rawMail, readEmail } from '../../support/email-fixtures.ts';

const basic = `Basic ${Buffer.from('postmark:inbound-pass').toString('base64')}`;
const mailgunKey = 'mailgun-signing-key';

function mailgunForm(raw: Buffer, timestamp: number, key = mailgunKey): FormData {
  const token = 'a'.repeat(50);
  const form = new FormData();
  form.set('timestamp', String(timestamp));
  form.set('token', token);
  form.set('signature', createHmac('sha256', key).update(`${timestamp}${token}`).digest('hex'));
  form.set('body-mime', new Blob([new Uint8Array(raw)]), 'message.mime');
  return form;
}

describe('inbound mail sources', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      mailEnv: {
        INBOUND_EMAIL_BASIC_AUTH: 'postmark:inbound-pass',
        SENDGRID_INBOUND_SECRET: 'sendgrid-path-secret',
        MAILGUN_SIGNING_KEY: mailgunKey,
        MAIL_ATTACHMENT_MAX_BYTES: '2000',
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  const post = (path: string, init: RequestInit) =>
    fetch(`${harness.url}${path}`, { method: 'POST', ...init });
  const stored = () => harness.bot.context.mail.mailStore.counts();

  it('the raw endpoint needs the credentials once they are configured, and message/rfc822', async () => {
    const raw = new Uint8Array(rawMail({ messageId: 'raw-auth-1@exemple.example' }));
    expect(
      (await post('/api/inbound/email', { headers: { 'content-type': 'message/rfc822' }, body: raw })).status,
    ).toBe(401);
    expect(
      (
        await post('/api/inbound/email', {
          headers: { 'content-type': 'text/plain', authorization: basic },
          body: raw,
        })
      ).status,
    ).toBe(415);
    const ok = await post('/api/inbound/email', {
      headers: { 'content-type': 'message/rfc822', authorization: basic },
      body: raw,
    });
    expect(ok.status).toBe(200);
  });

  it('Postmark: basic auth; RawEmail used as is, or the message rebuilt from the JSON fields', async () => {
    const withRaw = { RawEmail: readEmail('outlook-reply-fr.eml').toString('latin1') };
    expect(
      (
        await post('/api/inbound/postmark', {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(withRaw),
        })
      ).status,
    ).toBe(401);
    const first = await post('/api/inbound/postmark', {
      headers: { 'content-type': 'application/json', authorization: basic },
      body: JSON.stringify(withRaw),
    });
    expect(first.status).toBe(200);
    const rebuilt = {
      FromFull: { Email: 'bob.stone@client.example', Name: 'Bob Stone' },
      To: 'support@cassiopee.example',
      Subject: 'Broken delivery of desk PX-12',
      TextBody: 'The desk arrived with a broken leg.',
      Headers: [{ Name: 'Message-ID', Value: '<postmark-rebuilt-1@client.example>' }],
      Attachments: [
        {
          Name: 'photo.png',
          ContentType: 'image/png',
          Content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]).toString('base64'),
        },
      ],
    };
    expect(
      (
        await post('/api/inbound/postmark', {
          headers: { 'content-type': 'application/json', authorization: basic },
          body: JSON.stringify(rebuilt),
        })
      ).status,
    ).toBe(200);
    const issue = await eventually(async () =>
      (await harness.issues()).find((candidate) => candidate.title === 'Broken delivery of desk PX-12'),
    );
    expect(issue.body).toContain('The desk arrived with a broken leg.');
    expect(issue.body).toMatch(
      /\[photo\.png\]\(http:\/\/bot\.test\/files\/[A-Za-z0-9_-]{22}\.png\?exp=\d+&sig=[A-Za-z0-9_-]+\)/,
    );
    // The signed link serves the checked file as a download; a changed signature is refused.
    const link = /\(http:\/\/bot\.test(\/files\/[^)]+)\)/.exec(issue.body)?.[1] ?? '';
    const file = await fetch(`${harness.url}${link}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toMatch(
      /^attachment; filename="[A-Za-z0-9_-]{22}\.png"$/,
    );
    expect(Buffer.from(await file.arrayBuffer())).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]),
    );
    expect(
      (
        await fetch(
          `${harness.url}${link.replace(/sig=(.)/, (_whole, first: string) => `sig=${first === 'A' ? 'B' : 'A'}`)}`,
        )
      ).status,
    ).toBe(403);
    expect((await fetch(`${harness.url}/files/..%2Frepodesk.sqlite?exp=1&sig=x`)).status).toBe(403);
  });

  it('SendGrid: the secret path or basic auth; the raw message in the "email" field', async () => {
    const form = new FormData();
    form.set('email', readEmail('gmail-reply-html.eml').toString('utf8'));
    expect((await post('/api/inbound/sendgrid/wrong-secret', { body: form })).status).toBe(401);
    expect((await post('/api/inbound/sendgrid/sendgrid-path-secret', { body: form })).status).toBe(200);
    const noRaw = new FormData();
    noRaw.set('text', 'hello');
    const refused = await post('/api/inbound/sendgrid/sendgrid-path-secret', { body: noRaw });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toContain('POST the raw, full MIME message');
  });

  it('SendGrid: an 8-bit ISO-8859-1 mail in the "email" field keeps its accents in the issue', async () => {
    // SendGrid posts the raw MIME bytes as a plain form field, boundary "xYzZY", with a charsets field.
    const raw = readEmail('french-latin1-8bit.eml');
    const body = Buffer.concat([
      Buffer.from('--xYzZY\r\nContent-Disposition: form-data; name="email"\r\n\r\n'),
      raw,
      Buffer.from(
        '\r\n--xYzZY\r\nContent-Disposition: form-data; name="charsets"\r\n\r\n{"to":"UTF-8","from":"UTF-8","subject":"UTF-8"}\r\n--xYzZY--\r\n',
      ),
    ]);
    const response = await post('/api/inbound/sendgrid/sendgrid-path-secret', {
      headers: { 'content-type': 'multipart/form-data; boundary=xYzZY' },
      body: new Uint8Array(body),
    });
    expect(response.status).toBe(200);
    const issue = await eventually(async () =>
      (await harness.issues()).find((candidate) => candidate.title === 'Accoudoir fêlé à la livraison'),
    );
    expect(issue.body).toContain('Le fauteuil reçu hier a un accoudoir fêlé');
    expect(issue.body).toContain('commande n° 77-3104 (129,90 EUR, payée à la commande)');
    expect(issue.body).toContain('Hélène Garçon');
    expect(issue.body).not.toContain('\ufffd');
  });

  it('Postmark: an 8-bit ISO-8859-1 mail in RawEmail keeps its accents in the issue', async () => {
    // Another message (its own Message-ID and subject) than the one SendGrid brought above.
    const raw = Buffer.from(
      readEmail('french-latin1-8bit.eml')
        .toString('latin1')
        .replace('5A1F7E2B.3040508@wanadoo.example', '5A1F7E2B.postmark@wanadoo.example')
        .replace('la_livraison?=', 'la_livraison_(Postmark)?='),
      'latin1',
    );
    // JSON carries characters: each byte of the 8-bit mail is the character of the same number.
    const response = await post('/api/inbound/postmark', {
      headers: { 'content-type': 'application/json', authorization: basic },
      body: JSON.stringify({ RawEmail: raw.toString('latin1') }),
    });
    expect(response.status).toBe(200);
    const issue = await eventually(async () =>
      (await harness.issues()).find(
        (candidate) => candidate.title === 'Accoudoir fêlé à la livraison (Postmark)',
      ),
    );
    expect(issue.body).toContain('Le fauteuil reçu hier a un accoudoir fêlé');
    expect(issue.body).toContain('commande n° 77-3104 (129,90 EUR, payée à la commande)');
    expect(issue.body).toContain('Hélène Garçon');
    expect(issue.body).not.toContain('\ufffd');
    expect(issue.body).not.toContain('Ã');
  });

  it('Mailgun: a bad signature or a stale timestamp is refused; a signed body-mime is stored', async () => {
    const raw = rawMail({ messageId: 'mailgun-1@exemple.example' });
    const now = Math.floor(harness.bot.context.clock() / 1000);
    expect((await post('/api/inbound/mailgun', { body: mailgunForm(raw, now, 'other-key') })).status).toBe(
      401,
    );
    expect((await post('/api/inbound/mailgun', { body: mailgunForm(raw, now - 3600) })).status).toBe(401);
    expect((await post('/api/inbound/mailgun', { body: mailgunForm(raw, now) })).status).toBe(200);
  });

  it('the same message by SendGrid and by Mailgun is stored once and makes one ticket', async () => {
    const raw = rawMail({ messageId: 'both-ways-1@exemple.example', subject: 'Livraison du bureau 88-12' });
    const form = new FormData();
    form.set('email', raw.toString('utf8'));
    const viaSendgrid = (await (
      await post('/api/inbound/sendgrid/sendgrid-path-secret', { body: form })
    ).json()) as { duplicate: boolean };
    const now = Math.floor(harness.bot.context.clock() / 1000);
    const viaMailgun = (await (
      await post('/api/inbound/mailgun', { body: mailgunForm(raw, now) })
    ).json()) as { duplicate: boolean };
    expect([viaSendgrid.duplicate, viaMailgun.duplicate]).toEqual([false, true]);
    await eventually(async () =>
      (await harness.issues()).some((issue) => issue.title === 'Livraison du bureau 88-12'),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      (await harness.issues()).filter((issue) => issue.title === 'Livraison du bureau 88-12'),
    ).toHaveLength(1);
  });

  it('a message nested too deep is quarantined; the operator lists it and replays it', async () => {
    const response = await post('/api/inbound/email', {
      headers: { 'content-type': 'message/rfc822', authorization: basic },
      body: new Uint8Array(deeplyNestedMail(100)),
    });
    const { id } = (await response.json()) as { id: number };
    await eventually(async () => (await stored()).quarantined === 1);
    const out: string[] = [];
    const err: string[] = [];
    expect(
      await runMail(
        ['quarantine', 'list', '--data-dir', harness.dataDir],
        (text) => out.push(text),
        (text) => err.push(text),
      ),
    ).toBe(0);
    expect(out.join('')).toMatch(
      new RegExp(
        `^${id}\\t\\d{4}-\\d\\d-\\d\\dT[^\\t]+\\trfc822\\t\\d+ bytes\\ttoo-deep: Maximum MIME nesting depth of 30 levels exceeded\\n$`,
      ),
    );
    expect(
      await runMail(
        ['quarantine', 'replay', String(id), '--data-dir', harness.dataDir],
        (text) => out.push(text),
        (text) => err.push(text),
      ),
    ).toBe(0);
    expect(out.at(-1)).toBe(`Message ${id} queued again; the bot processes it on its next pass.\n`);
    // Still too deep: back in quarantine, and the worker keeps running.
    await eventually(async () => (await stored()).quarantined === 1 && (await stored()).queued === 0);
    expect(
      await runMail(
        ['quarantine', 'replay', '99999', '--data-dir', harness.dataDir],
        () => {},
        (text) => err.push(text),
      ),
    ).toBe(1);
    expect(err.at(-1)).toBe(
      'repodesk mail quarantine replay: message 99999 is not in quarantine; run "repodesk mail quarantine list"\n',
    );
  });

  it("a provider's spam verdict in the message headers (Postmark's X-Spam-Status, a body-mime's X-Spam-Flag) holds it: no ticket, no answer", async () => {
    const issues = (await harness.issues()).length;
    const postmark = await post('/api/inbound/postmark', {
      headers: { 'content-type': 'application/json', authorization: basic },
      body: JSON.stringify({
        FromFull: { Email: 'promo@spam-postmark.example', Name: 'Promo' },
        To: 'support@cassiopee.example',
        Subject: 'Gagnez un voyage',
        TextBody: 'Cliquez ici.',
        Headers: [
          { Name: 'Message-ID', Value: '<postmark-spam-1@spam-postmark.example>' },
          { Name: 'X-Spam-Status', Value: 'Yes' },
          { Name: 'X-Spam-Score', Value: '6.2' },
        ],
      }),
    });
    const raw = rawMail({
      from: 'Promo <promo@spam-mailgun.example>',
      messageId: 'mailgun-spam-1@spam-mailgun.example',
      headers: ['X-Spam-Flag: YES'],
    });
    const mailgun = await post('/api/inbound/mailgun', {
      body: mailgunForm(raw, Math.floor(harness.bot.context.clock() / 1000)),
    });
    const store = harness.bot.context.mail.mailStore;
    for (const [response, shown] of [
      [postmark, 'X-Spam-Status: Yes'],
      [mailgun, 'X-Spam-Flag: YES'],
    ] as const) {
      expect(response.status).toBe(200);
      const { id } = (await response.json()) as { id: number };
      const held = await eventually(async () => {
        const message = await store.getInbound(id);
        return message?.state === 'quarantined' ? message : undefined;
      });
      expect([held.reason, held.detail]).toEqual([
        'spam-verdict',
        `spam verdict of the receiving server: ${shown}; "repodesk mail release ${id}" makes its ticket`,
      ]);
    }
    expect(await harness.issues()).toHaveLength(issues);
    expect(
      harness.mail.messages.filter((message) =>
        message.envelopeTo.some((address) => address.startsWith('promo@spam-')),
      ),
    ).toEqual([]);
  });

  it('the request form uploads files: kept ones get an id and token, refused ones a message each in the form language', async () => {
    const form = new FormData();
    form.append(
      'files',
      new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7])]),
      'capture.png',
    );
    form.append('files', new Blob([new Uint8Array([0x4d, 0x5a, 0x90, 0, 3])]), 'facture.pdf');
    const response = await post('/api/attachments?lang=fr', {
      headers: { origin: 'http://site.test' },
      body: form,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://site.test');
    const answer = (await response.json()) as {
      files: { id: string; name: string; type: string; token: string }[];
      errors: { name: string; message: string }[];
    };
    expect(answer.files.map((file) => [file.name, file.type])).toEqual([['capture.png', 'png']]);
    const secret = harness.bot.context.mail.fileSecret;
    expect(answer.files[0]?.token).toBe(uploadToken(answer.files[0]?.id ?? '', secret));
    expect(verifyUploadToken(answer.files[0]?.id ?? '', 'forged', secret)).toBe(false);
    expect(answer.errors.map((error) => error.message)).toEqual([
      "facture.pdf : ce type de fichier n'est pas accepté ; envoyez une image, un PDF, un texte, un CSV ou un document bureautique.",
    ]);
    // A file over the limit stops the upload there (the bot reads no further): 413 naming it.
    const large = new FormData();
    large.append('files', new Blob([new Uint8Array(3000).fill(0x41)]), 'journal.log');
    const refused = await post('/api/attachments?lang=fr', {
      headers: { origin: 'http://site.test' },
      body: large,
    });
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as { errors: { message: string }[] }).errors[0]?.message).toBe(
      'journal.log : fichier trop volumineux ; la limite est de 2 ko par fichier.',
    );
    const foreign = await post('/api/attachments', { headers: { origin: 'http://evil.test' }, body: form });
    expect(foreign.status).toBe(403);
  });

  it('when the store cannot write, the answer is 503 (the provider retries), never 2xx', async () => {
    // Every write now fails as on a read-only volume; reads still work.
    await harness.bot.context.store.run('PRAGMA query_only = ON');
    const response = await post('/api/inbound/email', {
      headers: { 'content-type': 'message/rfc822', authorization: basic },
      body: new Uint8Array(rawMail({ messageId: 'store-closed@exemple.example' })),
    });
    await harness.bot.context.store.run('PRAGMA query_only = OFF');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
  });
});

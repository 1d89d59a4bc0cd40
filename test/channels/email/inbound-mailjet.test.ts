// Mailjet's Parse API through the real bot: its JSON (field names as in Mailjet's Parse API documentation)
// becomes the same ticket, comment or file as the raw mail would, and everything else is refused with an
// answer that says what to fix.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/parse-message.ts';
import { eventually, settle, startHarness, type Harness } from '../../support/bot-harness.ts';
import { nonLoopbackAddress, requestFrom } from '../../support/client-request.ts';
import { commentsOf, mailTo, threadOf } from '../../support/inbound-mail.ts';

const credentials = 'mailjet:parse-pass';
const basic = `Basic ${Buffer.from(credentials).toString('base64')}`;
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 7, 7]);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

/** A Parse API post as Mailjet documents it: most headers as lists, the single ones as strings. */
function mailjetPost(options: {
  from: string;
  subject: string;
  messageId?: string;
  text?: string;
  html?: string;
  headers?: Record<string, string | string[]>;
  attachments?: { headers: Record<string, string>; content: Buffer }[];
}): Record<string, unknown> {
  const attachments = options.attachments ?? [];
  return {
    Sender: options.from.replace(/^.*<|>$/g, ''),
    Recipient: 'support@cassiopee.example',
    Date: '20261123T091500',
    From: options.from,
    Subject: options.subject,
    Headers: {
      'Return-Path': [`<${options.from.replace(/^.*<|>$/g, '')}>`],
      Received: ['by 10.107.134.160 with HTTP; Mon, 23 Nov 2026 09:15:00 +0000'],
      'MIME-Version': ['1.0'],
      'Content-Type': ['multipart/alternative; boundary=001a1141f3c406f1b2051360f37d'],
      Date: 'Mon, 23 Nov 2026 09:15:00 +0000',
      ...(options.messageId ? { 'Message-ID': `<${options.messageId}>` } : {}),
      Subject: options.subject,
      From: options.from,
      To: 'Support Cassiopée <support@cassiopee.example>',
      ...options.headers,
    },
    Parts: [
      ...(options.text === undefined
        ? []
        : [{ Headers: { 'Content-Type': 'text/plain; charset=UTF-8' }, ContentRef: 'Text-part' }]),
      ...(options.html === undefined
        ? []
        : [
            {
              Headers: {
                'Content-Type': 'text/html; charset=UTF-8',
                'Content-Transfer-Encoding': 'quoted-printable',
              },
              ContentRef: 'Html-part',
            },
          ]),
      ...attachments.map((attachment, index) => ({
        Headers: attachment.headers,
        ContentRef: `Attachment${index + 1}`,
      })),
    ],
    ...(options.text === undefined ? {} : { 'Text-part': options.text }),
    ...(options.html === undefined ? {} : { 'Html-part': options.html }),
    ...Object.fromEntries(
      attachments.map((attachment, index) => [
        `Attachment${index + 1}`,
        attachment.content.toString('base64'),
      ]),
    ),
    SpamAssassinScore: '0.602',
    CustomID: '',
    Payload: '',
  };
}

function post(harness: Harness, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${harness.url}/api/inbound/mailjet`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basic, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The issue a subject became, and its ticket reference (from the acknowledgement sent to `address`). */
async function ticketOf(harness: Harness, subject: string, address: string) {
  const issue = await eventually(async () =>
    (await harness.issues()).find((candidate) => candidate.title === subject),
  );
  const ack = await eventually(async () => {
    for (const raw of mailTo(harness, address)) {
      const parsed = await parseMessage(raw);
      if (parsed.ok && parsed.mail.subject.includes(subject)) return parsed.mail;
    }
    return undefined;
  });
  const ref = /\[#(RD-[0-9A-Z]{4}-[0-9A-Z]{4})\]/.exec(ack.subject)?.[1] ?? '';
  return { issue, ack, ref };
}

describe('Mailjet Parse API: POST /api/inbound/mailjet', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      mailEnv: { INBOUND_EMAIL_BASIC_AUTH: credentials },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it.each([
    {
      name: 'text and HTML parts, headers as lists',
      from: 'Bob Stone <bob.stone@client.example>',
      subject: 'Broken delivery of desk PX-12',
      mail: {
        messageId: 'desk-px-12@client.example',
        text: 'The desk arrived with a broken leg.\n',
        html: '<p>The desk arrived with a broken leg.</p>',
      },
      shown: 'The desk arrived with a broken leg.',
      requester: { email: 'bob.stone@client.example', name: 'Bob Stone' },
    },
    {
      name: 'HTML only, French text, an encoded sender name',
      from: '=?UTF-8?Q?H=C3=A9l=C3=A8ne_Lef=C3=A8vre?= <helene.lefevre@exemple-client.fr>',
      subject: 'Écran noir après la mise à jour',
      mail: {
        messageId: 'ecran-noir@exemple-client.fr',
        html: '<div dir="ltr">Depuis la mise à jour, l&#39;écran reste noir au démarrage.</div>',
      },
      shown: "Depuis la mise à jour, l'écran reste noir au démarrage.",
      requester: { email: 'helene.lefevre@exemple-client.fr', name: 'Hélène Lefèvre' },
    },
    {
      name: 'text only, no Message-ID',
      from: 'ops@partner.example',
      subject: 'VPN access for the new contractor',
      mail: { text: 'Could you open VPN access for Sam Reyes from Monday?' },
      shown: 'Could you open VPN access for Sam Reyes from Monday?',
      requester: { email: 'ops@partner.example', name: '' },
    },
  ])('a new request ($name) becomes an issue with its requester, title and text', async (example) => {
    const answer = await post(
      harness,
      mailjetPost({
        from: example.from,
        subject: example.subject,
        ...example.mail,
      }),
    );
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ duplicate: false });
    const { issue, ref } = await ticketOf(harness, example.subject, example.requester.email);
    expect(issue.body).toContain(example.shown);
    expect(issue.body).not.toContain('<div');
    expect(mailTo(harness, example.requester.email)).toHaveLength(1);
    const thread = await threadOf(harness, ref);
    expect(thread?.requester).toBe(example.requester.email);
    expect(thread?.name).toBe(example.requester.name);
  });

  it.each([
    {
      name: 'In-Reply-To and References',
      headers: (ack: string) => ({ 'In-Reply-To': ack, References: ack }),
    },
    { name: 'In-Reply-To alone', headers: (ack: string) => ({ 'In-Reply-To': ack }) },
  ])('a reply with $name naming our acknowledgement is a comment on its ticket', async (example) => {
    const subject = `Printer on floor ${example.name.length} jams`;
    expect(
      (
        await post(
          harness,
          mailjetPost({
            from: 'Dana Kim <dana.kim@client.example>',
            subject,
            messageId: `printer-${example.name.length}@client.example`,
            text: 'The printer jams on every page.',
          }),
        )
      ).status,
    ).toBe(200);
    const { issue, ack } = await ticketOf(harness, subject, 'dana.kim@client.example');
    const before = (await harness.issues()).length;
    // No ticket reference in the subject: only the headers tie the reply to the ticket.
    const reply = await post(
      harness,
      mailjetPost({
        from: 'Dana Kim <dana.kim@client.example>',
        subject: 'Re: printer',
        messageId: `printer-reply-${example.name.length}@client.example`,
        text: 'It works again after the restart, thank you.',
        headers: example.headers(`<${ack.messageId ?? ''}>`),
      }),
    );
    expect(reply.status).toBe(200);
    const comments = await eventually(async () => {
      const all = await commentsOf(harness, issue.number);
      return all.some((body) => body.includes('It works again after the restart')) ? all : undefined;
    });
    expect(comments.filter((body) => body.includes('It works again after the restart'))).toHaveLength(1);
    expect(await harness.issues()).toHaveLength(before);
  });

  it('attachments arrive on the issue as signed links to the same bytes, named from either header', async () => {
    const subject = 'Scratched panel, photo attached';
    expect(
      (
        await post(
          harness,
          mailjetPost({
            from: 'Eli Moreau <eli.moreau@client.example>',
            subject,
            messageId: 'panel-photo@client.example',
            text: 'See the photo of the scratched panel.',
            attachments: [
              {
                headers: {
                  'Content-Type': 'image/png; name=panel.png',
                  'Content-Transfer-Encoding': 'base64',
                  'Content-Disposition': 'attachment; filename="scratched panel.png"',
                },
                content: png,
              },
              {
                // No Content-Disposition: the file name is the Content-Type's `name`.
                headers: {
                  'Content-Type': 'application/pdf; name="delivery note.pdf"',
                  'Content-Transfer-Encoding': 'base64',
                },
                content: pdf,
              },
            ],
          }),
        )
      ).status,
    ).toBe(200);
    const { issue } = await ticketOf(harness, subject, 'eli.moreau@client.example');
    expect(issue.body).toContain('See the photo of the scratched panel.');
    expect(issue.body).toMatch(
      /\[scratched panel\.png\]\(http:\/\/bot\.test\/files\/[A-Za-z0-9_-]{22}\.png\?exp=\d+&sig=[A-Za-z0-9_-]+\)/,
    );
    const link = /\(http:\/\/bot\.test(\/files\/[^)]+)\)/.exec(issue.body)?.[1] ?? '';
    const file = await fetch(`${harness.url}${link}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(png);
    const note = /\[delivery note\.pdf\]\(http:\/\/bot\.test(\/files\/[^)]+)\)/.exec(issue.body)?.[1] ?? '';
    const noteFile = await fetch(`${harness.url}${note}`);
    expect(noteFile.status).toBe(200);
    expect(noteFile.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await noteFile.arrayBuffer())).toEqual(pdf);
  });

  it.each([
    { name: 'the same post twice', withMessageId: true },
    { name: 'the same post twice, the mail without a Message-ID', withMessageId: false },
  ])('$name makes one ticket', async ({ withMessageId }) => {
    const subject = `Invoice copy needed (${withMessageId ? 'with' : 'without'} id)`;
    const body = mailjetPost({
      from: 'Fay Nguyen <fay.nguyen@client.example>',
      subject,
      ...(withMessageId ? { messageId: 'invoice-copy@client.example' } : {}),
      text: 'Could you send me a copy of invoice 2026-118?',
    });
    const answers = [];
    for (const _ of [1, 2])
      answers.push((await (await post(harness, body)).json()) as { duplicate: boolean });
    expect(answers.map((answer) => answer.duplicate)).toEqual([false, true]);
    await ticketOf(harness, subject, 'fay.nguyen@client.example');
    await settle(harness);
    expect((await harness.issues()).filter((issue) => issue.title === subject)).toHaveLength(1);
  });

  it.each<{ name: string; headers: Record<string, string>; status: number }>([
    { name: 'no credentials', headers: { authorization: '' }, status: 401 },
    {
      name: 'wrong credentials',
      headers: { authorization: `Basic ${Buffer.from('mailjet:guess').toString('base64')}` },
      status: 401,
    },
    { name: 'a form post', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415 },
    { name: 'a raw message', headers: { 'content-type': 'message/rfc822' }, status: 415 },
  ])('refused before the body is read: $name ($status)', async ({ headers, status }) => {
    const before = await harness.bot.context.mail.mailStore.counts();
    const answer = await post(
      harness,
      mailjetPost({
        from: 'mallory@attacker.example',
        subject: 'Refused',
        messageId: 'refused@x.example',
        text: 'x',
      }),
      headers,
    );
    expect(answer.status).toBe(status);
    expect(((await answer.json()) as { error: string }).error).toBe(
      status === 401
        ? 'unauthorised: wrong or missing credentials'
        : `unsupported content type "${headers['content-type'] ?? ''}": Mailjet's Parse API posts application/json`,
    );
    expect(await harness.bot.context.mail.mailStore.counts()).toEqual(before);
  });

  const fix =
    "expected the JSON of Mailjet's Parse API (From, Subject, Headers, Parts, Text-part…); point the parse route's Url at /api/inbound/mailjet";
  it.each([
    { name: 'not JSON', body: 'Sender=a@b.example', error: `malformed JSON body: ${fix}` },
    { name: 'a JSON list', body: '[]', error: `not a JSON object: ${fix}` },
    {
      name: 'no From',
      body: JSON.stringify({ Subject: 'Hello', Headers: {}, Parts: [] }),
      error: `no "From" sender in the Mailjet post (fields found: Subject, Headers, Parts): ${fix}`,
    },
    {
      name: 'no Headers',
      body: JSON.stringify({ From: 'a@client.example', Parts: [] }),
      error: `no "Headers" object in the Mailjet post (fields found: From, Parts): ${fix}`,
    },
    {
      name: 'no Parts',
      body: JSON.stringify({ From: 'a@client.example', Headers: { To: 'support@cassiopee.example' } }),
      error: `no "Parts" list in the Mailjet post (fields found: From, Headers): ${fix}`,
    },
    {
      name: "another provider's JSON",
      body: JSON.stringify({ FromFull: { Email: 'a@client.example' }, TextBody: 'Hi' }),
      error: `no "From" sender in the Mailjet post (fields found: FromFull, TextBody): ${fix}`,
    },
  ])('a post without a message ($name) is a 400 that says what is missing', async ({ body, error }) => {
    const before = await harness.bot.context.mail.mailStore.counts();
    const answer = await post(harness, body);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ error });
    expect(await harness.bot.context.mail.mailStore.counts()).toEqual(before);
  });
});

describe('Mailjet Parse API without INBOUND_EMAIL_BASIC_AUTH', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });
  const body = JSON.stringify(
    mailjetPost({
      from: 'Gil Barros <gil.barros@client.example>',
      subject: 'Badge does not open the door',
      messageId: 'badge@client.example',
      text: 'My badge no longer opens the main door.',
    }),
  );

  it('a remote client is refused as on the raw endpoint, and nothing is stored', async () => {
    harness = await startHarness({ host: '::' });
    const answer = await requestFrom(harness.url, {
      path: '/api/inbound/mailjet',
      method: 'POST',
      localAddress: nonLoopbackAddress('IPv4'),
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '127.0.0.1' },
      body,
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text)).toEqual({
      error:
        "unauthorised: set INBOUND_EMAIL_BASIC_AUTH on the bot and send the same credentials; without them only a program on the bot's machine, connecting directly and not through a proxy, may post here",
    });
    expect(await harness.bot.context.mail.mailStore.counts()).toEqual({ queued: 0, done: 0, quarantined: 0 });
  });

  it('a program on this machine connecting directly is taken, as on the raw endpoint', async () => {
    harness = await startHarness({ host: '::' });
    const answer = await requestFrom(harness.url, {
      path: '/api/inbound/mailjet',
      method: 'POST',
      localAddress: '127.0.0.1',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(answer.status).toBe(200);
    const current = harness;
    await eventually(async () =>
      (await current.issues()).some((issue) => issue.title === 'Badge does not open the door'),
    );
  });
});

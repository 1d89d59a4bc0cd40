// A raw RFC 5322 message rebuilt from the parsed fields a provider posts as JSON (Postmark without
// `RawEmail`, Mailjet's Parse API): the original headers kept, Message-ID, In-Reply-To and References
// among them, so the rebuilt message threads and dedupes as the one that was sent. Pure.

import MailComposer from 'nodemailer/lib/mail-composer';

/** What a provider's JSON says of a message, in repodesk's terms. */
export interface ParsedMessageFields {
  from: string | { name: string; address: string };
  to: string;
  cc?: string;
  replyTo?: string;
  subject: string;
  date?: string;
  /** The message's headers as given; those the composer writes itself (From, Content-Type…) are dropped. */
  headers: { name: string; value: string }[];
  text?: string;
  html?: string;
  attachments: { filename: string; content: Buffer; contentType: string; contentId?: string }[];
}

const composedHeaders = new Set([
  'from',
  'to',
  'cc',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
]);

/** The raw message `fields` describe, its original Message-ID kept. */
export async function rebuildRawMessage(fields: ParsedMessageFields): Promise<Buffer> {
  const messageId = fields.headers.find((header) => header.name.toLowerCase() === 'message-id')?.value;
  const composer = new MailComposer({
    from: fields.from,
    to: fields.to,
    ...(fields.cc ? { cc: fields.cc } : {}),
    ...(fields.replyTo ? { replyTo: fields.replyTo } : {}),
    subject: fields.subject,
    ...(fields.date && !Number.isNaN(Date.parse(fields.date)) ? { date: new Date(fields.date) } : {}),
    ...(messageId ? { messageId } : {}),
    ...(fields.text ? { text: fields.text } : {}),
    ...(fields.html ? { html: fields.html } : {}),
    headers: fields.headers
      .filter((header) => header.name && !composedHeaders.has(header.name.toLowerCase()))
      .map((header) => ({ key: header.name, value: header.value })),
    attachments: fields.attachments.map((attachment) => ({
      filename: attachment.filename,
      content: attachment.content,
      contentType: attachment.contentType,
      ...(attachment.contentId ? { cid: attachment.contentId } : {}),
    })),
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}

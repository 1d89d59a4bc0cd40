// POST /api/inbound/mailjet: Mailjet's Parse API, which posts each message parsed as JSON, never raw, and
// signs nothing: the parse route's Url carries the INBOUND_EMAIL_BASIC_AUTH credentials
// (https://user:password@bot.example/api/inbound/mailjet). The message is rebuilt (rebuild-raw-message.ts)
// from `From`, `Subject`, `Headers` (one value or a list per name; Message-ID, In-Reply-To and References
// kept for threading), the `Text-part`/`Html-part` contents and the `AttachmentN` parts, base64 with their
// type and file name in `Parts[].Headers`. Mailjet hands the text parts over already decoded to UTF-8.

import { createHash } from 'node:crypto';
import { HttpError } from '../../../http/http-answer.ts';
import { checkBasicAuth } from './basic-auth.ts';
import { mediaType, type InboundProvider } from './inbound-provider.ts';
import { rebuildRawMessage, type ParsedMessageFields } from './rebuild-raw-message.ts';

type Header = ParsedMessageFields['headers'][number];

const expected =
  "expected the JSON of Mailjet's Parse API (From, Subject, Headers, Parts, Text-part…); point the parse route's Url at /api/inbound/mailjet";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `Headers` as name/value pairs, a list of values giving one header each; folding undone. */
function headerList(headers: Record<string, unknown>): Header[] {
  return Object.entries(headers).flatMap(([name, given]) =>
    (Array.isArray(given) ? given : [given])
      .filter((value): value is string => typeof value === 'string')
      .map((value) => ({ name, value: value.replace(/\s*[\r\n]+\s*/g, ' ').replace(/\t/g, ' ') })),
  );
}

function headerValue(headers: Header[], name: string): string | undefined {
  return headers.find((header) => header.name.toLowerCase() === name.toLowerCase())?.value;
}

/** A parameter of a Content-Type or Content-Disposition value (`filename*=utf-8''…` decoded). */
function parameter(value: string | undefined, name: string): string | undefined {
  const found = new RegExp(`;\\s*${name}(\\*)?\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value ?? '');
  const text = found?.[2] ?? found?.[3];
  if (text === undefined || !found?.[1]) return text;
  try {
    return decodeURIComponent(text.replace(/^[^']*'[^']*'/, ''));
  } catch {
    return text;
  }
}

function required(message: Record<string, unknown>, field: string, what: string, present: boolean): void {
  if (present) return;
  const found = Object.keys(message).slice(0, 12).join(', ') || 'none';
  throw new HttpError(400, {
    error: `no "${field}" ${what} in the Mailjet post (fields found: ${found}): ${expected}`,
  });
}

/** The fields of a Parse API post; 400 naming the first one missing. */
function parsedFields(body: Buffer): ParsedMessageFields {
  let message: unknown;
  try {
    message = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, { error: `malformed JSON body: ${expected}` });
  }
  if (!isObject(message)) throw new HttpError(400, { error: `not a JSON object: ${expected}` });
  const from = message.From;
  required(message, 'From', 'sender', typeof from === 'string' && from.trim() !== '');
  required(message, 'Headers', 'object', isObject(message.Headers));
  required(message, 'Parts', 'list', Array.isArray(message.Parts));
  const headers = headerList(message.Headers as Record<string, unknown>);
  // A retried post must dedupe even when the mail had no Message-ID: one derived from the post itself.
  if (headerValue(headers, 'message-id') === undefined)
    headers.push({
      name: 'Message-ID',
      value: `<mailjet-${createHash('sha256').update(body).digest('hex').slice(0, 32)}@repodesk.invalid>`,
    });
  const parts = (message.Parts as unknown[]).filter(isObject).map((part) => ({
    ref: typeof part.ContentRef === 'string' ? part.ContentRef : '',
    headers: headerList(isObject(part.Headers) ? part.Headers : {}),
  }));
  // Some clients send several HTML or text parts (`Html-part2`, an empty one first): the first with content.
  const content = (prefix: string) =>
    [...parts.map((part) => part.ref).filter((ref) => ref.startsWith(prefix)), prefix]
      .map((ref) => message[ref])
      .find((value): value is string => typeof value === 'string' && value.trim() !== '');
  const text = content('Text-part');
  const html = content('Html-part');
  const to = headerValue(headers, 'to') ?? (typeof message.Recipient === 'string' ? message.Recipient : '');
  const cc = headerValue(headers, 'cc');
  const replyTo = headerValue(headers, 'reply-to');
  const date = headerValue(headers, 'date');
  return {
    from: from as string,
    to,
    ...(cc ? { cc } : {}),
    ...(replyTo ? { replyTo } : {}),
    subject: typeof message.Subject === 'string' ? message.Subject : (headerValue(headers, 'subject') ?? ''),
    ...(date ? { date } : {}),
    headers,
    ...(text ? { text } : {}),
    ...(html ? { html } : {}),
    attachments: parts
      .filter((part) => /^Attachment\d+$/.test(part.ref) && typeof message[part.ref] === 'string')
      .map((part) => {
        const contentType = headerValue(part.headers, 'content-type');
        const contentId = headerValue(part.headers, 'content-id')?.replace(/[<>\s]/g, '');
        return {
          filename:
            parameter(headerValue(part.headers, 'content-disposition'), 'filename') ??
            parameter(contentType, 'name') ??
            part.ref,
          content: Buffer.from(message[part.ref] as string, 'base64'),
          contentType: contentType?.split(';')[0]?.trim() || 'application/octet-stream',
          ...(contentId ? { contentId } : {}),
        };
      }),
  };
}

export const mailjet: InboundProvider = {
  path: '/api/inbound/mailjet',
  authenticate(context, settings) {
    checkBasicAuth(context, settings, true);
    if (mediaType(context) !== 'application/json') {
      throw new HttpError(415, {
        error: `unsupported content type "${mediaType(context)}": Mailjet's Parse API posts application/json`,
      });
    }
  },
  async rawMessage(_context, body) {
    return rebuildRawMessage(parsedFields(body));
  },
};

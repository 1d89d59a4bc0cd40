// POST /api/inbound/postmark: Postmark's inbound webhook (JSON), basic auth. The raw message is its
// `RawEmail` ("Include raw email content in JSON payload", see postmark-raw-email.ts), else it is rebuilt
// from the parsed JSON.

import { HttpError } from '../../../http/http-answer.ts';
import { checkBasicAuth } from './basic-auth.ts';
import { mediaType, type InboundProvider } from './inbound-provider.ts';
import { postmarkRawEmail } from './postmark-raw-email.ts';
import { rebuildRawMessage } from './rebuild-raw-message.ts';

interface PostmarkAddress {
  Email?: string;
  Name?: string;
}

interface PostmarkInbound {
  RawEmail?: string;
  FromFull?: PostmarkAddress;
  From?: string;
  To?: string;
  Cc?: string;
  ReplyTo?: string;
  Subject?: string;
  Date?: string;
  TextBody?: string;
  HtmlBody?: string;
  Headers?: { Name?: string; Value?: string }[];
  Attachments?: { Name?: string; Content?: string; ContentType?: string; ContentID?: string }[];
}

/** Rebuilds a raw message from Postmark's parsed JSON, when the account does not include `RawEmail`. */
function rebuildPostmark(message: PostmarkInbound): Promise<Buffer> {
  return rebuildRawMessage({
    from: message.FromFull?.Email
      ? { name: message.FromFull.Name ?? '', address: message.FromFull.Email }
      : (message.From ?? ''),
    to: message.To ?? '',
    ...(message.Cc ? { cc: message.Cc } : {}),
    ...(message.ReplyTo ? { replyTo: message.ReplyTo } : {}),
    subject: message.Subject ?? '',
    ...(message.Date ? { date: message.Date } : {}),
    headers: (message.Headers ?? [])
      .filter((header) => header.Name && header.Value !== undefined)
      .map((header) => ({ name: header.Name ?? '', value: header.Value ?? '' })),
    ...(message.TextBody ? { text: message.TextBody } : {}),
    ...(message.HtmlBody ? { html: message.HtmlBody } : {}),
    attachments: (message.Attachments ?? []).map((attachment) => ({
      filename: attachment.Name ?? 'attachment',
      content: Buffer.from(attachment.Content ?? '', 'base64'),
      contentType: attachment.ContentType ?? 'application/octet-stream',
      ...(attachment.ContentID ? { contentId: attachment.ContentID } : {}),
    })),
  });
}

export const postmark: InboundProvider = {
  path: '/api/inbound/postmark',
  authenticate(context, settings) {
    checkBasicAuth(context, settings, false);
    if (mediaType(context) !== 'application/json') {
      throw new HttpError(415, { error: 'unsupported content type: Postmark posts application/json' });
    }
  },
  async rawMessage(_context, body) {
    let message: PostmarkInbound;
    try {
      message = JSON.parse(body.toString('utf8')) as PostmarkInbound;
    } catch {
      throw new HttpError(400, { error: 'malformed JSON body' });
    }
    if (message === null || typeof message !== 'object')
      throw new HttpError(400, { error: 'expected a Postmark inbound JSON object' });
    return typeof message.RawEmail === 'string' && message.RawEmail !== ''
      ? postmarkRawEmail(message.RawEmail)
      : rebuildPostmark(message);
  },
};

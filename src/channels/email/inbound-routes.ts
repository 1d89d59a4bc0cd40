// The inbound mail endpoints: one path for raw RFC 5322 (an MTA pipe or relay), and a thin authenticated
// adapter per provider that only extracts the raw message. Each answers 2xx only after the raw message is
// stored (acceptRawMessage), 503 when it cannot be stored (the provider retries), 401 for bad credentials,
// never 403/406 (providers stop retrying on those).

import { createHmac, timingSafeEqual } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { BotContext } from '../../context.ts';
import { HttpError, readBody, type HttpAnswer } from '../../http/http-answer.ts';
import type { RequestContext, Route } from '../../http/http-server.ts';

/** An inbound mail route, given the bot's context with each request. */
interface MailRoute extends Omit<Route, 'handle'> {
  handle(context: RequestContext, bot: BotContext): Promise<HttpAnswer>;
}
import { sameSecret } from '../../http/same-secret.ts';
import { acceptRawMessage, type InboundSource } from './accept-raw-message.ts';
import { processInboundJobKind, type ProcessInboundPayload } from './process-inbound-job.ts';
import { formFields } from './inbound/form-fields.ts';
import { postmarkRawEmail } from './inbound/postmark-raw-email.ts';

function unauthorised(detail: string): HttpError {
  return new HttpError(
    401,
    { error: `unauthorised: ${detail}` },
    { 'www-authenticate': 'Basic realm="repodesk inbound mail"' },
  );
}

/**
 * Basic auth when configured. Without it, only a program on this machine connecting directly (an MTA pipe,
 * the offline stack's mail catcher) may post raw mail: decided from the socket, never from X-Forwarded-For,
 * and never behind proxies (TRUST_PROXY), where every outside client arrives from a local address.
 */
function checkBasicAuth(
  context: RequestContext,
  bot: BotContext,
  allowSameMachineWithoutAuth: boolean,
): void {
  const expected = bot.mail.config.inboundBasicAuth;
  if (!expected) {
    if (allowSameMachineWithoutAuth && context.sameMachine) return;
    throw unauthorised(
      allowSameMachineWithoutAuth
        ? "set INBOUND_EMAIL_BASIC_AUTH on the bot and send the same credentials; without them only a program on the bot's machine, connecting directly and not through a proxy, may post here"
        : 'set INBOUND_EMAIL_BASIC_AUTH on the bot and the same credentials at the provider',
    );
  }
  const header = context.request.headers.authorization ?? '';
  const encoded = /^Basic\s+(\S+)$/i.exec(header)?.[1];
  const given = encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
  if (!sameSecret(given, `${expected.user}:${expected.password}`))
    throw unauthorised('wrong or missing credentials');
}

function bodyCap(bot: BotContext): number {
  // Twice the accepted size: a message somewhat over the limit is still stored, so its sender can be told.
  return bot.mail.config.parseLimits.maxBytes * 2 + 1024 * 1024;
}

function contentType(context: RequestContext): string {
  return (context.request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The fields of a provider's form post, as bytes (see form-fields.ts); 400 when the body is malformed. */
function fieldsOf(context: RequestContext, body: Buffer): Map<string, Uint8Array> {
  const fields = formFields(body, context.request.headers['content-type'] ?? '');
  if (!fields)
    throw new HttpError(400, {
      error: 'malformed form body: expected multipart/form-data or application/x-www-form-urlencoded',
    });
  return fields;
}

function store(context: RequestContext, bot: BotContext, raw: Uint8Array, source: InboundSource): HttpAnswer {
  const mail = bot.mail;
  const accepted = acceptRawMessage(
    {
      mailStore: mail.mailStore,
      enqueue: (mailId) => {
        const payload: ProcessInboundPayload = { mailId };
        bot.jobs.enqueue(processInboundJobKind, payload, context.now);
      },
      now: context.now,
    },
    raw,
    source,
  );
  bot.metrics.count('repodesk_mail_inbound_total', 'Inbound mail received, by source and outcome.', {
    source,
    outcome: accepted.duplicate ? 'duplicate' : 'accepted',
  });
  context.log.info(accepted.duplicate ? 'inbound mail already stored' : 'inbound mail stored', {
    mailId: accepted.id,
    source,
    bytes: raw.byteLength,
  });
  if (!accepted.duplicate) bot.wakeWorker();
  return { status: 200, json: { id: accepted.id, duplicate: accepted.duplicate } };
}

/** POST /api/inbound/email: a raw `message/rfc822` body. */
const rawRoute: MailRoute = {
  method: 'POST',
  path: '/api/inbound/email',
  async handle(context, bot) {
    checkBasicAuth(context, bot, true);
    if (contentType(context) !== 'message/rfc822') {
      throw new HttpError(415, {
        error: `unsupported content type "${contentType(context)}": send the raw message as message/rfc822`,
      });
    }
    const raw = await readBody(context.request, bodyCap(bot));
    if (raw.byteLength === 0)
      throw new HttpError(400, { error: 'empty body: expected a raw RFC 5322 message' });
    return store(context, bot, raw, 'rfc822');
  },
};

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

/** Rebuilds a raw message from Postmark's parsed JSON, when the account does not include `RawEmail`. */
export async function rebuildPostmark(message: PostmarkInbound): Promise<Buffer> {
  const headers = message.Headers ?? [];
  const messageId = headers.find((header) => header.Name?.toLowerCase() === 'message-id')?.Value;
  const extra = headers
    .filter(
      (header) =>
        header.Name && header.Value !== undefined && !composedHeaders.has(header.Name.toLowerCase()),
    )
    .map((header) => ({ key: header.Name ?? '', value: header.Value ?? '' }));
  const composer = new MailComposer({
    from: message.FromFull?.Email
      ? { name: message.FromFull.Name ?? '', address: message.FromFull.Email }
      : (message.From ?? ''),
    to: message.To ?? '',
    ...(message.Cc ? { cc: message.Cc } : {}),
    ...(message.ReplyTo ? { replyTo: message.ReplyTo } : {}),
    subject: message.Subject ?? '',
    ...(message.Date && !Number.isNaN(Date.parse(message.Date)) ? { date: new Date(message.Date) } : {}),
    ...(messageId ? { messageId } : {}),
    ...(message.TextBody ? { text: message.TextBody } : {}),
    ...(message.HtmlBody ? { html: message.HtmlBody } : {}),
    headers: extra,
    attachments: (message.Attachments ?? []).map((attachment) => ({
      filename: attachment.Name ?? 'attachment',
      content: Buffer.from(attachment.Content ?? '', 'base64'),
      contentType: attachment.ContentType ?? 'application/octet-stream',
      ...(attachment.ContentID ? { cid: attachment.ContentID } : {}),
    })),
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}

/** POST /api/inbound/postmark: Postmark's inbound webhook (JSON), basic auth. */
const postmarkRoute: MailRoute = {
  method: 'POST',
  path: '/api/inbound/postmark',
  async handle(context, bot) {
    checkBasicAuth(context, bot, false);
    if (contentType(context) !== 'application/json') {
      throw new HttpError(415, { error: 'unsupported content type: Postmark posts application/json' });
    }
    const body = await readBody(context.request, bodyCap(bot));
    let message: PostmarkInbound;
    try {
      message = JSON.parse(body.toString('utf8')) as PostmarkInbound;
    } catch {
      throw new HttpError(400, { error: 'malformed JSON body' });
    }
    if (message === null || typeof message !== 'object')
      throw new HttpError(400, { error: 'expected a Postmark inbound JSON object' });
    const raw =
      typeof message.RawEmail === 'string' && message.RawEmail !== ''
        ? postmarkRawEmail(message.RawEmail)
        : await rebuildPostmark(message);
    return store(context, bot, raw, 'postmark');
  },
};

async function sendgrid(context: RequestContext, bot: BotContext): Promise<HttpAnswer> {
  const secret = bot.mail.config.sendgridPathSecret;
  const given = context.params.secret;
  if (given !== undefined) {
    if (!secret || !sameSecret(given, secret)) throw unauthorised('wrong path secret');
  } else {
    checkBasicAuth(context, bot, false);
  }
  const body = await readBody(context.request, bodyCap(bot));
  // The raw message as the bytes SendGrid sent: an 8-bit ISO-8859-1 mail keeps its accents.
  const raw = fieldsOf(context, body).get('email');
  if (!raw || raw.byteLength === 0) {
    throw new HttpError(400, {
      error:
        'no "email" field: turn on "POST the raw, full MIME message" in the SendGrid Inbound Parse settings',
    });
  }
  return store(context, bot, raw, 'sendgrid');
}

/** POST /api/inbound/sendgrid (basic auth) and /api/inbound/sendgrid/:secret: SendGrid Inbound Parse, raw mode. */
const sendgridRoutes: MailRoute[] = [
  { method: 'POST', path: '/api/inbound/sendgrid', handle: sendgrid },
  { method: 'POST', path: '/api/inbound/sendgrid/:secret', handle: sendgrid },
];

/** Mailgun signs `timestamp + token` with the webhook signing key (HMAC-SHA256, hex). */
export function verifyMailgunSignature(
  signingKey: string,
  timestamp: string,
  token: string,
  signature: string,
  nowMs: number,
): 'ok' | 'bad-signature' | 'stale' {
  const expected = createHmac('sha256', signingKey)
    .update(timestamp + token)
    .digest('hex');
  const given = Buffer.from(signature.toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected)))
    return 'bad-signature';
  const seconds = Number(timestamp);
  if (!Number.isFinite(seconds) || Math.abs(nowMs / 1000 - seconds) > 15 * 60) return 'stale';
  return 'ok';
}

/** POST /api/inbound/mailgun: a Mailgun route forwarding with `body-mime`, signature checked. */
const mailgunRoute: MailRoute = {
  method: 'POST',
  path: '/api/inbound/mailgun',
  async handle(context, bot) {
    const key = bot.mail.config.mailgunSigningKey;
    if (!key) {
      throw unauthorised('set MAILGUN_SIGNING_KEY on the bot');
    }
    const body = await readBody(context.request, bodyCap(bot));
    const form = fieldsOf(context, body);
    const text = (name: string) => Buffer.from(form.get(name) ?? new Uint8Array()).toString('utf8');
    const verdict = verifyMailgunSignature(
      key,
      text('timestamp'),
      text('token'),
      text('signature'),
      context.now,
    );
    if (verdict !== 'ok')
      throw unauthorised(verdict === 'stale' ? 'timestamp older than 15 minutes' : 'bad signature');
    const raw = form.get('body-mime');
    if (!raw || raw.byteLength === 0)
      throw new HttpError(400, {
        error: 'no "body-mime" field: forward to a URL ending in "mime" in the Mailgun route',
      });
    return store(context, bot, raw, 'mailgun');
  },
};

/** Every inbound mail endpoint (one line in the bot's route list). */
export function inboundMailRoutes(bot: BotContext): Route[] {
  return [rawRoute, postmarkRoute, ...sendgridRoutes, mailgunRoute].map((route) => ({
    ...route,
    handle: (context: RequestContext) => route.handle(context, bot),
  }));
}

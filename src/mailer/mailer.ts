// The Mailer port and its SMTP adapter (nodemailer). A send either succeeds, or fails as transient
// (4xx, timeout, connection refused: the outbox retries with backoff, same Message-ID) or permanent
// (5xx: retrying cannot help; the outbox job is dead-lettered). A recipient the server refuses for good at
// RCPT TO (5xx, other than a 5.7.x policy refusal, which is the relay's configuration, not the address) is
// reported as undeliverable, whether the others were accepted or not: the ticket is marked for it.

import nodemailer from 'nodemailer';
import type { OutgoingMail } from '../mail/compose.ts';

export interface SendResult {
  accepted: string[];
  rejected: string[];
  /** Recipients refused for good (see above): mark them on the ticket, never write to them again. */
  undeliverable: string[];
  /** Without angle brackets; equal to the mail's own. */
  messageId: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): void;
}

/** A failed send; `transient` says whether a retry may succeed. */
export class MailerError extends Error {
  readonly code = 'mail-send-failed';
  readonly transient: boolean;
  readonly responseCode?: number;
  /** Recipients the server refused for good at RCPT TO. */
  readonly undeliverable: string[];
  constructor(
    message: string,
    options: { transient: boolean; responseCode?: number; undeliverable?: string[]; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = 'MailerError';
    this.transient = options.transient;
    this.undeliverable = options.undeliverable ?? [];
    if (options.responseCode !== undefined) this.responseCode = options.responseCode;
  }
}

interface RecipientError {
  recipient?: string;
  responseCode?: number;
  response?: string;
}

/** Recipients refused with a 5xx at RCPT TO, except policy refusals (5.7.x: relaying denied, auth required). */
function undeliverableOf(rejectedErrors: unknown): string[] {
  if (!Array.isArray(rejectedErrors)) return [];
  return (rejectedErrors as RecipientError[])
    .filter(
      (error) =>
        typeof error.recipient === 'string' &&
        typeof error.responseCode === 'number' &&
        error.responseCode >= 500 &&
        !/\b5\.7\.\d{1,3}\b/.test(error.response ?? ''),
    )
    .map((error) => String(error.recipient).toLowerCase());
}

function toMailerError(error: unknown): MailerError {
  const details = error as { responseCode?: number; code?: string; rejectedErrors?: unknown };
  const responseCode = typeof details.responseCode === 'number' ? details.responseCode : undefined;
  const transient = responseCode === undefined ? true : responseCode < 500;
  const reason =
    responseCode === undefined ? (details.code ?? 'connection failed') : `server answered ${responseCode}`;
  return new MailerError(`SMTP send failed: ${reason}`, {
    transient,
    ...(responseCode === undefined ? {} : { responseCode }),
    undeliverable: details.code === 'EENVELOPE' ? undeliverableOf(details.rejectedErrors) : [],
    cause: error,
  });
}

export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:port` or `smtps://…`. */
  url: string;
  /** Connection and greeting timeout. */
  timeoutMs?: number;
}

/** An SMTP mailer over nodemailer; one pooled connection reused between sends. */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const timeout = options.timeoutMs ?? 15_000;
  const url = new URL(options.url);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
    secure: url.protocol === 'smtps:',
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 2,
    // Local catchers and test sinks offer no certificate worth checking; real relays are reached by smtps.
    ignoreTLS: url.hostname === '127.0.0.1' || url.hostname === 'localhost',
  });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({
          messageId: `<${mail.messageId}>`,
          from: { name: mail.from.name, address: mail.from.address },
          to: mail.to,
          cc: mail.cc,
          replyTo: mail.replyTo,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          ...(mail.inReplyTo ? { inReplyTo: `<${mail.inReplyTo}>` } : {}),
          ...(mail.references.length > 0 ? { references: mail.references.map((id) => `<${id}>`) } : {}),
          headers: mail.headers,
          ...(mail.attachments
            ? {
                attachments: mail.attachments.map((file) => ({
                  filename: file.filename,
                  contentType: file.contentType,
                  content: Buffer.from(file.content),
                })),
              }
            : {}),
          disableFileAccess: true,
          disableUrlAccess: true,
        });
        const addresses = (list: unknown[]) =>
          list.map((entry) =>
            typeof entry === 'string' ? entry : String((entry as { address?: string }).address ?? ''),
          );
        return {
          accepted: addresses(info.accepted),
          rejected: addresses(info.rejected),
          undeliverable: undeliverableOf((info as { rejectedErrors?: unknown }).rejectedErrors),
          messageId: mail.messageId,
        };
      } catch (error) {
        throw toMailerError(error);
      }
    },
    close() {
      transport.close();
    },
  };
}

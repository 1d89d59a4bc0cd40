// Raw RFC 5322 → repodesk's own `ParsedMail`. Every limit is checked before the parser allocates much
// (size, part count) or by the parser itself (nesting depth, header size); a message that breaks one is a
// result, never an exception, so the worker keeps running and the raw bytes go to quarantine.

import PostalMime from 'postal-mime';
import type { Email } from 'postal-mime';
import { attachmentName } from './attachment-name.ts';
import { htmlToText } from './html-to-text.ts';
import { normaliseAddress, readAddresses, usableAddresses, type MailAddress } from './read-addresses.ts';
import { repairMime } from './repair-mime.ts';
import { stripHtmlQuote, stripReply } from './strip-reply.ts';

export type { MailAddress } from './read-addresses.ts';

/** Where the sender's address was read when the first From address was not usable. */
export interface SenderFallback {
  /** The header that gave it: a later address of From, then Reply-To, then Sender. */
  header: 'from' | 'reply-to' | 'sender';
  /** The From header as it reads (decoded), which gave no usable first address. */
  fromText: string;
}

export interface ParsedAttachment {
  /**
   * The name the sender gave, or one derived from its Content-ID or type (`image001.png`) when it gave
   * none; only ever shown (neutralised), never used on disk.
   */
  filename: string | null;
  /** The type the sender declared; never trusted (see attachments.ts). */
  declaredType: string;
  disposition: string | null;
  contentId?: string;
  content: Uint8Array;
}

/** A mail attached whole to another (forwarded as attachment), read like a message of its own. */
export interface AttachedMessage {
  from?: MailAddress;
  subject: string;
  /** ISO 8601 when its Date header parses. */
  date?: string;
  /** Its full text (text part, or the readable text of its HTML). */
  text: string;
}

/** A header as received; `key` lower-cased. Our own control headers sent by a customer are already dropped. */
export interface MailHeader {
  key: string;
  value: string;
}

export interface ParsedMail {
  /** Message-ID without angle brackets; undefined when the sender omitted it. */
  messageId?: string;
  inReplyTo?: string;
  /** References, oldest first, without angle brackets. */
  references: string[];
  /** The sender: the first usable address of From, else of Reply-To, else Sender; undefined when none is usable. */
  from?: MailAddress;
  /** Set when `from` is not the first From address: which header gave it. */
  senderFallback?: SenderFallback;
  /** The From header decoded, as written (`MAILER-DAEMON`, a name with no address…); '' when absent. */
  fromText: string;
  to: MailAddress[];
  cc: MailAddress[];
  replyTo: MailAddress[];
  /** Decoded subject, CR/LF removed. */
  subject: string;
  /** ISO 8601 when the Date header parses. */
  date?: string;
  /** Envelope sender from Return-Path: `''` for the null sender `<>`, undefined when absent. */
  returnPath?: string;
  /** Top-level Content-Type, lower-cased, without parameters. */
  contentType: string;
  /** Full text: the text part, or the readable text of the HTML part. */
  text: string;
  /** What the customer just wrote: quoted history and signature removed. */
  newText: string;
  /** The HTML part as received (never rendered by repodesk; kept for the original). */
  html?: string;
  /** Every attachment, those of attached messages included (after the message that holds them). */
  attachments: ParsedAttachment[];
  /** Mails attached whole (`message/rfc822`), nested ones flattened in order: what was forwarded. */
  attachedMessages: AttachedMessage[];
  headers: MailHeader[];
}

/** Why a message cannot be processed. `no-sender` is decided after the bounce check, by the inbound job. */
export type ParseFailureReason =
  'too-large' | 'too-many-parts' | 'too-deep' | 'headers-too-large' | 'no-sender' | 'unparseable';

export type ParseResult =
  { ok: true; mail: ParsedMail } | { ok: false; reason: ParseFailureReason; detail: string };

export interface ParseLimits {
  /** Largest raw message accepted, in bytes. */
  maxBytes: number;
  /** Most MIME parts in one message. */
  maxParts: number;
  /** Deepest MIME nesting. */
  maxDepth: number;
  /** Largest total header size, in bytes. */
  maxHeaderBytes: number;
}

export const defaultParseLimits: ParseLimits = {
  maxBytes: 25 * 1024 * 1024,
  maxParts: 500,
  maxDepth: 30,
  maxHeaderBytes: 1024 * 1024,
};

/** Headers a customer could send to pretend to be us or to steer the bot; they are dropped on input. */
const controlHeader = /^(x-repodesk-|x-helpdesk-)/;

/**
 * Counts the MIME parts by their boundary lines, without decoding anything: a message with 100,000
 * parts is refused before the parser builds a tree for it.
 */
function countMimeParts(raw: Uint8Array, stopAfter: number): number {
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  const boundaries = new Set<string>();
  for (const found of text.matchAll(/boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))/gi)) {
    boundaries.add((found[1] ?? found[2] ?? '').trim());
  }
  if (boundaries.size === 0) return 1;
  let parts = 1;
  for (const line of text.matchAll(/^--([^\r\n]{1,204})/gm)) {
    const body = (line[1] ?? '').replace(/\s+$/, '');
    if (boundaries.has(body)) {
      parts += 1;
      if (parts > stopAfter) return parts;
    }
  }
  return parts;
}

function messageIds(value: string | undefined): string[] {
  if (!value) return [];
  const ids = [...value.matchAll(/<([^<>\s]{1,500})>/g)].map((found) => found[1] ?? '');
  if (ids.length > 0) return ids;
  const bare = value.trim();
  return bare === '' || /\s/.test(bare) ? [] : [bare];
}

function returnPathOf(email: Email): string | undefined {
  const header = email.headers.find((entry) => entry.key === 'return-path');
  if (!header) return undefined;
  const value = header.value.trim();
  if (value === '<>' || value === '') return '';
  return normaliseAddress(email.returnPath ?? value) || value.replace(/[<>]/g, '').trim().toLowerCase();
}

function failureFromError(error: unknown): { reason: ParseFailureReason; detail: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (/nesting depth/i.test(message)) return { reason: 'too-deep', detail: message };
  if (/header/i.test(message) && /size|exceed/i.test(message))
    return { reason: 'headers-too-large', detail: message };
  return { reason: 'unparseable', detail: message };
}

function headerValueOf(email: Email, key: string): string | undefined {
  return email.headers.find((header) => header.key === key)?.value;
}

/** The sender, falling back in order to a later From address, Reply-To, then Sender. */
function senderOf(email: Email): Pick<ParsedMail, 'from' | 'senderFallback' | 'fromText'> {
  const fromAddresses = readAddresses(headerValueOf(email, 'from'));
  const fromText = fromAddresses
    .map((entry) =>
      entry.name && entry.address ? `${entry.name} <${entry.address}>` : entry.name || entry.address,
    )
    .join(', ')
    .slice(0, 500);
  const ordered: { header: SenderFallback['header']; entry: MailAddress; position: number }[] = [
    ...fromAddresses.map((entry, position) => ({ header: 'from' as const, entry, position })),
    ...usableAddresses(headerValueOf(email, 'reply-to')).map((entry, position) => ({
      header: 'reply-to' as const,
      entry,
      position,
    })),
    ...usableAddresses(headerValueOf(email, 'sender')).map((entry, position) => ({
      header: 'sender' as const,
      entry,
      position,
    })),
  ];
  const found = ordered.find((candidate) => candidate.entry.address !== '');
  if (!found) return { fromText };
  const from = { name: found.entry.name, address: found.entry.address };
  return found.header === 'from' && found.position === 0
    ? { from, fromText }
    : { from, senderFallback: { header: found.header, fromText }, fromText };
}

/** Whether the visible text of an HTML part is already in the plain text, whitespace aside. */
function saysTheSame(plain: string, html: Uint8Array): boolean {
  const squeeze = (text: string) => text.replace(/\s+/g, ' ').trim();
  const shown = squeeze(htmlToText(new TextDecoder().decode(html)));
  return shown === '' || squeeze(plain).includes(shown);
}

/** How deep attached messages are read (a forward of a forward of a forward); deeper ones stay files. */
const maxAttachedDepth = 3;

/** Parses one raw message under `limits`. Never throws for bad input. `depth` counts attached messages. */
export async function parseMessage(
  raw: Uint8Array,
  limits: ParseLimits = defaultParseLimits,
  depth = 0,
): Promise<ParseResult> {
  if (raw.byteLength > limits.maxBytes) {
    return {
      ok: false,
      reason: 'too-large',
      detail: `message is ${raw.byteLength} bytes; the limit is ${limits.maxBytes} bytes`,
    };
  }
  const parts = countMimeParts(raw, limits.maxParts);
  if (parts > limits.maxParts) {
    return {
      ok: false,
      reason: 'too-many-parts',
      detail: `message has more than ${limits.maxParts} MIME parts`,
    };
  }
  const repaired = await repairMime(raw);
  let email: Email;
  try {
    email = await PostalMime.parse(repaired.raw, {
      attachmentEncoding: 'arraybuffer',
      maxNestingDepth: limits.maxDepth,
      maxHeadersSize: limits.maxHeaderBytes,
      maxRfc822NestingDepth: 3,
    });
  } catch (error) {
    return { ok: false, ...failureFromError(error) };
  }
  const sender = senderOf(email);
  const html = email.html ?? undefined;
  const plain = email.text ?? '';
  let text = plain;
  let newText: string;
  if (plain.trim() !== '') {
    newText = stripReply(plain).text;
  } else if (html) {
    text = htmlToText(html);
    newText = stripReply(htmlToText(stripHtmlQuote(html).html)).text;
  } else {
    newText = '';
  }
  const headers = email.headers
    .filter((header) => !controlHeader.test(header.key))
    .map((header) => ({ key: header.key, value: header.value }));
  const contentTypeHeader =
    email.headers.find((header) => header.key === 'content-type')?.value ?? 'text/plain';
  const date =
    email.date && !Number.isNaN(Date.parse(email.date)) ? new Date(email.date).toISOString() : undefined;
  const mail: ParsedMail = {
    messageId: messageIds(email.messageId)[0],
    inReplyTo: messageIds(email.inReplyTo)[0],
    references: messageIds(email.references),
    ...sender,
    to: usableAddresses(headerValueOf(email, 'to')),
    cc: usableAddresses(headerValueOf(email, 'cc')),
    replyTo: usableAddresses(headerValueOf(email, 'reply-to')),
    subject: (email.subject ?? '').replace(/[\r\n]+/g, ' ').trim(),
    date,
    returnPath: returnPathOf(email),
    contentType: (contentTypeHeader.split(';')[0] ?? '').trim().toLowerCase(),
    text,
    newText,
    html,
    attachments: [
      ...email.attachments.map((attachment, index) => ({
        filename: attachmentName(attachment.filename, attachment.contentId, attachment.mimeType, index),
        declaredType: attachment.mimeType,
        disposition: attachment.disposition,
        ...(attachment.contentId ? { contentId: attachment.contentId } : {}),
        content:
          typeof attachment.content === 'string'
            ? new TextEncoder().encode(attachment.content)
            : new Uint8Array(attachment.content as ArrayBuffer),
      })),
      // An HTML alternative nobody reads (the plain text is) is kept as a file, not dropped, unless the
      // plain text already says what it shows (Apple Mail splits its HTML around inline images).
      ...repaired.extraHtml
        .filter((file) => !saysTheSame(plain, file.content))
        .map((file) => ({
          filename: file.filename,
          declaredType: 'text/html',
          disposition: 'attachment',
          content: file.content,
        })),
    ],
    attachedMessages: [],
    headers,
  };
  if (depth < maxAttachedDepth) await readAttachedMessages(mail, limits, depth);
  return { ok: true, mail };
}

/**
 * A mail forwarded as an attachment is the customer's request as much as the mail around it: its text
 * is read, and its own files join the message's attachments. The `.eml` itself stays an attachment (the
 * whole original for agents). One that does not parse stays only a file.
 */
async function readAttachedMessages(mail: ParsedMail, limits: ParseLimits, depth: number): Promise<void> {
  const inner: ParsedAttachment[] = [];
  for (const attachment of mail.attachments) {
    if (attachment.declaredType.toLowerCase() !== 'message/rfc822') continue;
    const attached = await parseMessage(attachment.content, limits, depth + 1);
    if (!attached.ok) continue;
    const { from, subject, date, text } = attached.mail;
    mail.attachedMessages.push(
      { ...(from ? { from } : {}), subject, ...(date ? { date } : {}), text },
      ...attached.mail.attachedMessages,
    );
    inner.push(...attached.mail.attachments);
  }
  mail.attachments.push(...inner);
}

/** The value of the first header named `key` (lower-case), if any. */
export function headerValue(mail: Pick<ParsedMail, 'headers'>, key: string): string | undefined {
  return mail.headers.find((header) => header.key === key)?.value;
}

// Decides whether a message came from a robot (auto-responder, mailing list, bounce, ourselves) so that
// repodesk never acknowledges it or answers it automatically: two robots answering each other is how
// helpdesks flood mailboxes. Pure: the per-sender count comes from the store, passed in.

import type { MailHeader, ParsedMail } from './parse-message.ts';

export interface RobotCheckSettings {
  /** Our support address (desk.mail.address). */
  address: string;
  /** The value of our own X-Loop header. */
  loopId: string;
}

export type RobotReason =
  | 'auto-submitted'
  | 'precedence'
  | 'x-loop'
  | 'our-loop'
  | 'list'
  | 'delivery-report'
  | 'null-return-path'
  | 'robot-sender'
  | 'our-address'
  | 'auto-response-headers'
  | 'auto-reply-subject'
  | 'bounce-text';

export interface Bounce {
  /** Addresses the report says could not be reached. */
  failedRecipients: string[];
  /** Message-ID of the mail that bounced, when the report includes its headers. */
  originalMessageId?: string;
  /** The text of the report (plain-text bounces), where the bounced mail's headers or subject are quoted. */
  text?: string;
}

export interface RobotCheck {
  /** True when the message must get no acknowledgement and no automatic reply. */
  automated: boolean;
  reasons: RobotReason[];
  /**
   * True for an automatic reply (out of office, vacation, an auto-responder): not the customer answering,
   * so on a ticket it is an internal note that moves nothing.
   */
  autoReply: boolean;
  /** Set when the message is a delivery failure report. */
  bounce?: Bounce;
}

type RobotInput = Pick<
  ParsedMail,
  'headers' | 'from' | 'fromText' | 'returnPath' | 'contentType' | 'attachments' | 'subject' | 'text'
>;

/** Reasons that make a message an automatic reply rather than a list or a loop. */
const autoReplyReasons: ReadonlySet<RobotReason> = new Set([
  'auto-submitted',
  'auto-response-headers',
  'auto-reply-subject',
]);

/**
 * Subjects auto-responders write (never a bare "Absence :", which an employee writes to HR), in the languages of Outlook, Exchange, Gmail and the usual webmails
 * (`Automatic reply:`, `Réponse automatique :`, `Out of Office:`, `Automatische Antwort:` …), for those
 * that send no header saying so.
 */
const autoReplySubject =
  /^\s*(automatic reply|auto[- ]?reply|auto[- ]?response|autoresponder|out of (the )?office( reply)?|r[ée]ponse automatique|r[ée]ponse d'absence|absence du bureau|auto-r[ée]ponse|automatische antwort|abwesenheitsnotiz|risposta automatica|fuori sede|respuesta autom[áa]tica|fuera de la oficina|automatisch antwoord|afwezig|resposta autom[áa]tica|autosvar|automaattinen vastaus|automatyczna odpowied[źz]|automatick[áa] odpov[ěe]d[ďd])\s*[:：]/iu;

/** A mail delivery robot's name, for bounces whose From has no address at all (`From: MAILER-DAEMON`). */
const bounceSenderName =
  /\b(mailer[- ]daemon|mail delivery (system|subsystem|service)|postmaster|mail administrator)\b/i;

const bounceSubject =
  /(undeliver|undelivered mail|returned mail|delivery status notification \((failure|delay)\)|delivery (status notification|failure|failed|has failed)|mail delivery failed|failure notice|non[- ]?remis|non distribu|[ée]chec de (la )?(remise|distribution)|unzustellbar|nicht zustellbar|message not delivered|could not be delivered|returned to sender)/i;

const bounceText =
  /(could not be delivered|couldn'?t be delivered|delivery has failed|permanent(ly)? (error|fatal)|was not delivered|following address(es)?( had permanent fatal errors| failed)|I'm sorry to have to inform you|qmail-send program|unable to deliver|delivery to the following recipient(s)? failed|did not reach (some or all of )?the intended recipient|n'a pas pu [êe]tre (remis|distribu)|ne peut pas [êe]tre remis|konnte nicht zugestellt|Your message wasn'?t delivered)/i;

const robotLocalPart =
  /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|auto-?reply|notifications?)([+-].*)?$/i;

function values(headers: MailHeader[], key: string): string[] {
  return headers.filter((header) => header.key === key).map((header) => header.value.trim());
}

function decode(content: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(content);
}

/** Reads a DSN's machine-readable part: which recipients failed, and the original Message-ID. */
function readBounce(mail: Pick<ParsedMail, 'attachments'>): Bounce | undefined {
  const status = mail.attachments.find(
    (attachment) => attachment.declaredType.toLowerCase() === 'message/delivery-status',
  );
  if (!status) return undefined;
  const failedRecipients: string[] = [];
  // Per-recipient fields come in blocks separated by blank lines, after the per-message block.
  for (const block of decode(status.content)
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)) {
    const recipient = /^final-recipient\s*:\s*[^;\n]*;\s*<?([^\s>]+@[^\s>]+)>?/im.exec(block)?.[1];
    const action = /^action\s*:\s*(\S+)/im.exec(block)?.[1]?.toLowerCase();
    if (recipient && action === 'failed') failedRecipients.push(recipient.toLowerCase());
  }
  const original = mail.attachments.find((attachment) =>
    /^(text\/rfc822-headers|message\/rfc822)$/i.test(attachment.declaredType),
  );
  const originalMessageId = original
    ? /^message-id\s*:\s*<([^>\s]+)>/im.exec(decode(original.content))?.[1]
    : undefined;
  return originalMessageId === undefined ? { failedRecipients } : { failedRecipients, originalMessageId };
}

/** An address a bounce text names as failed (`<user@x>:`, `user@x (user@x)`, `'user@x' on …`), lower case. */
function cleanAddress(text: string): string {
  return text.replace(/^[<'"]+|[>'":.,;]+$/g, '').toLowerCase();
}

const address = String.raw`[^\s<>'"():;,@]+@[^\s<>'"():;,@]+\.[a-z0-9-]+`;

/** The recipients a plain-text bounce says failed, in the shapes of Postfix, qmail, Exim, Sendmail and Exchange. */
function failedInText(text: string): string[] {
  const found: string[] = [];
  const add = (value: string | undefined) => {
    const clean = value === undefined ? '' : cleanAddress(value);
    if (clean.includes('@') && !found.includes(clean)) found.push(clean);
  };
  // Only the report itself: the copy of the bounced mail below it names other addresses.
  const report =
    text.split(
      /^(-{2,}.*(copy of|original message|below this line|returned message|headers? of the).*|.*original message (headers|follows).*|Original message headers:|Received: from .*)$/im,
    )[0] ?? text;
  // Postfix and qmail: `<user@x>: host … said:` at the start of a line.
  for (const line of report.matchAll(new RegExp(`^\\s*<(${address})>:`, 'gim'))) add(line[1]);
  // DSN fields copied into the text.
  for (const line of report.matchAll(
    new RegExp(`^\\s*(?:final|original)-recipient:\\s*rfc822;\\s*<?(${address})`, 'gim'),
  ))
    add(line[1]);
  // Exim, Sendmail, Exchange: the addresses listed under their heading.
  const heading =
    /(following address(es)? failed:|addresses had permanent fatal errors|delivery has failed to these recipients or groups:|following recipient\(s\) (cannot be reached|could not be reached):|your message wasn'?t delivered to|could not be delivered to:?|delivery to the following recipient(s)? failed( permanently)?:|n'a pas pu être remis (aux|au) destinataires? suivants?\s*:)/i.exec(
      report,
    );
  if (heading) {
    const after = report.slice(heading.index + heading[0].length).split(/\n\s*\n\s*\n/)[0] ?? '';
    for (const line of after.split('\n').slice(0, 40)) {
      const listed = new RegExp(`^\\s*['"<]?(${address})`, 'i').exec(line)?.[1];
      if (listed) add(listed);
    }
    if (found.length === 0) add(new RegExp(address, 'i').exec(after)?.[0]);
  }
  return found;
}

/**
 * A bounce sent as plain text (or as a multipart/mixed with the original attached) by an MTA that does
 * not write DSNs: from a mail delivery robot (null Return-Path, mailer-daemon or postmaster, with or
 * without an address), saying in its subject or text that delivery failed.
 */
function readPlainBounce(mail: RobotInput): Bounce | undefined {
  const local = (mail.from?.address ?? '').split('@')[0] ?? '';
  const fromRobot =
    mail.returnPath === '' ||
    /^(mailer-daemon|postmaster|mail-?daemon)$/i.test(local) ||
    bounceSenderName.test(mail.fromText);
  if (!fromRobot) return undefined;
  if (!bounceSubject.test(mail.subject) && !bounceText.test(mail.text)) return undefined;
  const attachedOriginal = mail.attachments
    .filter((attachment) => /^(text\/rfc822-headers|message\/rfc822)$/i.test(attachment.declaredType))
    .map((attachment) => decode(attachment.content))
    .join('\n');
  const quoted = `${mail.text}\n${attachedOriginal}`;
  const originalMessageId = /^\s*message-id\s*:\s*<([^>\s]+)>/im.exec(quoted)?.[1];
  const bounce: Bounce = { failedRecipients: failedInText(mail.text), text: quoted.slice(0, 200_000) };
  if (originalMessageId !== undefined) bounce.originalMessageId = originalMessageId;
  return bounce;
}

/** Classifies a parsed message: robot or person, and the bounce it reports if any. */
export function robotCheck(mail: RobotInput, settings: RobotCheckSettings): RobotCheck {
  const reasons: RobotReason[] = [];
  const headers = mail.headers;
  const autoSubmitted = values(headers, 'auto-submitted');
  if (autoSubmitted.some((value) => (value.split(';')[0] ?? '').trim().toLowerCase() !== 'no'))
    reasons.push('auto-submitted');
  if (values(headers, 'precedence').some((value) => /^(bulk|list|junk|auto_reply)$/i.test(value)))
    reasons.push('precedence');
  // Any X-Loop means a robot already handled this mail: answering it is how loops start. Ours means it
  // is our own mail coming back.
  const loops = values(headers, 'x-loop');
  if (loops.length > 0) reasons.push('x-loop');
  if (loops.some((value) => value.replace(/[<>\s]/g, '').toLowerCase() === settings.loopId.toLowerCase()))
    reasons.push('our-loop');
  if (
    headers.some(
      (header) => header.key === 'list-id' || header.key === 'list-unsubscribe' || header.key === 'list-post',
    )
  ) {
    reasons.push('list');
  }
  if (
    headers.some((header) =>
      ['x-autoreply', 'x-autorespond', 'x-autoresponder', 'x-auto-reply', 'auto-reply'].includes(header.key),
    ) ||
    values(headers, 'precedence').some((value) => /^auto_reply$/i.test(value)) ||
    // Exchange writes it on the automatic mail it sends; DR, RN and NRN alone only refuse receipts.
    values(headers, 'x-auto-response-suppress').some((value) =>
      value.split(/[\s,]+/).some((token) => token !== '' && !/^(dr|rn|nrn)$/i.test(token)),
    )
  ) {
    reasons.push('auto-response-headers');
  }
  if (autoReplySubject.test(mail.subject)) reasons.push('auto-reply-subject');
  if (mail.contentType === 'multipart/report') reasons.push('delivery-report');
  if (mail.returnPath === '') reasons.push('null-return-path');
  const sender = mail.from?.address ?? '';
  if (isRobotSender(sender) || (sender === '' && bounceSenderName.test(mail.fromText)))
    reasons.push('robot-sender');
  if (isOurAddress(sender, settings.address)) reasons.push('our-address');
  let bounce = mail.contentType === 'multipart/report' ? readBounce(mail) : undefined;
  if (!bounce) {
    bounce = readPlainBounce(mail);
    if (bounce) reasons.push('bounce-text');
  }
  const autoReply = !bounce && reasons.some((reason) => autoReplyReasons.has(reason));
  return bounce
    ? { automated: true, reasons, autoReply, bounce }
    : { automated: reasons.length > 0, reasons, autoReply };
}

/** Whether `address` is a robot's by its name (mailer-daemon, postmaster, noreply, notifications…). */
function isRobotSender(address: string): boolean {
  return robotLocalPart.test(address.split('@')[0] ?? '');
}

/** Whether `address` is our support address or one of its plus-addresses (`support+token@…`), whole addresses compared. */
export function isOurAddress(address: string, ours: string): boolean {
  const [local = '', domain = ''] = address.toLowerCase().split('@');
  const [ourLocal = '', ourDomain = ''] = ours.toLowerCase().split('@');
  return domain === ourDomain && (local === ourLocal || local.startsWith(`${ourLocal}+`));
}

/** Whether one more automatic mail may go to an address that already got `sentInWindow` in the last hour. */
export function mayAutoReply(sentInWindow: number, limitPerHour: number): boolean {
  return sentInWindow < limitPerHour;
}

/** Whether the address a form gave is a robot's or ours: no automatic mail goes there (a loop, or nobody). */
export function formAddressIsRobot(address: string, ours: string): boolean {
  return isRobotSender(address) || isOurAddress(address, ours);
}

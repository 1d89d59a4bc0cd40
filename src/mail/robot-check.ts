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
  | 'auto-response-headers';

export interface Bounce {
  /** Addresses the report says could not be reached. */
  failedRecipients: string[];
  /** Message-ID of the mail that bounced, when the report includes its headers. */
  originalMessageId?: string;
}

export interface RobotCheck {
  /** True when the message must get no acknowledgement and no automatic reply. */
  automated: boolean;
  reasons: RobotReason[];
  /** Set when the message is a delivery failure report. */
  bounce?: Bounce;
}

type RobotInput = Pick<ParsedMail, 'headers' | 'from' | 'returnPath' | 'contentType' | 'attachments'>;

const robotLocalPart =
  /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|auto-?reply|notifications?)([+-].*)?$/i;

function values(headers: MailHeader[], key: string): string[] {
  return headers.filter((header) => header.key === key).map((header) => header.value.trim());
}

function decode(content: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(content);
}

/** Reads a DSN's machine-readable part: which recipients failed, and the original Message-ID. */
export function readBounce(mail: Pick<ParsedMail, 'attachments'>): Bounce | undefined {
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
    headers.some((header) => header.key === 'x-autoreply' || header.key === 'x-autorespond') ||
    values(headers, 'x-auto-response-suppress').some((value) => /\b(all|oof|autoreply)\b/i.test(value))
  ) {
    reasons.push('auto-response-headers');
  }
  if (mail.contentType === 'multipart/report') reasons.push('delivery-report');
  if (mail.returnPath === '') reasons.push('null-return-path');
  const sender = mail.from?.address ?? '';
  if (isRobotSender(sender)) reasons.push('robot-sender');
  if (isOurAddress(sender, settings.address)) reasons.push('our-address');
  const bounce = mail.contentType === 'multipart/report' ? readBounce(mail) : undefined;
  return bounce
    ? { automated: reasons.length > 0, reasons, bounce }
    : { automated: reasons.length > 0, reasons };
}

/** Whether `address` is a robot's by its name (mailer-daemon, postmaster, noreply, notifications…). */
export function isRobotSender(address: string): boolean {
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

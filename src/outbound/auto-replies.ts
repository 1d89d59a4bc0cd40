// The automatic replies routing names (`then.reply`). Once a ticket's issue exists, each canned reply is
// decided in the transaction that records the issue: only to a requester with an address who is not a
// robot, whose address did not bounce, within the hourly cap of automatic mail. A decided reply is posted
// on the issue as a public notice (what agents and the status page see, the status link and, unless
// privacy.emailInIssue, the address held back) by the `mail-auto-reply` job; the notice handler
// (agent-reply-handler.ts) mails it, filled with the real values, once per ticket and reply id.

import { neutraliseLine } from '../intake/neutralise.ts';
import type { Logger } from '../config/logger.ts';
import type { BotContext } from '../context.ts';
import { publicNoticeMarker } from '../tickets/comment-kind.ts';
import { pickTemplate } from '../rules/email-templates.ts';
import { takeAutomaticSlot } from './automatic-mail.ts';
import { fillCannedReply, ticketVariables, type TicketRecipients } from './canned-reply.ts';

export const autoReplyJobKind = 'mail-auto-reply';

export interface AutoReplyPayload {
  ref: string;
  /** The canned reply id (rules/replies/<id>.<lang>.md). */
  reply: string;
}

const markerPattern = /<!-- repodesk:auto-reply ref=(RD-[0-9A-Z]{4}-[0-9A-Z]{4}) reply=([a-z0-9._-]+) -->/;

/** The hidden marker of the automatic reply `reply` on ticket `ref`: the "ensure" key of its comment. */
export function autoReplyMarker(ref: string, reply: string): string {
  return `<!-- repodesk:auto-reply ref=${ref} reply=${reply} -->`;
}

/** The ticket and reply an automatic reply's comment names, or undefined for any other comment. */
export function readAutoReplyMarker(body: string): AutoReplyPayload | undefined {
  const found = markerPattern.exec(body);
  return found ? { ref: found[1] ?? '', reply: found[2] ?? '' } : undefined;
}

/**
 * Queues the automatic replies `replies` of a new ticket that may be mailed, and logs why any other is not
 * (call inside the transaction that records the ticket's issue: the cap and the job are stored together).
 */
export function queueAutoReplies(
  bot: BotContext,
  ticket: {
    ref: string;
    lang: string;
    /** The requester's address; empty when the ticket has none. */
    address: string;
    /** The requester is a robot (robot-check). */
    automated: boolean;
    replies: readonly string[];
    now: number;
    log: Logger;
  },
): void {
  if (ticket.replies.length === 0) return;
  const rules = bot.rules.current;
  const skip = (reply: string, reason: string) =>
    ticket.log.info('automatic reply not sent', { ref: ticket.ref, reply, reason });
  for (const reply of ticket.replies) {
    if (ticket.address === '') {
      skip(reply, 'the ticket has no requester address');
      continue;
    }
    if (!rules.replies[reply]) {
      skip(reply, 'no such canned reply in rules/replies any more');
      continue;
    }
    if (!pickTemplate(bot.rules.emails, 'auto-reply', ticket.lang, rules.desk.languages)) {
      ticket.log.error('automatic reply not sent: no rules/emails/auto-reply.<lang>.md template', {
        ref: ticket.ref,
        reply,
      });
      continue;
    }
    const refused = takeAutomaticSlot(bot, {
      address: ticket.address,
      automated: ticket.automated,
      ref: ticket.ref,
      now: ticket.now,
    });
    if (refused !== undefined) {
      skip(reply, refused);
      continue;
    }
    const payload: AutoReplyPayload = { ref: ticket.ref, reply };
    bot.jobs.enqueue(autoReplyJobKind, payload, ticket.now);
  }
  bot.wakeWorker();
}

const heldBack = {
  fr: { statusUrl: '[lien de suivi personnel, envoyé par courriel]' },
  en: { statusUrl: '[personal follow-up link, sent by email]' },
};

/** `address` with its local part hidden: `m…@example.org`. */
function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  return at <= 0 ? '…' : `${[...address][0] ?? ''}…${address.slice(at)}`;
}

/**
 * The comment that records an automatic reply on its issue: the canned reply filled as the customer reads
 * it, customer text neutralised, the status link (a credential) and, unless privacy.emailInIssue allows
 * it, the address held back. Undefined when the canned reply no longer exists.
 */
export function autoReplyComment(
  bot: BotContext,
  ticket: { ref: string; reply: string; recipients: TicketRecipients; issueTitle: string },
): string | undefined {
  const rules = bot.rules.current;
  const values = ticketVariables(bot, { ...ticket, status: 'new' });
  const words = ticket.recipients.lang === 'fr' ? heldBack.fr : heldBack.en;
  const filled = fillCannedReply(rules, ticket.reply, ticket.recipients.lang, {
    ...values,
    'requester.name': neutraliseLine(values['requester.name'] ?? '', 100),
    'requester.firstName': neutraliseLine(values['requester.firstName'] ?? '', 100),
    'requester.email': neutraliseLine(
      rules.desk.privacy.emailInIssue ? ticket.recipients.to : maskAddress(ticket.recipients.to),
      254,
    ),
    'ticket.title': neutraliseLine(values['ticket.title'] ?? '', 200),
    'ticket.statusUrl': words.statusUrl,
  });
  if (!filled) return undefined;
  return `${publicNoticeMarker}\n${autoReplyMarker(ticket.ref, ticket.reply)}\n${filled.text}`;
}

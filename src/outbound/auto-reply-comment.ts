// The comment that records an automatic reply on its ticket's issue, and its hidden marker: what the
// `mail-auto-reply` job posts (and looks for before posting again), what the notice handler reads back to
// mail the reply once per ticket and reply id.

import type { BotContext } from '../context.ts';
import { neutraliseLine } from '../intake/neutralise.ts';
import { fillCannedReply } from '../mail/canned-reply.ts';
import { messagesFor } from '../messages/index.ts';
import { publicNoticeMarker } from '../tickets/comment-kind.ts';
import type { TicketRecipients } from '../tickets/requester.ts';
import { ticketVariables } from './ticket-variables.ts';

const markerPattern = /<!-- repodesk:auto-reply ref=(RD-[0-9A-Z]{4}-[0-9A-Z]{4}) reply=([a-z0-9._-]+) -->/;

/** The hidden marker of the automatic reply `reply` on ticket `ref`: the "ensure" key of its comment. */
export function autoReplyMarker(ref: string, reply: string): string {
  return `<!-- repodesk:auto-reply ref=${ref} reply=${reply} -->`;
}

/** The ticket and reply an automatic reply's comment names, or undefined for any other comment. */
export function readAutoReplyMarker(body: string): { ref: string; reply: string } | undefined {
  const found = markerPattern.exec(body);
  return found ? { ref: found[1] ?? '', reply: found[2] ?? '' } : undefined;
}

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
  const filled = fillCannedReply(rules, ticket.reply, ticket.recipients.lang, {
    ...values,
    'requester.name': neutraliseLine(values['requester.name'] ?? '', 100),
    'requester.firstName': neutraliseLine(values['requester.firstName'] ?? '', 100),
    'requester.email': neutraliseLine(
      rules.desk.privacy.emailInIssue ? ticket.recipients.to : maskAddress(ticket.recipients.to),
      254,
    ),
    'ticket.title': neutraliseLine(values['ticket.title'] ?? '', 200),
    'ticket.statusUrl': messagesFor(ticket.recipients.lang).autoReplyComment.statusUrl,
  });
  if (!filled) return undefined;
  return `${publicNoticeMarker}\n${autoReplyMarker(ticket.ref, ticket.reply)}\n${filled.text}`;
}

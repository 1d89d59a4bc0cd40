// The automatic replies routing names (`then.reply`). Once a ticket's issue exists, each canned reply is
// decided in the transaction that records the issue: only to a requester with an address who is not a
// robot, whose address did not bounce, within the hourly cap of automatic mail. A decided reply is posted
// on the issue as a public notice (what agents and the status page see, the status link and, unless
// privacy.emailInIssue, the address held back: auto-reply-comment.ts) by the `mail-auto-reply` job; the
// notice handler (channels/github/handlers/lifecycle-notice.ts) mails it, filled with the real values,
// once per ticket and reply id.

import type { Logger } from '../config/logger.ts';
import type { BotContext } from '../context.ts';
import { pickTemplate } from '../mail/render-template.ts';
import { autoReplyJobKind, type AutoReplyPayload } from './auto-reply-job.ts';
import { takeAutomaticSlot } from './automatic-mail.ts';

/**
 * Queues the automatic replies `replies` of a new ticket that may be mailed, and logs why any other is not
 * (call inside the transaction that records the ticket's issue: the cap and the job are stored together).
 */
export async function queueAutoReplies(
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
): Promise<void> {
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
    const refused = await takeAutomaticSlot(bot, {
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
    await bot.jobs.enqueue(autoReplyJobKind, payload, ticket.now);
  }
  bot.wakeWorker();
}

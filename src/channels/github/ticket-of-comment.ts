// The ticket an issue comment belongs to, and who its mail goes to: what an agent's public reply and a
// repodesk notice both need before they mail anything.

import type { BotContext } from '../../context.ts';
import { type TicketRecipients } from '../../tickets/requester.ts';
import { recipientsOf } from '../../outbound/recipients.ts';
import type { JobOutcome, JobRunContext } from '../../worker/worker.ts';
import type { CommentEvent } from './handlers/webhook-handler.ts';

/** The ticket an issue comment belongs to and who its mail goes to; a note when there is none. */
export async function ticketOfComment(
  bot: BotContext,
  event: CommentEvent,
  context: JobRunContext,
  what: string,
): Promise<
  | { record: { ref: string; inboxId: number; lang: string }; recipients: TicketRecipients }
  | { outcome: JobOutcome }
> {
  const record = await bot.refs.byIssueNumber(event.issue.number);
  if (!record) return { outcome: { status: 'done', note: 'not a repodesk ticket' } };
  const recipients = await recipientsOf(bot, record.ref);
  if (!recipients) {
    context.log.warn(`${what} with no requester address; nothing sent`, {
      ref: record.ref,
      comment: event.comment.id,
    });
    return { outcome: { status: 'done', note: 'no address' } };
  }
  return { record, recipients };
}

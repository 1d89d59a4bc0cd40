// An agent's public reply: a comment starting with `/reply` on a ticket, by someone who may act for the desk
// (a teams.yaml agent, or a collaborator with write access: checked before dispatch, see
// ../github-event-job.ts), is emailed to the requester and the CCs, exactly once (the outbox key is the
// comment id; only `created` counts, so editing the comment sends nothing; the webhook route queues one
// delivery per created comment, so the status is not set again either), and the ticket moves to pending
// (or to the status a canned reply names). Plain comments, and anyone else's `/reply`, stay internal.

import type { BotContext } from '../../../context.ts';
import { parseReplyCommand } from '../../../mail/compose.ts';
import { ticketVariables } from '../../../outbound/ticket-variables.ts';
import { fillCannedReply } from '../../../mail/canned-reply.ts';
import { sendMailJobKind, type SendMailPayload } from '../../../outbound/send-mail-job.ts';
import type { StatusId } from '../../../rules/types.ts';
import { commentKind } from '../../../tickets/comment-kind.ts';
import { setTicketStatus } from '../../../tracker/set-ticket-status.ts';
import type { JobOutcome, JobRunContext } from '../../../worker/worker.ts';
import { ticketOfComment } from '../ticket-of-comment.ts';
import type { CommentEvent, CommentHandler } from './webhook-handler.ts';

async function sendAgentReply(
  event: CommentEvent,
  bot: BotContext,
  context: JobRunContext,
): Promise<JobOutcome> {
  const { issue, comment } = event;
  const ticket = ticketOfComment(bot, event, context, 'public reply');
  if ('outcome' in ticket) return ticket.outcome;
  const { record, recipients } = ticket;
  const rules = bot.rules.current;
  const lang = recipients.lang;
  const command = parseReplyCommand(comment.body, Object.keys(rules.replies));
  if (command.kind === 'empty') return { status: 'done', note: 'empty /reply' };
  const canned = command.kind === 'canned' ? rules.replies[command.id] : undefined;
  if (command.kind === 'canned' && !canned) return { status: 'done', note: 'unknown canned reply' };
  const status: StatusId = (canned?.[lang] ?? Object.values(canned ?? {})[0])?.status ?? 'pending';
  const variables = ticketVariables(bot, {
    ref: record.ref,
    recipients,
    issueTitle: issue.title,
    status,
    agentLogin: comment.author,
  });
  let message: string;
  if (command.kind === 'canned') {
    const filled = fillCannedReply(rules, command.id, lang, variables);
    message = (filled?.text ?? '') + (command.extra ? `\n\n${command.extra}` : '');
  } else {
    message = command.text;
  }
  const payload: SendMailPayload = {
    key: `reply:comment:${comment.id}`,
    template: 'reply',
    ref: record.ref,
    lang,
    to: [recipients.to],
    cc: recipients.cc,
    variables: { ...variables, message },
    automatic: false,
    threaded: true,
  };
  const current = await bot.tracker.getIssue(issue.number);
  await setTicketStatus(bot.tracker, rules, current, status);
  context.log.info('public reply queued', { ref: record.ref, comment: comment.id, status });
  return {
    status: 'done',
    recordEffect: () => {
      if (!bot.mail.mailStore.wasSent(payload.key)) bot.jobs.enqueue(sendMailJobKind, payload, context.now);
      bot.wakeWorker();
    },
  };
}

/** `/reply` by someone who may act for the desk (one line in the webhook handler list). */
export const agentReplyHandler: CommentHandler = {
  from: 'desk',
  // Read as a desk agent's comment: a `/reply` (exactly as the status page reads it).
  wants: (body) => commentKind(body, 'desk') === 'agent-reply',
  handle: sendAgentReply,
};

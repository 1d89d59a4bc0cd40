// An agent's public reply: a comment starting with `/reply` on a ticket, by someone who may act for the desk
// (a teams.yaml agent, or a collaborator with write access: see webhooks/desk-command-author.ts), is emailed
// to the requester and the CCs, exactly once (the outbox key is the comment id; only `created` counts, so
// editing the comment sends nothing; the webhook route queues one delivery per created comment, so the
// status is not set again either), and the ticket moves to pending (or to the status a canned reply
// names). Plain comments, and anyone else's `/reply`, stay internal. Public notices posted by repodesk (the
// bot, its sweep or the Actions workflow) are emailed to the requester once, threaded under the ticket's
// earlier mail, as automatic mail: the lifecycle notices (the reminder of a silent pending ticket, its
// closing) with the `reminder` and `auto-close` templates, the automatic replies routing names
// (auto-replies.ts) with the `auto-reply` template and the canned reply filled with the real values, once
// per ticket and reply id.

import type { StatusId } from '../../../rules/types.ts';
import type { BotContext } from '../../../context.ts';
import { commentKind, publicNoticeMarker } from '../../../tickets/comment-kind.ts';
import { mayRunCommand } from '../desk-command-author.ts';
import type { GithubEvent } from '../github-event.ts';
import type { WebhookHandler } from './index.ts';
import type { JobOutcome, JobRunContext } from '../../../worker/worker.ts';
import { readAutoReplyMarker, type AutoReplyPayload } from '../../../outbound/auto-replies.ts';
import {
  fillCannedReply,
  recipientsOf,
  ticketVariables,
  type TicketRecipients,
} from '../../../outbound/canned-reply.ts';
import { parseReplyCommand } from '../../../mail/compose.ts';
import { sendMailJobKind, type SendMailPayload } from '../../../outbound/send-mail-job.ts';
import type { EmailTemplateId } from '../../../rules/email-templates.ts';
import { setTicketStatus } from '../../../tracker/set-ticket-status.ts';

/** The ticket an issue comment belongs to and who its mail goes to; a note when there is none. */
function ticketOfComment(
  bot: BotContext,
  event: GithubEvent,
  context: JobRunContext,
  what: string,
):
  | { record: { ref: string; inboxId: number; lang: string }; recipients: TicketRecipients }
  | { outcome: JobOutcome } {
  const number = event.issue?.number ?? 0;
  const record = bot.refs.byIssueNumber(number);
  if (!record) return { outcome: { status: 'done', note: 'not a repodesk ticket' } };
  const recipients = recipientsOf(bot, record.ref, record.inboxId, record.lang);
  if (!recipients) {
    context.log.warn(`${what} with no requester address; nothing sent`, {
      ref: record.ref,
      comment: event.comment?.id,
    });
    return { outcome: { status: 'done', note: 'no address' } };
  }
  return { record, recipients };
}

async function sendAgentReply(
  event: GithubEvent,
  bot: BotContext,
  context: JobRunContext,
): Promise<JobOutcome> {
  const { issue, comment } = event;
  if (!issue || !comment || issue.isPullRequest) return { status: 'done', note: 'not an issue comment' };
  // Read as a desk agent's comment first: only a `/reply` needs its author checked.
  if (commentKind(comment.body, 'desk') !== 'agent-reply') return { status: 'done', note: 'internal note' };
  if (!(await mayRunCommand(comment, bot, context.log.child({ issue: issue.number }))))
    return { status: 'done', note: 'not from the desk' };
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

/** Handles `issue_comment.created` (one line in the webhook handler list). */
export const agentReplyHandler: WebhookHandler = {
  events: ['issue_comment.created'],
  handle: sendAgentReply,
};

/** The mail template of each lifecycle notice, by the step in its hidden marker. */
const noticeTemplates: Record<string, EmailTemplateId> = {
  'pending-reminder': 'reminder',
  'pending-close': 'auto-close',
};

const noticeStep = /<!-- repodesk:lifecycle step=([a-z-]+) /;

/** What a repodesk notice mails: its template and exactly-once key, and for an automatic reply its canned reply. */
interface NoticeMail {
  template: EmailTemplateId;
  key: string;
  autoReply?: AutoReplyPayload;
}

function noticeMailOf(body: string, commentId: number): NoticeMail | undefined {
  const autoReply = readAutoReplyMarker(body);
  if (autoReply)
    return { template: 'auto-reply', key: `auto-reply:${autoReply.ref}:${autoReply.reply}`, autoReply };
  const template = noticeTemplates[noticeStep.exec(body)?.[1] ?? ''];
  return template ? { template, key: `notice:comment:${commentId}` } : undefined;
}

async function mailPublicNotice(
  event: GithubEvent,
  bot: BotContext,
  context: JobRunContext,
): Promise<JobOutcome> {
  const { issue, comment } = event;
  if (!issue || !comment || issue.isPullRequest) return { status: 'done', note: 'not an issue comment' };
  if (!comment.body.trimStart().startsWith(publicNoticeMarker))
    return { status: 'done', note: 'not a notice' };
  // Only repodesk's own accounts post notices: the same text from anyone else is an agent's note.
  const logins = await bot.tracker.repodeskLogins();
  if (!logins.includes(comment.author)) return { status: 'done', note: 'not written by repodesk' };
  const notice = noticeMailOf(comment.body, comment.id);
  if (!notice) return { status: 'done', note: 'no mail for this notice' };
  const ticket = ticketOfComment(bot, event, context, 'public notice');
  if ('outcome' in ticket) return ticket.outcome;
  const { record, recipients } = ticket;
  // An automatic reply's marker copied onto another ticket mails nothing there.
  if (notice.autoReply && notice.autoReply.ref !== record.ref)
    return { status: 'done', note: 'automatic reply of another ticket' };
  const variables = ticketVariables(bot, { ref: record.ref, recipients, issueTitle: issue.title });
  // Lifecycle templates carry their whole text (the notice on the ticket is the status page's copy); an
  // automatic reply's message is its canned reply, filled with the real values the issue holds back.
  let message = '';
  if (notice.autoReply) {
    const filled = fillCannedReply(bot.rules.current, notice.autoReply.reply, recipients.lang, variables);
    if (!filled) {
      context.log.warn('automatic reply not mailed: the canned reply was removed from rules/replies', {
        ref: record.ref,
        reply: notice.autoReply.reply,
      });
      return { status: 'done', note: 'canned reply removed' };
    }
    message = filled.text;
  }
  const payload: SendMailPayload = {
    key: notice.key,
    template: notice.template,
    ref: record.ref,
    lang: recipients.lang,
    to: [recipients.to],
    cc: recipients.cc,
    variables: { ...variables, message },
    automatic: true,
    threaded: true,
  };
  context.log.info('public notice queued', {
    ref: record.ref,
    comment: comment.id,
    template: notice.template,
  });
  return {
    status: 'done',
    recordEffect: () => {
      const store = bot.mail.mailStore;
      if (store.wasSent(payload.key)) return;
      // An automatic reply took its slot of automatic mail when it was decided.
      if (!notice.autoReply) store.recordAutomaticMail(recipients.to, context.now);
      bot.jobs.enqueue(sendMailJobKind, payload, context.now);
      bot.wakeWorker();
    },
  };
}

/** Handles `issue_comment.created` of repodesk's own notices (one line in the webhook handler list). */
export const lifecycleNoticeHandler: WebhookHandler = {
  events: ['issue_comment.created'],
  ownEvents: true,
  handle: mailPublicNotice,
};

// Public notices posted by repodesk (the bot, its sweep or the Actions workflow) are emailed to the
// requester once, threaded under the ticket's earlier mail, as automatic mail: the lifecycle notices (the
// reminder of a silent pending ticket, its closing) with the `reminder` and `auto-close` templates (and,
// like an agent's reply, to the requester of each ticket merged into this one, in a mail of their own
// under their own reference, filled with their own values: they never see this ticket's requester), the
// automatic replies routing names (outbound/auto-replies.ts) with the `auto-reply` template and the canned
// reply filled with the real values, once per ticket and reply id.

import type { BotContext } from '../../../context.ts';
import { readAutoReplyMarker } from '../../../outbound/auto-reply-comment.ts';
import type { AutoReplyPayload } from '../../../outbound/auto-reply-job.ts';
import { ticketVariables } from '../../../outbound/ticket-variables.ts';
import { fillCannedReply } from '../../../mail/canned-reply.ts';
import { sendMailJobKind, type SendMailPayload } from '../../../outbound/send-mail-job.ts';
import type { EmailTemplateId } from '../../../rules/email-templates.ts';
import { publicNoticeMarker } from '../../../tickets/comment-kind.ts';
import type { JobOutcome, JobRunContext } from '../../../worker/worker.ts';
import { mergedRequesters } from '../merged-requesters.ts';
import { ticketOfComment } from '../ticket-of-comment.ts';
import type { CommentEvent, CommentHandler } from './webhook-handler.ts';

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
  event: CommentEvent,
  bot: BotContext,
  context: JobRunContext,
): Promise<JobOutcome> {
  const { issue, comment } = event;
  const notice = noticeMailOf(comment.body, comment.id);
  if (!notice) return { status: 'done', note: 'no mail for this notice' };
  const ticket = await ticketOfComment(bot, event, context, 'public notice');
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
  // A lifecycle notice is the ticket's, so every requester merged into it gets it once; an automatic reply
  // answered this ticket's request only.
  const mailed = new Set([recipients.to, ...recipients.cc].map((address) => address.toLowerCase()));
  const payloads = [payload];
  for (const merged of notice.autoReply ? [] : await mergedRequesters(bot, issue.number)) {
    const to = merged.recipients.to.toLowerCase();
    if (mailed.has(to)) continue;
    const cc = merged.recipients.cc.filter((address) => !mailed.has(address.toLowerCase()));
    for (const address of [to, ...cc]) mailed.add(address.toLowerCase());
    payloads.push({
      ...payload,
      key: `${notice.key}:${merged.ref}`,
      ref: merged.ref,
      lang: merged.recipients.lang,
      to: [merged.recipients.to],
      cc,
      variables: {
        ...ticketVariables(bot, { ref: merged.ref, recipients: merged.recipients, issueTitle: issue.title }),
        message,
      },
    });
  }
  context.log.info('public notice queued', {
    ref: record.ref,
    comment: comment.id,
    template: notice.template,
    merged: payloads.length - 1,
  });
  return {
    status: 'done',
    recordEffect: async () => {
      const store = bot.mail.mailStore;
      for (const queued of payloads) {
        if (await store.wasSent(queued.key)) continue;
        // An automatic reply took its slot of automatic mail when it was decided.
        if (!notice.autoReply) await store.recordAutomaticMail(queued.to[0]!, context.now);
        await bot.jobs.enqueue(sendMailJobKind, queued, context.now);
      }
      bot.wakeWorker();
    },
  };
}

/** repodesk's own public notices (one line in the webhook handler list). */
export const lifecycleNoticeHandler: CommentHandler = {
  // Only repodesk's own accounts post notices: the same text from anyone else is an agent's note.
  from: 'repodesk',
  wants: (body) => body.trimStart().startsWith(publicNoticeMarker),
  handle: mailPublicNotice,
};

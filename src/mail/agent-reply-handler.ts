// An agent's public reply: a comment starting with `/reply` on a ticket is emailed to the requester and the
// CCs, exactly once (the outbox key is the comment id; only `created` counts, so editing the comment sends
// nothing), and the ticket moves to pending (or to the status a canned reply names). Plain comments stay
// internal. The sweep's lifecycle notices (the reminder of a silent pending ticket, its closing) are public
// too: posted by repodesk (the bot's sweep or the Actions workflow), each is emailed to the requester once,
// threaded under the ticket's earlier mail, with the `reminder` and `auto-close` templates of rules/emails.

import type { Submission } from '../forms/submission-schema.ts';
import type { StatusId } from '../rules/types.ts';
import type { BotServices } from '../server/bot-services.ts';
import { statusUrl } from '../server/routes/submit-request.ts';
import { commentKind, publicNoticeMarker } from '../tickets/comment-kind.ts';
import type { GithubEvent } from '../webhooks/github-event.ts';
import type { WebhookHandler } from '../webhooks/webhook-handlers.ts';
import type { JobOutcome, JobRunContext } from '../worker/worker.ts';
import { parseReplyCommand } from './compose.ts';
import { renderVariables } from './email-templates.ts';
import { sendMailJobKind, type SendMailPayload } from './jobs/send-mail-job.ts';
import type { EmailTemplateId } from './email-templates.ts';
import { mailServicesFor } from './mail-services.ts';
import { setTicketStatus } from './ticket-status.ts';

function recipientsOf(services: BotServices, ref: string, inboxId: number, fallbackLang: string) {
  const thread = mailServicesFor(services).mailStore.thread(ref);
  if (thread)
    return { to: thread.requester, cc: thread.cc, name: thread.name, lang: thread.lang, title: thread.title };
  const submission = services.inbox.get(inboxId)?.payload as Partial<Submission> | undefined;
  const email = submission?.requester?.email;
  if (typeof email !== 'string' || email === '') return undefined;
  return {
    to: email,
    cc: [] as string[],
    name: submission?.requester?.name ?? '',
    lang: fallbackLang,
    title: '',
  };
}

async function sendAgentReply(
  event: GithubEvent,
  services: BotServices,
  context: JobRunContext,
): Promise<JobOutcome> {
  const { issue, comment } = event;
  if (!issue || !comment || issue.isPullRequest) return { status: 'done', note: 'not an issue comment' };
  const botLogin = await services.tracker.selfLogin();
  if (commentKind(comment.body, comment.author, botLogin) !== 'agent-reply')
    return { status: 'done', note: 'internal note' };
  const record = services.refs.byIssueNumber(issue.number);
  if (!record) return { status: 'done', note: 'not a repodesk ticket' };
  const rules = services.rules.current;
  const recipients = recipientsOf(services, record.ref, record.inboxId, record.lang);
  if (!recipients) {
    context.log.warn('public reply with no requester address; nothing sent', {
      ref: record.ref,
      comment: comment.id,
    });
    return { status: 'done', note: 'no address' };
  }
  const lang = recipients.lang;
  const agent = rules.teams.agents.find((candidate) => candidate.login === comment.author);
  const deskName = rules.desk.name[lang] ?? Object.values(rules.desk.name)[0] ?? '';
  const variables: Record<string, string> = {
    'requester.name': recipients.name,
    'requester.firstName': recipients.name.trim().split(/\s+/)[0] ?? '',
    'requester.email': recipients.to,
    'ticket.ref': record.ref,
    'ticket.title': recipients.title || issue.title,
    'ticket.statusUrl': statusUrl(services, record.ref, lang),
    'agent.name': rules.desk.privacy.showAgentNames ? (agent?.name ?? comment.author) : deskName,
    'desk.name': deskName,
    'desk.siteUrl': rules.desk.siteUrl,
  };
  const command = parseReplyCommand(comment.body, Object.keys(rules.replies));
  if (command.kind === 'empty') return { status: 'done', note: 'empty /reply' };
  let message: string;
  let status: StatusId = 'pending';
  if (command.kind === 'canned') {
    const byLang = rules.replies[command.id] ?? {};
    const canned = byLang[lang] ?? Object.values(byLang)[0];
    if (!canned) return { status: 'done', note: 'unknown canned reply' };
    message = renderVariables(canned.body, variables).trim() + (command.extra ? `\n\n${command.extra}` : '');
    status = canned.status ?? 'pending';
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
  const current = await services.tracker.getIssue(issue.number);
  await setTicketStatus(services.tracker, rules, current, status);
  context.log.info('public reply queued', { ref: record.ref, comment: comment.id, status });
  return {
    status: 'done',
    recordEffect: () => {
      if (!mailServicesFor(services).mailStore.wasSent(payload.key))
        services.jobs.enqueue(sendMailJobKind, payload, context.now);
      services.wakeWorker();
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

async function mailLifecycleNotice(
  event: GithubEvent,
  services: BotServices,
  context: JobRunContext,
): Promise<JobOutcome> {
  const { issue, comment } = event;
  if (!issue || !comment || issue.isPullRequest) return { status: 'done', note: 'not an issue comment' };
  if (!comment.body.trimStart().startsWith(publicNoticeMarker))
    return { status: 'done', note: 'not a notice' };
  // Only repodesk's own accounts post notices: the same text from anyone else is an agent's note.
  const logins = await services.tracker.repodeskLogins();
  if (!logins.includes(comment.author)) return { status: 'done', note: 'not written by repodesk' };
  const template = noticeTemplates[noticeStep.exec(comment.body)?.[1] ?? ''];
  if (!template) return { status: 'done', note: 'no mail for this notice' };
  const record = services.refs.byIssueNumber(issue.number);
  if (!record) return { status: 'done', note: 'not a repodesk ticket' };
  const rules = services.rules.current;
  const recipients = recipientsOf(services, record.ref, record.inboxId, record.lang);
  if (!recipients) {
    context.log.warn('lifecycle notice with no requester address; nothing sent', {
      ref: record.ref,
      comment: comment.id,
    });
    return { status: 'done', note: 'no address' };
  }
  const lang = recipients.lang;
  const deskName = rules.desk.name[lang] ?? Object.values(rules.desk.name)[0] ?? '';
  // A form's mail thread keeps no name: the submission has it.
  const submitted = services.inbox.get(record.inboxId)?.payload as Partial<Submission> | undefined;
  const name = recipients.name || (submitted?.requester?.name ?? '');
  const payload: SendMailPayload = {
    key: `notice:comment:${comment.id}`,
    template,
    ref: record.ref,
    lang,
    to: [recipients.to],
    cc: recipients.cc,
    variables: {
      'requester.name': name,
      'requester.firstName': name.trim().split(/\s+/)[0] ?? '',
      'requester.email': recipients.to,
      'ticket.ref': record.ref,
      'ticket.title': recipients.title || issue.title,
      'ticket.statusUrl': statusUrl(services, record.ref, lang),
      'desk.name': deskName,
      'desk.siteUrl': rules.desk.siteUrl,
      // The templates carry the whole text; the notice on the ticket is the status page's copy.
      message: '',
    },
    automatic: true,
    threaded: true,
  };
  context.log.info('lifecycle notice queued', { ref: record.ref, comment: comment.id, template });
  return {
    status: 'done',
    recordEffect: () => {
      const mail = mailServicesFor(services);
      if (mail.mailStore.wasSent(payload.key)) return;
      mail.mailStore.recordAutomaticMail(recipients.to, context.now);
      services.jobs.enqueue(sendMailJobKind, payload, context.now);
      services.wakeWorker();
    },
  };
}

/** Handles `issue_comment.created` of repodesk's own notices (one line in the webhook handler list). */
export const lifecycleNoticeHandler: WebhookHandler = {
  events: ['issue_comment.created'],
  ownEvents: true,
  handle: mailLifecycleNotice,
};

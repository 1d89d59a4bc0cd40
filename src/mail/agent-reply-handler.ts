// An agent's public reply: a comment starting with `/reply` on a ticket is emailed to the requester and the
// CCs, exactly once (the outbox key is the comment id; only `created` counts, so editing the comment sends
// nothing), and the ticket moves to pending (or to the status a canned reply names). Plain comments stay
// internal.

import type { Submission } from '../forms/submission-schema.ts';
import type { StatusId } from '../rules/types.ts';
import type { BotServices } from '../server/bot-services.ts';
import { statusUrl } from '../server/routes/submit-request.ts';
import { commentKind } from '../tickets/comment-kind.ts';
import type { GithubEvent } from '../webhooks/github-event.ts';
import type { WebhookHandler } from '../webhooks/webhook-handlers.ts';
import type { JobOutcome, JobRunContext } from '../worker/worker.ts';
import { parseReplyCommand } from './compose.ts';
import { renderVariables } from './email-templates.ts';
import { sendMailJobKind, type SendMailPayload } from './jobs/send-mail-job.ts';
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

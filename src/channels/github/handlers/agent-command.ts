// Agent commands (`/reply`, `/status`, …: ../../../commands/) on GitHub. A comment whose first line is a
// command reaches this handler only from someone who may act for the desk (a teams.yaml agent, or a
// collaborator with write access: checked once before dispatch, ../github-event-job.ts); anyone else's
// stays a plain comment. The ticket is read as it is now (never as the delivery says: deliveries come in
// any order), in the issue's turn (bot.issueLocks: the sweep and other jobs wait meanwhile), the command
// decides its actions, and the executor applies them inside the write budget.
// Only `created` counts: editing the comment runs nothing, and a comment is queued once whatever delivery
// brings it (../webhook-route.ts), so a command runs once.

import { isAgentCommand, readCommand, relatedIssues, runAgentCommand } from '../../../commands/index.ts';
import type { CommandTicket, TicketActivity } from '../../../commands/agent-command.ts';
import type { BotContext } from '../../../context.ts';
import { executeTicketActions } from '../../../executor/execute-ticket-actions.ts';
import { recipientsOf } from '../../../outbound/recipients.ts';
import { statusUrl } from '../../../outbound/status-url.ts';
import type { KeptReply } from '../../../store/mail-store.ts';
import { fetchCommentFiles } from '../comment-files.ts';
import { mergedRequesters } from '../merged-requesters.ts';
import { ticketFiles } from '../ticket-files.ts';
import { commentKind } from '../../../tickets/comment-kind.ts';
import { replyMailKey } from '../../../tickets/reply-mail-key.ts';
import { TrackerError } from '../../../tracker/tracker-error.ts';
import type { JobOutcome, JobRunContext } from '../../../worker/worker.ts';
import type { CommentEvent, CommentHandler } from './webhook-handler.ts';

/**
 * What agents did since the customer last wrote, from the issue's comments: a customer's message is one
 * repodesk mirrored; a reply counts once its mail was queued (the store kept what it said); a `/take` counts
 * while its author still holds the ticket.
 */
async function readActivity(
  bot: BotContext,
  issue: { number: number; createdAt: string; assignees: string[] },
  ref: string | undefined,
): Promise<TicketActivity> {
  const [comments, logins, replies] = await Promise.all([
    bot.tracker.listComments(issue.number),
    bot.tracker.repodeskLogins(),
    ref === undefined ? new Map<string, KeptReply>() : bot.mail.mailStore.keptReplies(ref),
  ]);
  const customerWrote = comments
    .filter(
      (comment) =>
        logins.includes(comment.author) && commentKind(comment.body, 'repodesk') === 'customer-message',
    )
    .map((comment) => Date.parse(comment.createdAt));
  const holders = new Set(issue.assignees.map((login) => login.toLowerCase()));
  return {
    customerWroteAt: Math.max(Date.parse(issue.createdAt), ...customerWrote),
    replies: comments.flatMap((comment) => {
      const kept = replies.get(replyMailKey(comment.id));
      return kept ? [{ by: comment.author, at: kept.at }] : [];
    }),
    takes: comments
      .filter(
        (comment) => readCommand(comment.body)?.name === 'take' && holders.has(comment.author.toLowerCase()),
      )
      .map((comment) => ({ by: comment.author, at: Date.parse(comment.createdAt) })),
  };
}

/** The ticket as the command sees it: the issue now, its comments, and what the store knows of it. */
async function readTicket(bot: BotContext, number: number): Promise<CommandTicket> {
  const issue = await bot.tracker.getIssue(number);
  const record = await bot.refs.byIssueNumber(number);
  const ticket: CommandTicket = {
    number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    labels: issue.labels,
    assignees: issue.assignees,
    author: issue.author,
    activity: await readActivity(bot, { ...issue, number }, record?.ref),
    heldReplies: await bot.mail.heldReplies.ofIssue(number),
  };
  if (issue.stateReason !== undefined) ticket.stateReason = issue.stateReason;
  const merge = await bot.merges.ofSource(number);
  if (merge) ticket.mergedInto = { number: merge.targetIssue, at: merge.mergedAt };
  const mergedHere = await mergedRequesters(bot, number);
  if (mergedHere.length > 0) ticket.mergedHere = mergedHere;
  if (!record) return ticket;
  ticket.ref = record.ref;
  const recipients = await recipientsOf(bot, record.ref);
  if (recipients) {
    ticket.recipients = recipients;
    ticket.statusUrl = statusUrl(bot, record.ref, recipients.lang);
  }
  return ticket;
}

/** The other issues a command names, as read; undefined for one GitHub does not have. */
async function readRelated(
  bot: BotContext,
  numbers: readonly number[],
): Promise<Map<number, CommandTicket | undefined>> {
  const related = new Map<number, CommandTicket | undefined>();
  for (const number of numbers) {
    try {
      related.set(number, await readTicket(bot, number));
    } catch (error) {
      if (!(error instanceof TrackerError) || error.code !== 'not-found') throw error;
      related.set(number, undefined);
    }
  }
  return related;
}

async function runCommand(event: CommentEvent, bot: BotContext, context: JobRunContext): Promise<JobOutcome> {
  const { comment } = event;
  const command = readCommand(comment.body);
  if (!command) return { status: 'done', note: 'no command' };
  // In the issue's turn (the sweep and other jobs write it too), read inside it.
  return bot.issueLocks.run(event.issue.number, async () => {
    const ticket = await readTicket(bot, event.issue.number);
    const repository = bot.tracker.repository;
    const related = await readRelated(bot, relatedIssues(command, ticket, repository));
    // Only a reply sends files: another command's links are left alone (nothing fetched).
    const files = command.name === 'reply' ? await fetchCommentFiles(bot, comment.body) : [];
    // Only a merge lists this ticket's files (on its target).
    if (command.name === 'merge') ticket.files = await ticketFiles(bot, ticket, ticket.ref, context.now);
    const actions = runAgentCommand({
      command,
      comment: { id: comment.id, author: comment.author, ...(files.length > 0 ? { files } : {}) },
      ticket,
      rules: bot.rules.current,
      now: context.now,
      related,
      repository,
    });
    const log = context.log.child({ issue: ticket.number, comment: comment.id, command: command.name });
    log.info('agent command run', { by: comment.author, actions: actions.map((action) => action.kind) });
    return executeTicketActions(bot, { ...context, log }, ticket.number, ticket, actions);
  });
}

/** Agent commands, from someone who may act for the desk (one line in the webhook handler list). */
export const agentCommandHandler: CommentHandler = {
  from: 'desk',
  wants: isAgentCommand,
  handle: runCommand,
};

// Agent commands (`/reply`, `/status`, …: ../../../commands/) on GitHub. A comment whose first line is a
// command reaches this handler only from someone who may act for the desk (a teams.yaml agent, or a
// collaborator with write access: checked once before dispatch, ../github-event-job.ts); anyone else's
// stays a plain comment. The ticket is read as it is now (never as the delivery says: deliveries come in
// any order), in the issue's turn (bot.issueLocks: the sweep and other jobs wait meanwhile), the command
// decides its actions, and the executor applies them inside the write budget.
// Only `created` counts: editing the comment runs nothing, and a comment is queued once whatever delivery
// brings it (../webhook-route.ts), so a command runs once.

import { isAgentCommand, readCommand, runAgentCommand } from '../../../commands/index.ts';
import type { CommandTicket } from '../../../commands/agent-command.ts';
import type { BotContext } from '../../../context.ts';
import { executeTicketActions } from '../../../executor/execute-ticket-actions.ts';
import { recipientsOf } from '../../../outbound/recipients.ts';
import { statusUrl } from '../../../outbound/status-url.ts';
import type { JobOutcome, JobRunContext } from '../../../worker/worker.ts';
import type { CommentEvent, CommentHandler } from './webhook-handler.ts';

/** The ticket as the command sees it: the issue now, and what the store knows of it. */
async function readTicket(bot: BotContext, number: number): Promise<CommandTicket> {
  const issue = await bot.tracker.getIssue(number);
  const ticket: CommandTicket = {
    number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    labels: issue.labels,
    assignees: issue.assignees,
    author: issue.author,
  };
  const record = await bot.refs.byIssueNumber(number);
  if (!record) return ticket;
  ticket.ref = record.ref;
  const recipients = await recipientsOf(bot, record.ref);
  if (recipients) {
    ticket.recipients = recipients;
    ticket.statusUrl = statusUrl(bot, record.ref, recipients.lang);
  }
  return ticket;
}

async function runCommand(event: CommentEvent, bot: BotContext, context: JobRunContext): Promise<JobOutcome> {
  const { comment } = event;
  const command = readCommand(comment.body);
  if (!command) return { status: 'done', note: 'no command' };
  // In the issue's turn (the sweep and other jobs write it too), read inside it.
  return bot.issueLocks.run(event.issue.number, async () => {
    const ticket = await readTicket(bot, event.issue.number);
    const actions = runAgentCommand({
      command,
      comment: { id: comment.id, author: comment.author },
      ticket,
      rules: bot.rules.current,
      now: context.now,
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

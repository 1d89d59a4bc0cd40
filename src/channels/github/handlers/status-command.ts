// A desk agent's comment starting with `/status <status>` moves the ticket: its status label swapped for the
// one `desk.yaml` gives that status, the issue closed for `closed` and reopened for any other status. The
// comment stays an internal note (the customer is told nothing; `/reply` is for that). A status repodesk
// does not know changes nothing and gets one note naming the known ones. Only `created` counts: editing
// the comment changes nothing, as for `/reply`. Anyone who may not act for the desk (checked before
// dispatch, ../github-event-job.ts) changes nothing and gets no answer: their comment stays a plain comment.

import type { BotContext } from '../../../context.ts';
import { statusIds, type Rules, type StatusId } from '../../../rules/types.ts';
import { setTicketStatus } from '../../../tracker/set-ticket-status.ts';
import type { JobOutcome, JobRunContext } from '../../../worker/worker.ts';
import type { CommentEvent, CommentHandler } from './webhook-handler.ts';

export const statusCommand = '/status';

export type StatusCommand =
  { kind: 'none' } | { kind: 'status'; status: StatusId } | { kind: 'unknown'; given: string };

/** The first line of a comment, trimmed. */
function firstLineOf(body: string): string {
  return body.trimStart().split('\n', 1)[0]?.trim() ?? '';
}

/** Whether a comment's first line is a `/status` command (known status or not). */
function isStatusCommand(body: string): boolean {
  const firstLine = firstLineOf(body);
  return firstLine === statusCommand || firstLine.startsWith(`${statusCommand} `);
}

/**
 * Reads `/status <status>` from the first line of a comment. The status is its id (`on-hold`) or its
 * label (`status: on-hold`), in any case.
 */
export function parseStatusCommand(body: string, rules: Rules): StatusCommand {
  if (!isStatusCommand(body)) return { kind: 'none' };
  const firstLine = firstLineOf(body);
  const given = firstLine.slice(statusCommand.length).trim();
  const wanted = given.toLowerCase();
  const status = statusIds.find(
    (id) => id === wanted || rules.desk.statuses[id].label.toLowerCase() === wanted,
  );
  return status ? { kind: 'status', status } : { kind: 'unknown', given };
}

/** The hidden marker of the note answering command comment `commentId` (posted once). */
function answerMarker(commentId: number): string {
  return `<!-- repodesk:status-command comment=${commentId} -->`;
}

async function applyStatusCommand(
  event: CommentEvent,
  bot: BotContext,
  context: JobRunContext,
): Promise<JobOutcome> {
  const { issue, comment } = event;
  const rules = bot.rules.current;
  const command = parseStatusCommand(comment.body, rules);
  if (command.kind === 'none') return { status: 'done', note: 'no /status command' };
  const { tracker } = bot;
  const log = context.log.child({ issue: issue.number, comment: comment.id });
  if (command.kind === 'unknown') {
    const marker = answerMarker(comment.id);
    const logins = await tracker.repodeskLogins();
    const answered = (await tracker.listComments(issue.number)).some(
      (posted) => logins.includes(posted.author) && posted.body.includes(marker),
    );
    if (answered) return { status: 'done', note: 'unknown status already answered' };
    const budget = bot.budget.take(context.now);
    if (!budget.granted)
      return { status: 'defer', until: budget.retryAt, reason: 'write budget', holdTracker: true };
    const known = statusIds.map((id) => `\`${id}\` (${rules.desk.statuses[id].label})`).join(', ');
    await tracker.createComment(
      issue.number,
      [
        marker,
        `@${comment.author} \`${statusCommand}\`: ${command.given === '' ? 'no status given' : `unknown status "${command.given}"`}; ` +
          `nothing changed. Known statuses (rules/desk.yaml): ${known}. Example: \`${statusCommand} on-hold\`.`,
      ].join('\n'),
    );
    log.info('unknown status in /status answered', { given: command.given });
    return { status: 'done', note: 'unknown status' };
  }
  const current = await tracker.getIssue(issue.number);
  let writes = await setTicketStatus(tracker, rules, current, command.status);
  if (command.status === 'closed' && current.state === 'open') {
    await tracker.updateIssue(issue.number, { state: 'closed', stateReason: 'completed' });
    writes += 1;
  }
  log.info('status set by /status', { status: command.status, by: comment.author, writes });
  return { status: 'done' };
}

/** `/status` by someone who may act for the desk (one line in the webhook handler list). */
export const statusCommandHandler: CommentHandler = {
  from: 'desk',
  wants: isStatusCommand,
  handle: applyStatusCommand,
};

// An issue opened directly on GitHub (by an agent, or a monitoring system through the API) is routed like
// any ticket: the labels and assignee the rules give are added in at most two writes. The handler reads
// the issue as it is now rather than trusting the delivery, so order and redelivery do not matter: labels
// already there are not written again, an issue that already has an assignee keeps it. The automatic
// replies the rules name are not sent: such an issue has no requester address (the log says so).

import { route } from '../../../routing/route.ts';
import type { BotContext } from '../../../context.ts';
import { ticketMarkerRef } from '../../../tickets/markers.ts';
import type { TicketDraft } from '../../../tickets/types.ts';
import type { JobOutcome, JobRunContext } from '../../../worker/worker.ts';
import { loadWorkload, recordAssignment } from '../../../worker/workload.ts';
import type { IssueEvent, IssueHandler } from './webhook-handler.ts';

async function routeOpenedIssue(
  event: IssueEvent,
  bot: BotContext,
  context: JobRunContext,
): Promise<JobOutcome> {
  const { tracker, kv } = bot;
  // Issues repodesk created were routed before creation. A marker alone proves nothing (anyone opening an
  // issue can type one, an agent can paste a ticket's body): the issue must be the bot's, for a reference
  // the store knows and that is not already another issue.
  const markedRef = ticketMarkerRef(event.issue.body);
  if (markedRef !== undefined && event.issue.author === (await tracker.selfLogin())) {
    const record = await bot.refs.get(markedRef);
    if (record && (record.issueNumber === undefined || record.issueNumber === event.issue.number))
      return { status: 'done', note: 'created by repodesk' };
  }
  const rules = bot.rules.current;
  const issue = await tracker.getIssue(event.issue.number);
  if (issue.state !== 'open') return { status: 'done', note: 'issue no longer open' };
  const draft: TicketDraft = {
    channel: 'github',
    subject: issue.title,
    body: issue.body,
    requester: { name: event.issue.author, email: '' },
    language: rules.desk.languages[0] ?? 'en',
    fields: {},
    labels: issue.labels,
  };
  const workload = await loadWorkload(kv, tracker, rules, context.now);
  const decision = route(draft, rules, workload, new Date(context.now));
  // Nobody to mail: an issue opened on GitHub has an author, not a requester address.
  if (decision.replies.length > 0)
    context.log.info('automatic replies not sent: an issue opened on GitHub has no requester address', {
      issue: issue.number,
      replies: decision.replies,
    });
  const missingLabels = decision.labels.filter((label) => !issue.labels.includes(label));
  const assignees = issue.assignees.length === 0 ? decision.assignees : [];
  const writes = (missingLabels.length > 0 ? 1 : 0) + (assignees.length > 0 ? 1 : 0);
  if (writes === 0) return { status: 'done', note: 'already routed' };
  const budget = await bot.budget.take(context.now, writes);
  if (!budget.granted)
    return { status: 'defer', until: budget.retryAt, reason: 'write budget', holdTracker: true };
  if (missingLabels.length > 0) await tracker.addLabels(issue.number, missingLabels);
  if (assignees.length > 0) await tracker.addAssignees(issue.number, assignees);
  context.log.info('issue opened on GitHub routed', {
    issue: issue.number,
    matched: decision.matched,
    writes,
  });
  return {
    status: 'done',
    recordEffect: () => recordAssignment(kv, assignees, assignees.length > 0 ? decision.lastAssigned : {}),
  };
}

/** `issues.opened` (one line in the webhook handler list). */
export const routeOpenedIssueHandler: IssueHandler = { handle: routeOpenedIssue };

// An issue opened directly on GitHub (by an agent, or a monitoring system through the API) is routed like
// any ticket: the labels and assignee the rules give are added through the executor, in one write. The
// handler reads the issue as it is now, in the issue's turn (bot.issueLocks), rather than trusting the
// delivery, so order, redelivery and the sweep do not matter: labels already there are not written again,
// an issue that already has an assignee keeps it. The automatic replies the rules name are not sent: such
// an issue has no requester address (the log says so). An issue written with one of the desk's forms
// (exported to .github/ISSUE_TEMPLATE/, or imported from there) is read back into that form's answers, so
// `field:` conditions route it as they route the portal's.

import { parseIssueFormBody } from '../../../forms/parse-issue-form-body.ts';
import { route } from '../../../routing/route.ts';
import type { BotContext } from '../../../context.ts';
import { openedIssueDecisionKey, type TicketDecision } from '../../../tickets/decision-marker.ts';
import { ticketMarkerRef } from '../../../tickets/markers.ts';
import type { ActionCause, TicketAction } from '../../../tickets/ticket-action.ts';
import type { TicketDraft } from '../../../tickets/types.ts';
import { executeTicketActions } from '../../../executor/execute-ticket-actions.ts';
import { issueWrite } from '../../../executor/issue-write.ts';
import type { JobOutcome, JobRunContext } from '../../../worker/worker.ts';
import { loadWorkload, recordAssignment } from '../../../worker/workload.ts';
import type { IssueEvent, IssueHandler } from './webhook-handler.ts';

async function routeOpenedIssue(
  event: IssueEvent,
  bot: BotContext,
  context: JobRunContext,
): Promise<JobOutcome> {
  const { tracker } = bot;
  // Issues repodesk created were routed before creation. A marker alone proves nothing (anyone opening an
  // issue can type one, an agent can paste a ticket's body): the issue must be the bot's, for a reference
  // the store knows and that is not already another issue.
  const markedRef = ticketMarkerRef(event.issue.body);
  if (markedRef !== undefined && event.issue.author === (await tracker.selfLogin())) {
    const record = await bot.refs.get(markedRef);
    if (record && (record.issueNumber === undefined || record.issueNumber === event.issue.number))
      return { status: 'done', note: 'created by repodesk' };
  }
  // In the issue's turn (the sweep and agents' commands write it too), read inside it.
  return bot.issueLocks.run(event.issue.number, () =>
    routeInTurn(event.issue.number, event.issue.author, bot, context),
  );
}

async function routeInTurn(
  number: number,
  author: string,
  bot: BotContext,
  context: JobRunContext,
): Promise<JobOutcome> {
  const { tracker, kv } = bot;
  const rules = bot.rules.current;
  const issue = await tracker.getIssue(number);
  if (issue.state !== 'open') return { status: 'done', note: 'issue no longer open' };
  const answers = parseIssueFormBody(issue.body, rules.forms);
  const draft: TicketDraft = {
    channel: 'github',
    ...(answers ? { form: answers.form } : {}),
    subject: issue.title,
    body: issue.body,
    requester: { name: author, email: '' },
    language: rules.desk.languages[0] ?? 'en',
    fields: answers?.fields ?? {},
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
  const cause: ActionCause = {
    source: 'routing',
    rule: `routing ${decision.matched.join(', ') || 'defaults'}`,
    reason: 'an issue opened on GitHub is routed like any ticket',
  };
  // An issue that already has an assignee keeps it.
  const assignees = issue.assignees.length === 0 ? decision.assignees : [];
  const actions: TicketAction[] = [
    ...decision.labels.map((label): TicketAction => ({ kind: 'add-label', label, cause })),
    ...assignees.map((login): TicketAction => ({ kind: 'assign', login, cause })),
  ];
  if (!issueWrite(issue, actions)) return { status: 'done', note: 'already routed' };
  const outcome = await executeTicketActions(bot, context, issue.number, issue, actions);
  if (outcome.status !== 'done') return outcome;
  context.log.info('issue opened on GitHub routed', { issue: issue.number, matched: decision.matched });
  const applied = outcome.recordEffect;
  return {
    ...outcome,
    recordEffect: async () => {
      await applied?.();
      await recordAssignment(kv, assignees, assignees.length > 0 ? decision.lastAssigned : {});
      // The issue is not ours to rewrite: the decision goes to the store, where `repodesk why` reads it.
      const recorded: TicketDecision & { at: string } = {
        rules: bot.rules.version?.version ?? 'unversioned',
        matched: decision.matched,
        ...(decision.team === undefined ? {} : { team: decision.team }),
        assignees,
        assignment: decision.assignmentWhy,
        replies: decision.replyRules,
        shadow: decision.shadow,
        at: new Date(context.now).toISOString(),
      };
      await kv.set(openedIssueDecisionKey(issue.number), recorded);
    },
  };
}

/** `issues.opened` (one line in the webhook handler list). */
export const routeOpenedIssueHandler: IssueHandler = { handle: routeOpenedIssue };

// Creating a ticket's issue exactly once, for every channel that opens tickets (the form, email): route the
// draft, then one write carrying title, body, labels and assignees. "Ensure" semantics: any attempt after
// the first looks for the issue by its hidden marker before creating, so a 502 after GitHub created the
// issue, or a crash between the POST and the record, never makes a second issue. The ref → issue number is
// recorded in the transaction that completes the job, with whatever the channel records alongside
// (`onRecorded`: the automatic replies the rules name).

import { ticketMarker } from '../intake/render-issue-body.ts';
import { route, type RoutingOutcome } from '../routing/route.ts';
import type { BotContext } from '../context.ts';
import type { TicketDraft } from '../tickets/types.ts';
import { TrackerError } from '../tracker/tracker-error.ts';
import type { NewIssue } from '../tracker/tracker.ts';
import { crashPoint } from '../config/crash-point.ts';
import { ticketCreationLockKey } from './ticket-creation-lock-key.ts';
import type { JobOutcome, JobRunContext } from '../worker/worker.ts';
import { loadWorkload, recordAssignment } from '../worker/workload.ts';

/** One ticket whose issue is to be ensured. */
export interface TicketIssueInput {
  ref: string;
  /** The input's dedupe key (form idempotency key, mail dedupe key), hashed into the issue's hidden marker. */
  key: string;
  /** When the input was stored: the marker search looks at issues created from a minute before. */
  receivedAt: number;
  draft: TicketDraft;
  /** Title and body of the issue for the routing decision (labels and assignees are the decision's). */
  render(
    decision: RoutingOutcome,
  ): { title: string; body: string } | Promise<{ title: string; body: string }>;
  /** Runs in the transaction that records the issue, created or found by its marker. */
  onRecorded?(decision: RoutingOutcome, issueNumber: number): void | Promise<void>;
}

/** Routes the ticket and creates its issue, or finds the one an earlier attempt created. */
export async function ensureTicketIssue(
  bot: BotContext,
  input: TicketIssueInput,
  attempts: number,
  context: JobRunContext,
): Promise<JobOutcome> {
  const { tracker, refs, kv } = bot;
  const { ref, draft } = input;
  const log = context.log.child({ ref });
  const rules = bot.rules.current;
  const workload = await loadWorkload(kv, tracker, rules, context.now);
  const decision = route(draft, rules, workload, new Date(context.now));
  // A confidential queue (a rule's `repository:`): the issue is created, and looked for, in that repository.
  const target = decision.repository === undefined ? tracker : tracker.forRepository(decision.repository);

  // One replica at a time creates the reference's issue: a replica whose lease lapsed while its POST was on the
  // way (event loop starved) and the one that took the job over would both find no issue yet and both create
  // one. Inside the turn, look again: the store's record, the lease, and (a later attempt) the issue's marker.
  return bot.store.withLock(
    ticketCreationLockKey(ref),
    async (): Promise<JobOutcome> => {
      if ((await refs.get(ref))?.issueNumber !== undefined)
        return { status: 'done', note: 'issue already recorded' };
      // Taken over while this replica waited: the new holder creates or finds the issue, and records it.
      if (!(await context.holdsLease())) return { status: 'done', note: 'lease lost before the create' };
      // Reconcile first: an earlier attempt may have created the issue and died (or got a 502) before recording it.
      if (attempts > 1) {
        const since = new Date(input.receivedAt - 60_000).toISOString();
        const existing = await target.findIssueByMarker(ticketMarker(ref, input.key), since);
        if (existing) {
          log.info('issue found by marker; recorded without a second create', { issue: existing.number });
          return {
            status: 'done',
            note: 'reconciled',
            recordEffect: async () => {
              await refs.setIssueNumber(ref, existing.number, decision.repository);
              await input.onRecorded?.(decision, existing.number);
            },
          };
        }
      }

      const issue: NewIssue = {
        ...(await input.render(decision)),
        labels: decision.labels,
        assignees: decision.assignees,
      };
      const budget = await bot.budget.take(context.now);
      if (!budget.granted)
        return { status: 'defer', until: budget.retryAt, reason: 'write budget', holdTracker: true };
      crashPoint('before-create-post');
      let created;
      try {
        created = await target.createIssue(issue);
      } catch (error) {
        // An assignee GitHub refuses (not a collaborator any more) must not block the ticket: create it unassigned.
        if (!(error instanceof TrackerError) || error.code !== 'validation' || issue.assignees.length === 0)
          throw error;
        log.warn('GitHub refused the assignees; creating the issue unassigned', {
          assignees: issue.assignees,
        });
        // The second create is a write like the first: it waits for the budget too.
        const again = await bot.budget.take(context.now);
        if (!again.granted)
          return { status: 'defer', until: again.retryAt, reason: 'write budget', holdTracker: true };
        created = await target.createIssue({ ...issue, assignees: [] });
        issue.assignees = [];
      }
      crashPoint('after-create-post');
      bot.metrics.count('repodesk_tickets_created_total', 'Issues created from accepted inputs.', {
        channel: draft.channel,
      });
      log.info('issue created', { issue: created.number, channel: draft.channel, matched: decision.matched });
      return {
        status: 'done',
        recordEffect: async () => {
          await refs.setIssueNumber(ref, created.number, decision.repository);
          await recordAssignment(
            kv,
            issue.assignees,
            issue.assignees.length > 0 ? decision.lastAssigned : {},
          );
          await input.onRecorded?.(decision, created.number);
        },
      };
    },
    `the creation of ${ref}'s issue`,
  );
}

// One ticket's sweep plan: the SLA evaluation and escalation steps, then lifecycle automation, merged
// into one list of actions with no contradiction (a ticket being closed drops its escalation and its
// step labels; a label is never both added and removed).

import type { Calendar, Rules, SlaPolicy } from '../rules/types.ts';
import { planLifecycle } from '../lifecycle/plan-lifecycle.ts';
import { evaluateSla, type SlaEvaluation } from '../sla/evaluate-sla.ts';
import { planEscalation } from '../sla/plan-escalation.ts';
import { policyCalendar } from '../sla/policy-calendar.ts';
import { selectPolicy } from '../sla/select-policy.ts';
import type { TicketHistory } from '../sla/ticket-history.ts';
import type { OwnMarker, TicketAction } from '../tickets/ticket-action.ts';
import { slaStatusLine } from '../sla/sla-status-line.ts';
import { statusByLabel } from '../sla/ticket-history.ts';
import { withSlaStatusSection } from '../tickets/sla-status-section.ts';
import type { LabelIndex } from './ticket-facts.ts';
import { indexLabels, ticketFacts } from './ticket-facts.ts';

export interface TicketPlanInput {
  history: TicketHistory;
  title: string;
  /** The issue body (its hidden ticket marker may give organisation and channel). */
  body?: string;
  /** Who opened the issue: the body's markers count only in an issue repodesk opened. */
  author?: string;
  rules: Rules;
  labels: LabelIndex;
  /** The logins repodesk writes as (see `Tracker.repodeskLogins`). */
  repodeskLogins: readonly string[];
  ownMarkers: OwnMarker[];
  now: Date;
}

export interface TicketPlan {
  number: number;
  title: string;
  policy?: string;
  /** Why this policy (or none). */
  policyTrace: string[];
  evaluation?: SlaEvaluation;
  /** The shadow policy that would have been chosen and its clocks: recorded, never acted on. */
  shadow?: { policy: string; evaluation?: SlaEvaluation };
  actions: TicketAction[];
}

/** An issue as the tracker reads it, for `planIssue`. */
interface IssueAsRead extends Omit<TicketHistory, 'timeline'> {
  title: string;
  body?: string;
  author?: string;
}

/**
 * The plan for one issue as read from the tracker with its timeline (`repodesk why`, `sla explain`); the
 * sweep indexes the labels once for all its tickets and calls `planTicket` itself.
 */
export function planIssue(
  issue: IssueAsRead,
  timeline: TicketHistory['timeline'],
  input: Pick<TicketPlanInput, 'rules' | 'repodeskLogins' | 'ownMarkers' | 'now'>,
): TicketPlan {
  const { number, createdAt, state, labels, assignees } = issue;
  return planTicket({
    history: { number, createdAt, state, labels, assignees, timeline },
    title: issue.title,
    ...(issue.body === undefined ? {} : { body: issue.body }),
    ...(issue.author === undefined ? {} : { author: issue.author }),
    labels: indexLabels(input.rules),
    ...input,
  });
}

/** Finds a calendar of rules/sla.yaml by id, or says which ids exist. */
export function calendarOf(rules: Rules, id: string): Calendar {
  const calendar = rules.sla.calendars.find((candidate) => candidate.id === id);
  if (!calendar) {
    const known = rules.sla.calendars.map((candidate) => candidate.id).join(', ');
    throw new Error(`rules/sla.yaml: unknown calendar "${id}"; known calendars: ${known}`);
  }
  return calendar;
}

/** Evaluates one ticket and plans every action the sweep would take on it. */
export function planTicket(input: TicketPlanInput): TicketPlan {
  const { history, rules, now } = input;
  const { facts, team } = ticketFacts(
    history.labels,
    rules,
    input.labels,
    { body: input.body ?? '', author: input.author ?? '' },
    input.repodeskLogins,
  );
  const selection = selectPolicy(rules.sla.policies, facts);
  const policy: SlaPolicy | undefined = selection.policy;
  const evaluation =
    policy && history.state === 'open'
      ? evaluateSla(history, policy, policyCalendar(rules, policy, team?.id), now, rules.desk.statuses)
      : undefined;
  const escalation = planEscalation({
    history,
    evaluation,
    policy,
    policies: rules.sla.policies,
    escalationContact: team?.escalationContact,
    repodeskLogins: input.repodeskLogins,
    ownMarkers: input.ownMarkers,
  });
  const lifecycle = planLifecycle({
    history,
    title: input.title,
    desk: rules.desk,
    lifecycle: rules.desk.lifecycle,
    calendar: calendarOf(rules, rules.desk.lifecycle.calendar),
    replies: rules.replies,
    ownMarkers: input.ownMarkers,
    now,
  });

  let actions: TicketAction[];
  if (lifecycle.some((action) => action.kind === 'close')) {
    // Closing stops every clock: escalating now would ping someone about a ticket that is done.
    const stepLabels = new Set(
      rules.sla.policies.flatMap((candidate) => candidate.escalation.map((step) => step.label.toLowerCase())),
    );
    const closeCause = lifecycle.find((action) => action.kind === 'close')!.cause;
    actions = [
      ...lifecycle,
      ...history.labels
        .filter((label) => stepLabels.has(label.toLowerCase()))
        .map((label): TicketAction => ({ kind: 'remove-label', label, cause: closeCause })),
    ];
  } else {
    actions = [...escalation, ...lifecycle];
    const status =
      policy && evaluation && rules.sla.statusLine !== false
        ? slaStatusAction(input, policy, evaluation)
        : undefined;
    if (status) actions.push(status);
  }
  const plan: TicketPlan = {
    number: history.number,
    title: input.title,
    policyTrace: selection.trace,
    actions: mergeLabelActions(actions),
  };
  if (policy) plan.policy = policy.id;
  if (evaluation) plan.evaluation = evaluation;
  const { shadow } = selection;
  if (shadow) {
    const calendar = policyCalendar(rules, shadow, team?.id);
    plan.shadow = {
      policy: shadow.id,
      ...(history.state === 'open'
        ? { evaluation: evaluateSla(history, shadow, calendar, now, rules.desk.statuses) }
        : {}),
    };
  }
  return plan;
}

/** The status a sweep records with the status line: the ticket's one status label's id, else empty. */
export function statusOfLabels(labels: readonly string[], rules: Rules): string {
  const byLabel = statusByLabel(rules.desk.statuses);
  const statuses = labels.flatMap((label) => byLabel.get(label.toLowerCase()) ?? []);
  return statuses.length === 1 ? statuses[0]! : '';
}

/** The new SLA status line of the ticket's body, when it differs from the one there. */
function slaStatusAction(
  input: TicketPlanInput,
  policy: SlaPolicy,
  evaluation: SlaEvaluation,
): TicketAction | undefined {
  if (input.body === undefined) return undefined;
  const { rules } = input;
  const section = {
    policy: policy.id,
    status: statusOfLabels(input.history.labels, rules),
    line: slaStatusLine(
      evaluation,
      rules.desk.languages[0] ?? 'en',
      calendarOf(rules, evaluation.calendar).timezone,
    ),
  };
  if (withSlaStatusSection(input.body, section) === input.body) return undefined;
  return {
    kind: 'set-sla-status',
    section,
    cause: {
      source: 'sla',
      rule: `sla policy ${policy.id} status line`,
      reason: `the SLA status line of the issue body now reads: ${section.line}`,
    },
  };
}

/** Drops duplicate label actions and pairs that cancel out (added and removed in one plan). */
function mergeLabelActions(actions: TicketAction[]): TicketAction[] {
  const adds = new Set<string>();
  const removes = new Set<string>();
  for (const action of actions) {
    if (action.kind === 'add-label') adds.add(action.label.toLowerCase());
    if (action.kind === 'remove-label') removes.add(action.label.toLowerCase());
  }
  const seen = new Set<string>();
  return actions.filter((action) => {
    if (action.kind !== 'add-label' && action.kind !== 'remove-label') return true;
    const key = action.label.toLowerCase();
    if (adds.has(key) && removes.has(key)) return false;
    if (seen.has(`${action.kind}:${key}`)) return false;
    seen.add(`${action.kind}:${key}`);
    return true;
  });
}

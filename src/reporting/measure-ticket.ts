// What one ticket contributes to a report, measured with the sweep's own engines so that the report and the
// SLA labels never disagree: the facts and the policy are chosen by `ticketFacts` and `selectPolicy` (the
// sweep's), every clock is evaluated by `evaluateSla` on the policy's calendar at the end of the period, and
// the status over time is `statusChanges` (the sweep's reading of labels and state). Next-response cycles
// are evaluated one by one at the reply that ended each (the engine reports the last cycle at a given
// instant). Pure: the issue and its timeline in, measures out.

import type { Rules, SlaClock, SlaPolicy, StatusId } from '../rules/types.ts';
import { evaluateSla, type ClockEvaluation } from '../sla/evaluate-sla.ts';
import { selectPolicy } from '../sla/select-policy.ts';
import { sortedTimeline, statusChanges, type TicketHistory } from '../sla/ticket-history.ts';
import { policyCalendar } from '../sla/policy-calendar.ts';
import { ticketFacts, type LabelIndex } from '../sweep/ticket-facts.ts';
import type { Ticket } from '../tickets/types.ts';

/** One issue as the report reads it: the issue now and, when it touches the period, its timeline. */
export interface ReportTicket {
  history: TicketHistory;
  /** The repository when it is not the desk's default one (a confidential queue). */
  repository?: string;
  title: string;
  /** The issue body's leading markers (the facts intake wrote); the rest is never needed. */
  body: string;
  /** Who opened the issue: the facts count only in an issue repodesk opened. */
  author: string;
  /** GitHub's `state_reason`: `duplicate` is a merged ticket. */
  stateReason?: Ticket['stateReason'];
  /** The web address, for the list of breaches. */
  url: string;
  /** False when the timeline was not read (the ticket does not touch the period): volume only. */
  timelineRead: boolean;
}

/** The dimensions a report groups tickets by. */
export interface TicketDimensions {
  team: string;
  type: string;
  priority: string;
  channel: string;
  organisation: string;
  form: string;
  language: string;
}

/** A clock as the report counts it. */
export interface ClockOutcome {
  clock: SlaClock;
  policy: string;
  target: string;
  targetMs: number;
  /** Business time counted, on the policy's calendar. */
  elapsedMs: number;
  /** Used up its target: late (met after the target) or breached (still running past it). */
  breached: boolean;
  /** Stopped by an agent's public reply (response clocks) or by the ticket being resolved. */
  stoppedAt?: number;
  /** Stopped by an agent's public reply (not by the ticket being closed). */
  answered: boolean;
  /** Who answered (response clocks). */
  answeredBy?: string;
  dueAt: number;
  startedAt: number;
}

export interface TicketMeasures {
  number: number;
  /** The repository when it is not the desk's default one (a confidential queue). */
  repository?: string;
  title: string;
  url: string;
  createdAt: number;
  merged: boolean;
  dimensions: TicketDimensions;
  /** The SLA policy of the ticket, when one applies. */
  policy?: string;
  firstResponse?: ClockOutcome;
  /** Every next-response cycle that ended by the end of the period, and the open one. */
  nextResponses: ClockOutcome[];
  resolution?: ClockOutcome;
  /** Agents' public replies up to the end of the period. */
  replies: { at: number; login: string }[];
  /** Instants the ticket became resolved or closed (from a working status). */
  resolutions: number[];
  /** Instants the issue was closed (GitHub `closed` events). */
  closings: number[];
  /** Instants a resolved or closed ticket went back to work. */
  reopenings: number[];
  /** Status at the end of the period. */
  statusAtEnd: StatusId;
  /** Assignees at each resolution, in order (the agent credited with it). */
  assigneesAtResolution: string[][];
  /** Assignees at the end of the period. */
  assigneesAtEnd: string[];
  timelineRead: boolean;
}

const terminal: ReadonlySet<StatusId> = new Set(['resolved', 'closed']);
const none = '—';

/** The measures of `ticket` at `end` (the end of the period, or now when earlier). */
export function measureTicket(
  ticket: ReportTicket,
  rules: Rules,
  index: LabelIndex,
  repodeskLogins: readonly string[],
  end: number,
): TicketMeasures {
  const { history } = ticket;
  const { facts, team, form } = ticketFacts(
    history.labels,
    rules,
    index,
    { body: ticket.body, author: ticket.author },
    repodeskLogins,
  );
  const merged = history.state === 'closed' && ticket.stateReason === 'duplicate';
  const measures: TicketMeasures = {
    number: history.number,
    ...(ticket.repository === undefined ? {} : { repository: ticket.repository }),
    title: ticket.title,
    url: ticket.url,
    createdAt: Date.parse(history.createdAt),
    merged,
    dimensions: {
      team: team?.id ?? none,
      type: facts.type ?? none,
      priority: facts.priority ?? none,
      channel: facts.channel ?? none,
      organisation: facts.organisation ?? none,
      form: form ?? none,
      language: facts.language ?? none,
    },
    nextResponses: [],
    replies: [],
    resolutions: [],
    closings: [],
    reopenings: [],
    statusAtEnd: 'new',
    assigneesAtResolution: [],
    assigneesAtEnd: history.assignees,
    timelineRead: ticket.timelineRead,
  };
  // Without its timeline, a ticket is as its labels say now (nothing changed it since before the period).
  const changes = statusChanges(history, rules.desk.statuses).filter((change) => change.at <= end);
  measures.statusAtEnd = changes.at(-1)?.status ?? 'new';
  if (!ticket.timelineRead) return measures;

  const events = sortedTimeline(history.timeline).filter((event) => Date.parse(event.at) <= end);
  for (const [position, change] of changes.entries()) {
    const before = changes[position - 1]?.status;
    if (before === undefined) continue;
    if (terminal.has(change.status) && !terminal.has(before)) measures.resolutions.push(change.at);
    if (!terminal.has(change.status) && terminal.has(before)) measures.reopenings.push(change.at);
  }
  for (const event of events) {
    if (event.kind === 'closed') measures.closings.push(Date.parse(event.at));
    if (event.kind === 'commented' && event.author === 'agent' && event.public)
      measures.replies.push({ at: Date.parse(event.at), login: event.actor });
  }
  const assigneesAt = assigneeHistory(history);
  measures.assigneesAtResolution = measures.resolutions.map((at) => assigneesAt(at));
  measures.assigneesAtEnd = assigneesAt(end);

  const { policy } = selectPolicy(rules.sla.policies, facts);
  if (!policy) return measures;
  measures.policy = policy.id;
  const calendar = policyCalendar(rules, policy, facts.team);
  const evaluate = (at: number, only?: SlaClock) =>
    evaluateSla(history, only ? onlyClock(policy, only) : policy, calendar, new Date(at), rules.desk.statuses)
      .clocks;
  const clocks = evaluate(end);
  const firstReply = measures.replies[0];
  if (clocks.firstResponse) measures.firstResponse = outcome(clocks.firstResponse, policy.id, firstReply);
  if (clocks.resolution) measures.resolution = outcome(clocks.resolution, policy.id, undefined);
  if (policy.targets.nextResponse !== undefined) {
    const seen = new Set<string>();
    // Each reply ends the cycle open before it, if any: the engine at that instant reports it.
    for (const reply of [...measures.replies.slice(1), undefined]) {
      const cycle = evaluate(reply?.at ?? end, 'nextResponse').nextResponse;
      if (!cycle || seen.has(cycle.startedAt)) continue;
      if (reply !== undefined && cycle.stoppedAt !== new Date(reply.at).toISOString()) continue;
      seen.add(cycle.startedAt);
      measures.nextResponses.push(outcome(cycle, policy.id, reply));
    }
  }
  return measures;
}

function onlyClock(policy: SlaPolicy, clock: SlaClock): SlaPolicy {
  const target = policy.targets[clock];
  return { ...policy, targets: target === undefined ? {} : { [clock]: target } };
}

function outcome(
  clock: ClockEvaluation,
  policy: string,
  reply: { at: number; login: string } | undefined,
): ClockOutcome {
  const stoppedAt = clock.stoppedAt === undefined ? undefined : Date.parse(clock.stoppedAt);
  const answered = clock.clock !== 'resolution' && reply !== undefined && stoppedAt === reply.at;
  return {
    clock: clock.clock,
    policy,
    target: clock.target,
    targetMs: clock.targetMs,
    elapsedMs: clock.elapsedMs,
    breached: clock.state === 'breached' || clock.late,
    ...(stoppedAt !== undefined ? { stoppedAt } : {}),
    answered,
    ...(answered ? { answeredBy: reply.login } : {}),
    dueAt: Date.parse(clock.dueAt),
    startedAt: Date.parse(clock.startedAt),
  };
}

/** Who was assigned at an instant: the assignees now, with the later (un)assignments undone. */
function assigneeHistory(history: TicketHistory): (at: number) => string[] {
  const all = sortedTimeline(history.timeline);
  return (at) => {
    const assigned = new Set(history.assignees.map((login) => login.toLowerCase()));
    const names = new Map(history.assignees.map((login) => [login.toLowerCase(), login]));
    for (let position = all.length - 1; position >= 0; position -= 1) {
      const event = all[position]!;
      if (Date.parse(event.at) <= at) break;
      if (event.kind === 'assigned') assigned.delete(event.assignee.toLowerCase());
      else if (event.kind === 'unassigned') {
        assigned.add(event.assignee.toLowerCase());
        names.set(event.assignee.toLowerCase(), event.assignee);
      }
    }
    return [...assigned].map((key) => names.get(key) ?? key).sort();
  };
}

// The routing half of a simulation: the same tickets routed under the base rules and the head rules, and
// what differs for each (team, priority, type, how assignees are chosen, labels, automatic replies), with
// both traces of each changed ticket. Assignment runs on an empty workload at `now` (no open tickets, no
// round-robin history): the strategy is compared, or the logins a rule names, not whom a strategy picks.
// Pure: drafts and rules in, the difference out.

import { compileRouting } from '../routing/compile-routing.ts';
import { route, type RoutingOutcome } from '../routing/route.ts';
import type { Rules } from '../rules/types.ts';
import type { TicketDraft } from '../tickets/types.ts';

/** One ticket to route twice. */
export interface ReplayTicket {
  /** The repository of its issue when not the desk's default one (a confidential queue). */
  repository?: string;
  number: number;
  title: string;
  draft: TicketDraft;
}

export const routingAspects = ['team', 'priority', 'type', 'assignment', 'labels', 'replies'] as const;
export type RoutingAspect = (typeof routingAspects)[number];

/** One aspect of a decision that the head rules change. */
export interface AspectChange {
  aspect: RoutingAspect;
  base: string;
  head: string;
}

export interface ChangedRouting {
  /** The repository of its issue when not the desk's default one. */
  repository?: string;
  number: number;
  title: string;
  changes: AspectChange[];
  /** The rules that matched under each side, and each side's trace. */
  base: { matched: string[]; trace: string[] };
  head: { matched: string[]; trace: string[] };
}

export interface RoutingReplay {
  replayed: number;
  /**
   * Tickets replayed without their requester's domain (created before the facts marker kept it): rules on
   * the requester's domain, and organisations found by domain, see none for them, so they are not replayable
   * for such rules.
   */
  notReplayable: number;
  changed: number;
  /** How many tickets each aspect changes for. */
  byAspect: Record<RoutingAspect, number>;
  tickets: ChangedRouting[];
}

const none = '(none)';

function aspects(outcome: RoutingOutcome): Record<RoutingAspect, string> {
  return {
    team: outcome.team ?? none,
    priority: outcome.priority,
    type: outcome.type,
    // Who a strategy picks depends on the workload, which a simulation does not have: the strategy counts.
    assignment:
      outcome.assignment === 'explicit'
        ? `explicit: ${outcome.assignees.join(', ') || none}`
        : outcome.assignment,
    labels: [...outcome.labels].sort().join(', ') || none,
    replies: outcome.replies.join(', ') || none,
  };
}

/**
 * A draft that had a requester's address at intake but whose facts do not give its domain. Issues opened on
 * GitHub and monitoring alerts never had one.
 */
function lacksRequesterDomain(draft: TicketDraft): boolean {
  return draft.requester.email === '' && draft.channel !== 'github' && draft.channel !== 'alert';
}

/** Routes every ticket under `base` and `head` and keeps those whose decision differs. */
export function replayRouting(
  tickets: readonly ReplayTicket[],
  base: Rules,
  head: Rules,
  now: Date,
): RoutingReplay {
  const compiled = { base: compileRouting(base), head: compileRouting(head) };
  const empty = () => ({ openByAgent: {}, lastAssigned: {} });
  const byAspect = Object.fromEntries(routingAspects.map((aspect) => [aspect, 0])) as Record<
    RoutingAspect,
    number
  >;
  const changed: ChangedRouting[] = [];
  for (const ticket of tickets) {
    const before = route(ticket.draft, compiled.base, empty(), now);
    const after = route(ticket.draft, compiled.head, empty(), now);
    const [was, is] = [aspects(before), aspects(after)];
    const changes = routingAspects
      .filter((aspect) => was[aspect] !== is[aspect])
      .map((aspect) => ({ aspect, base: was[aspect], head: is[aspect] }));
    if (changes.length === 0) continue;
    for (const change of changes) byAspect[change.aspect] += 1;
    changed.push({
      ...(ticket.repository === undefined ? {} : { repository: ticket.repository }),
      number: ticket.number,
      title: ticket.title,
      changes,
      base: { matched: before.matched, trace: before.trace },
      head: { matched: after.matched, trace: after.trace },
    });
  }
  return {
    replayed: tickets.length,
    notReplayable: tickets.filter((ticket) => lacksRequesterDomain(ticket.draft)).length,
    changed: changed.length,
    byAspect,
    tickets: changed,
  };
}

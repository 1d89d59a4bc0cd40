// The SLA half of a simulation: every open ticket's policy and clocks (due time and state) under the base
// rules and the head rules at `now`, as the sweep computes them from the issue alone (labels, facts marker,
// timeline), and how many tickets the head rules would put at risk or in breach at once.
// Pure: issues, their histories and rules in, the difference out.

import type { Rules } from '../rules/types.ts';
import { dueClocks, type DueClocks } from '../sla/due-clocks.ts';
import type { ClockState } from '../sla/evaluate-sla.ts';
import type { TicketHistory } from '../sla/ticket-history.ts';
import { planTicket } from '../sweep/plan-ticket.ts';
import { indexLabels } from '../sweep/ticket-facts.ts';

/** An open ticket as GitHub holds it. */
export interface SlaTicket {
  /** The repository of its issue when not the desk's default one (a confidential queue). */
  repository?: string;
  history: TicketHistory;
  title: string;
  body: string;
  author: string;
}

/**
 * A ticket's SLA under one side's rules: no policy, or the policy and its running clocks; and the shadow
 * policy (`mode: shadow`) that would have been chosen, with its clocks (recorded, never applied).
 */
export interface SlaSide {
  policy: string | null;
  clocks: DueClocks;
  shadow?: { policy: string; clocks: DueClocks };
}

export interface ChangedSla {
  /** The repository of its issue when not the desk's default one. */
  repository?: string;
  number: number;
  title: string;
  base: SlaSide;
  head: SlaSide;
  /** At risk or breached under head while neither under base (the head rules would escalate it at once). */
  becomes: 'at-risk' | 'breached' | null;
}

export interface SlaDiff {
  open: number;
  changed: number;
  becomeAtRisk: number;
  becomeBreached: number;
  tickets: ChangedSla[];
}

const severity: Record<ClockState, number> = { met: 0, paused: 0, ok: 0, 'at-risk': 1, breached: 2 };

function worst(side: SlaSide): number {
  return Math.max(0, ...Object.values(side.clocks).map((clock) => severity[clock.state]));
}

function sideOf(
  ticket: SlaTicket,
  rules: Rules,
  labels: ReturnType<typeof indexLabels>,
  logins: readonly string[],
  now: Date,
): SlaSide {
  const plan = planTicket({
    history: ticket.history,
    title: ticket.title,
    body: ticket.body,
    author: ticket.author,
    rules,
    labels,
    repodeskLogins: logins,
    ownMarkers: [],
    now,
  });
  return {
    policy: plan.policy ?? null,
    clocks: dueClocks(plan.evaluation),
    ...(plan.shadow
      ? { shadow: { policy: plan.shadow.policy, clocks: dueClocks(plan.shadow.evaluation) } }
      : {}),
  };
}

/**
 * Evaluates every open ticket under `base` and `head` and keeps those whose policy or clocks differ, or
 * whose shadow policy's outcome does (at risk or breached counts only the policy applied).
 */
export function diffSla(
  tickets: readonly SlaTicket[],
  base: Rules,
  head: Rules,
  repodeskLogins: readonly string[],
  now: Date,
): SlaDiff {
  const labels = { base: indexLabels(base), head: indexLabels(head) };
  const open = tickets.filter((ticket) => ticket.history.state === 'open');
  const changed: ChangedSla[] = [];
  for (const ticket of open) {
    const before = sideOf(ticket, base, labels.base, repodeskLogins, now);
    const after = sideOf(ticket, head, labels.head, repodeskLogins, now);
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    const [was, is] = [worst(before), worst(after)];
    changed.push({
      ...(ticket.repository === undefined ? {} : { repository: ticket.repository }),
      number: ticket.history.number,
      title: ticket.title,
      base: before,
      head: after,
      becomes: is > was ? (is === 2 ? 'breached' : 'at-risk') : null,
    });
  }
  return {
    open: open.length,
    changed: changed.length,
    becomeAtRisk: changed.filter((ticket) => ticket.becomes === 'at-risk').length,
    becomeBreached: changed.filter((ticket) => ticket.becomes === 'breached').length,
    tickets: changed,
  };
}

// The service table per value of one dimension (`repodesk report --by team|agent|type|channel|organisation|
// priority`): created, resolved, backlog, first response and resolution times, attainment and breaches per
// group. The agent of a ticket is whoever is assigned at the end of the period (a ticket with two assignees
// is in both groups; none: `—`).

import { inPeriod } from './in-period.ts';
import type { TicketMeasures } from './measure-ticket.ts';
import type { ReportPeriod } from './report-period.ts';
import {
  satisfactionScore,
  ticketKey,
  type SatisfactionRating,
  type SatisfactionScore,
} from './satisfaction.ts';
import { periodClocks, type Attainment } from './service-levels.ts';
import { summarise, type Summary } from './summarise.ts';

export const groupings = ['team', 'agent', 'type', 'channel', 'organisation', 'priority'] as const;
export type Grouping = (typeof groupings)[number];

export interface GroupLine {
  group: string;
  created: number;
  resolved: number;
  /** Open at the end of the period. */
  backlog: number;
  /** Business time to first response (answered in the period), milliseconds. */
  firstResponse: Summary;
  /** Business time to resolution (resolved in the period), milliseconds. */
  resolution: Summary;
  /** Every clock of the period (first response, next responses, resolution). */
  attainment: Attainment;
  breaches: number;
  /** CSAT of the group's tickets rated in the period; null when no ratings are known. */
  csat: SatisfactionScore | null;
}

const terminal = new Set(['resolved', 'closed']);

/** One line per value of `grouping`, biggest first. */
export function groupReport(
  tickets: readonly TicketMeasures[],
  grouping: Grouping,
  period: ReportPeriod,
  ratings?: readonly SatisfactionRating[],
): GroupLine[] {
  const groups = new Map<string, TicketMeasures[]>();
  for (const ticket of tickets) {
    const keys =
      grouping === 'agent'
        ? ticket.assigneesAtEnd.length > 0
          ? ticket.assigneesAtEnd
          : ['—']
        : [ticket.dimensions[grouping]];
    for (const key of keys) groups.set(key, [...(groups.get(key) ?? []), ticket]);
  }
  const lines = [...groups].map(([group, mine]): GroupLine => {
    const clocks = mine.flatMap((ticket) => periodClocks(ticket, period));
    const missed = clocks.filter((clock) => clock.breached).length;
    return {
      group,
      created: mine.filter((ticket) => inPeriod(ticket.createdAt, period)).length,
      resolved: mine.filter(
        (ticket) => !ticket.merged && ticket.resolutions.some((at) => inPeriod(at, period)),
      ).length,
      backlog: mine.filter(
        (ticket) => !ticket.merged && ticket.createdAt <= period.to && !terminal.has(ticket.statusAtEnd),
      ).length,
      firstResponse: summarise(
        clocks
          .filter((clock) => clock.clock === 'firstResponse' && clock.answered)
          .map((clock) => clock.elapsedMs),
      ),
      resolution: summarise(
        clocks
          .filter((clock) => clock.clock === 'resolution' && clock.stoppedAt !== undefined)
          .map((clock) => clock.elapsedMs),
      ),
      attainment: {
        count: clocks.length,
        within: clocks.length - missed,
        missed,
        rate: clocks.length === 0 ? null : (clocks.length - missed) / clocks.length,
      },
      breaches: missed,
      csat: satisfactionScore(ratings, new Set(mine.map(ticketKey))),
    };
  });
  return lines
    .filter((line) => line.created + line.resolved + line.backlog + line.attainment.count > 0)
    .sort((a, b) => b.created - a.created || b.backlog - a.backlog || a.group.localeCompare(b.group));
}

// Volume of a period: tickets created, resolved and closed per day and per week (in the desk's timezone),
// created tickets per channel, type, team, organisation, form and language, and the hour-of-week heat map
// of arrivals next to the agent-hours teams.yaml schedules. A merged ticket counts once, as created (and
// as merged), never as resolved or closed.

import type { Rules } from '../rules/types.ts';
import { inPeriod } from './in-period.ts';
import type { TicketDimensions, TicketMeasures } from './measure-ticket.ts';
import { localDay, localWeek, periodDays, periodWeeks, type ReportPeriod } from './report-period.ts';
import { scheduledAgentHours } from './scheduled-agent-hours.ts';
import { DateTime } from 'luxon';

export const volumeDimensions = ['channel', 'type', 'team', 'organisation', 'form', 'language'] as const;
export type VolumeDimension = (typeof volumeDimensions)[number];

export interface VolumeLine {
  created: number;
  resolved: number;
  closed: number;
}

export interface VolumeReport {
  totals: VolumeLine & { merged: number };
  days: (VolumeLine & { day: string })[];
  weeks: (VolumeLine & { week: string })[];
  /** Created tickets per value of each dimension, most first (`—`: not known). */
  by: Record<VolumeDimension, { value: string; count: number }[]>;
  heatMap: {
    timezone: string;
    /** Tickets created per week day (0 = Monday) and hour, over the period. */
    arrivals: number[][];
    /** Agent-hours teams.yaml schedules in one week, per week day and hour (in the desk's timezone). */
    agentHours: number[][];
  };
}

const grid = (): number[][] => Array.from({ length: 7 }, () => Array<number>(24).fill(0));

/** The volume of the period. */
export function volumeReport(
  tickets: readonly TicketMeasures[],
  rules: Rules,
  period: ReportPeriod,
): VolumeReport {
  const days = new Map(periodDays(period).map((day) => [day, { day, created: 0, resolved: 0, closed: 0 }]));
  const weeks = new Map(
    periodWeeks(period).map((week) => [week, { week, created: 0, resolved: 0, closed: 0 }]),
  );
  const totals = { created: 0, resolved: 0, closed: 0, merged: 0 };
  const counts = Object.fromEntries(
    volumeDimensions.map((name) => [name, new Map<string, number>()]),
  ) as Record<VolumeDimension, Map<string, number>>;
  const arrivals = grid();
  const add = (at: number, field: keyof VolumeLine) => {
    totals[field] += 1;
    const day = days.get(localDay(at, period.timezone));
    if (day) day[field] += 1;
    const week = weeks.get(localWeek(at, period.timezone));
    if (week) week[field] += 1;
  };
  for (const ticket of tickets) {
    if (inPeriod(ticket.createdAt, period)) {
      add(ticket.createdAt, 'created');
      if (ticket.merged) totals.merged += 1;
      for (const name of volumeDimensions) {
        const value = ticket.dimensions[name as keyof TicketDimensions];
        counts[name].set(value, (counts[name].get(value) ?? 0) + 1);
      }
      const local = DateTime.fromMillis(ticket.createdAt, { zone: period.timezone });
      arrivals[local.weekday - 1]![local.hour]! += 1;
    }
    if (ticket.merged) continue;
    for (const at of ticket.resolutions) if (inPeriod(at, period)) add(at, 'resolved');
    for (const at of ticket.closings) if (inPeriod(at, period)) add(at, 'closed');
  }
  const by = Object.fromEntries(
    volumeDimensions.map((name) => [
      name,
      [...counts[name]]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
    ]),
  ) as VolumeReport['by'];
  return {
    totals,
    days: [...days.values()],
    weeks: [...weeks.values()],
    by,
    heatMap: {
      timezone: period.timezone,
      arrivals,
      agentHours: scheduledAgentHours(rules.teams.agents, period.timezone, period.to),
    },
  };
}

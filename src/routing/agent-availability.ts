// Whether an agent can take a ticket at `now`: not out of office, inside their working hours (both in
// the agent's own timezone), and under capacity. Pure: `now` is passed in.

import type { Agent, WeekDay, WeeklyHours } from '../rules/types.ts';
import { weekDays } from '../rules/types.ts';

export type Availability = { available: true } | { available: false; reason: string };

/** Working hours parsed once: per week day, `[startMinute, endMinute)` ranges. */
export type ParsedHours = Record<WeekDay, [number, number][]>;

/** An agent's local date and time at some instant. */
export interface LocalTime {
  date: string;
  day: WeekDay;
  minute: number;
  /** `Sun 23:10 Europe/Paris`, for the trace. */
  label: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local time in `timezone` at `now`; throws a RangeError for a timezone that does not exist. */
function localTime(now: Date, timezone: string): LocalTime {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timezone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(now)) parts[part.type] = part.value;
  const weekday = parts.weekday ?? 'Mon';
  const hour = parts.hour ?? '00';
  const minute = parts.minute ?? '00';
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    day: weekday.slice(0, 3).toLowerCase() as WeekDay,
    minute: Number(hour) * 60 + Number(minute),
    label: `${weekday} ${hour}:${minute} ${timezone}`,
  };
}

function toMinute(clock: string): number {
  const [hours, minutes] = clock.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/**
 * Parses `HH:MM-HH:MM` ranges. A shift past midnight is written as two ranges (`mon: ['22:00-24:00']`,
 * `tue: ['00:00-06:00']`): `repodesk validate` refuses a range whose end is not after its start.
 */
export function parseHours(hours: WeeklyHours): ParsedHours {
  const parsed = Object.fromEntries(weekDays.map((day) => [day, [] as [number, number][]])) as ParsedHours;
  for (const day of weekDays) {
    for (const range of hours[day] ?? []) {
      const [from = '', to = ''] = range.split('-');
      const start = toMinute(from.trim());
      const end = toMinute(to.trim());
      if (end > start) parsed[day].push([start, end]);
    }
  }
  return parsed;
}

/** Why `agent` cannot take a ticket at `now` with `openCount` tickets already assigned, if they cannot. */
export function agentAvailability(
  agent: Agent,
  hours: ParsedHours,
  openCount: number,
  now: Date,
): Availability {
  let local: LocalTime;
  try {
    local = localTime(now, agent.timezone);
  } catch {
    return { available: false, reason: `unknown timezone ${JSON.stringify(agent.timezone)}` };
  }
  const away = agent.outOfOffice.find((period) => period.from <= local.date && local.date <= period.to);
  if (away) return { available: false, reason: `out of office (${away.from} to ${away.to})` };
  if (!hours[local.day].some(([start, end]) => start <= local.minute && local.minute < end)) {
    return { available: false, reason: `outside working hours (${local.label})` };
  }
  if (openCount >= agent.capacity) {
    return { available: false, reason: `at capacity (${openCount} of ${agent.capacity} open)` };
  }
  return { available: true };
}

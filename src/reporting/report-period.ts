// The days and weeks of a report period in the desk's timezone: a manager's "November" starts at local
// midnight on the 1st, and a week starts on Monday (ISO weeks), whatever the server's clock says.

import { DateTime } from 'luxon';

export interface ReportPeriod {
  /** First instant of the period (inclusive), epoch milliseconds. */
  from: number;
  /** Last instant of the period (inclusive), epoch milliseconds. */
  to: number;
  /** IANA timezone the days and weeks are cut in. */
  timezone: string;
}

/** `YYYY-MM-DD` of an instant in `timezone`. */
export function localDay(ms: number, timezone: string): string {
  return DateTime.fromMillis(ms, { zone: timezone }).toISODate() ?? '';
}

/** The Monday (`YYYY-MM-DD`) of the ISO week holding an instant, in `timezone`. */
export function localWeek(ms: number, timezone: string): string {
  return DateTime.fromMillis(ms, { zone: timezone }).startOf('week').toISODate() ?? '';
}

/** Every local day of the period, oldest first. */
export function periodDays(period: ReportPeriod): string[] {
  const days: string[] = [];
  let day = DateTime.fromMillis(period.from, { zone: period.timezone }).startOf('day');
  const last = DateTime.fromMillis(period.to, { zone: period.timezone }).startOf('day');
  while (day <= last && days.length < 3_700) {
    days.push(day.toISODate() ?? '');
    day = day.plus({ days: 1 });
  }
  return days;
}

/** Every ISO week (its Monday) the period touches, oldest first. */
export function periodWeeks(period: ReportPeriod): string[] {
  return [...new Set(periodDays(period).map((day) => localWeek(Date.parse(`${day}T12:00:00Z`), 'UTC')))];
}

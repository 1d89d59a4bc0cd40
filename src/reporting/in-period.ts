// Which clocks and events belong to a period. A clock belongs to the period it ended in (answered, or the
// ticket resolved), or, still running at the end of the period, to the period its target fell due in: a
// breach is counted once as a miss, and listed as open at the end of every later period until it ends.

import type { ClockOutcome } from './measure-ticket.ts';
import type { ReportPeriod } from './report-period.ts';

/** Whether `at` lies in the period (both ends included). */
export function inPeriod(at: number, period: ReportPeriod): boolean {
  return at >= period.from && at <= period.to;
}

/** Whether a clock counts in the period's attainment and times. */
export function clockInPeriod(clock: ClockOutcome, period: ReportPeriod): boolean {
  if (clock.stoppedAt !== undefined) return inPeriod(clock.stoppedAt, period);
  return clock.breached && inPeriod(clock.dueAt, period);
}

// Checks of time in the rules: timezones that exist, real dates, weekly hours that make sense.
import { DateTime, IANAZone } from 'luxon';
import { closestMatch } from '../closest-match.ts';
import type { Finding } from '../finding.ts';
import type { WeeklyHours } from '../types.ts';
import { weekDays } from '../types.ts';
import type { PathSegment } from '../yaml-source.ts';

let timezoneNames: string[] | undefined;

export function timezoneProblem(zone: string): string | undefined {
  if (IANAZone.isValidZone(zone)) return undefined;
  timezoneNames ??= Intl.supportedValuesOf('timeZone');
  const suggestion = closestMatch(zone, timezoneNames);
  const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
  return `unknown timezone "${zone}"${hint}; expected an IANA timezone name such as Europe/Paris, America/Montreal or UTC`;
}

export function dateProblem(date: string): string | undefined {
  return DateTime.fromISO(date, { zone: 'utc' }).isValid
    ? undefined
    : `"${date}" is not a real date; expected YYYY-MM-DD`;
}

const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Empty and overlapping ranges of weekly hours. */
export function checkWeeklyHours(
  file: string,
  base: PathSegment[],
  hours: WeeklyHours | undefined,
  out: Finding[],
): void {
  for (const day of weekDays) {
    const ranges = (hours?.[day] ?? []).map((text, index) => ({
      text,
      index,
      start: toMinutes(text.slice(0, 5)),
      end: toMinutes(text.slice(6, 11)),
    }));
    for (const range of ranges) {
      if (range.start >= range.end) {
        out.push({
          file,
          path: [...base, day, range.index],
          severity: 'error',
          message: `empty range "${range.text}": the start must be before the end; for hours past midnight, end this day at 24:00 and start the next at 00:00`,
        });
      }
    }
    const valid = ranges.filter((range) => range.start < range.end).sort((a, b) => a.start - b.start);
    for (let i = 1; i < valid.length; i += 1) {
      const previous = valid[i - 1]!;
      const current = valid[i]!;
      if (current.start < previous.end) {
        out.push({
          file,
          path: [...base, day, current.index],
          severity: 'error',
          message: `range "${current.text}" overlaps "${previous.text}" on ${day}; merge them or fix one of them`,
        });
      }
    }
  }
}

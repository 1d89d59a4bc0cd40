// A reader of iCalendar (RFC 5545) files: the all-day events, as holidays. One VEVENT per day, a
// DTSTART/DTEND span, or a recurring event (RRULE, with RDATE and EXDATE), whose rule ical.js reads and
// expands within a bounded horizon (see `icsHorizon`). Timed events are not holidays and are skipped.
// A recurrence rule ical.js cannot read is a problem at its line, never a silent skip.
import ICAL from 'ical.js';
import type { Holiday } from '../../types.ts';

/** A recurrence rule that cannot be read, at its 1-based line in the file. */
export interface IcsProblem {
  line: number;
  message: string;
}

export interface IcsHolidays {
  /** One holiday per day, sorted. */
  holidays: Holiday[];
  problems: IcsProblem[];
}

/**
 * The years a recurring holiday is expanded over, from `now`: the previous year (clocks of tickets opened
 * then) to five years ahead. Rules are loaded again on every change and at every start.
 */
function icsHorizon(now: Date): { from: string; to: string } {
  const year = now.getUTCFullYear();
  return { from: `${year - 1}-01-01`, to: `${year + 5}-12-31` };
}

/** Occurrences looked at per recurring event at most, so that no rule can make loading slow. */
const maxOccurrences = 5_000;
const dayMs = 86_400_000;

function toIsoDate(value: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  if (!match) return undefined;
  const iso = `${match[1]}-${match[2]}-${match[3]}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? ' ' : c)).trim();
}

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);

interface EventLines {
  start?: string;
  end?: string;
  name?: string;
  rule?: { value: string; line: number };
  extraDates: string[];
  exceptDates: Set<string>;
}

/** Lines unfolded (a line starting with a space or tab continues the previous one), with their first line. */
function logicalLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((raw, index) => {
      const last = out.at(-1);
      if (last && (raw.startsWith(' ') || raw.startsWith('\t'))) last.text += raw.slice(1);
      else out.push({ text: raw, line: index + 1 });
    });
  return out;
}

/** The start dates of a recurring event's occurrences within the horizon, or the rule's problem. */
function occurrences(
  event: EventLines & { start: string },
  horizon: { from: string; to: string },
): string[] | IcsProblem {
  const rule = event.rule!;
  const where = `RRULE "${rule.value}"`;
  if (!/(^|;)FREQ=/i.test(rule.value))
    return {
      line: rule.line,
      message: `${where} has no FREQ; write the frequency first, e.g. RRULE:FREQ=YEARLY for a holiday on the same day every year`,
    };
  let recur: ICAL.Recur;
  try {
    recur = ICAL.Recur.fromString(rule.value);
  } catch (error) {
    return {
      line: rule.line,
      message: `${where} cannot be read: ${(error as Error).message}; fix it (RFC 5545 section 3.3.10, e.g. RRULE:FREQ=YEARLY) or list each day as its own event`,
    };
  }
  const dates: string[] = [];
  const iterator = recur.iterator(ICAL.Time.fromDateString(event.start));
  for (let count = 0; count < maxOccurrences; count += 1) {
    const next = iterator.next();
    if (!next) break;
    const date = next.toString().slice(0, 10);
    if (date > horizon.to) break;
    if (date >= horizon.from) dates.push(date);
  }
  return dates;
}

/** The all-day events of an ICS text (`DTSTART;VALUE=DATE:20261225`), recurring ones expanded from `now`. */
export function readIcsHolidays(text: string, now: Date): IcsHolidays {
  const horizon = icsHorizon(now);
  const byDate = new Map<string, Holiday>();
  const problems: IcsProblem[] = [];
  const add = (date: string, name: string | undefined) => {
    if (!byDate.has(date)) byDate.set(date, name ? { date, name } : { date });
  };
  let event: EventLines | undefined;
  for (const { text: line, line: lineNumber } of logicalLines(text)) {
    if (line === 'BEGIN:VEVENT') {
      event = { extraDates: [], exceptDates: new Set() };
      continue;
    }
    if (line === 'END:VEVENT') {
      if (event?.start) {
        // DTEND of an all-day event is exclusive; without it the event lasts one day.
        const days = event.end
          ? Math.max(1, Math.round((Date.parse(event.end) - Date.parse(event.start)) / dayMs))
          : 1;
        let starts: string[] = [event.start];
        if (event.rule) {
          const found = occurrences({ ...event, start: event.start }, horizon);
          if (Array.isArray(found)) starts = found;
          else problems.push(found);
        }
        for (const start of [...starts, ...event.extraDates]) {
          if (event.exceptDates.has(start)) continue;
          for (let day = 0; day < days; day += 1) add(addDays(start, day), event.name);
        }
      }
      event = undefined;
      continue;
    }
    if (!event) continue;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const [name = '', ...params] = line.slice(0, colon).toUpperCase().split(';');
    const value = line.slice(colon + 1);
    const allDay = params.includes('VALUE=DATE') || /^\d{8}$/.test(value.trim());
    const dates = () => value.split(',').flatMap((part) => toIsoDate(part) ?? []);
    if (name === 'DTSTART' && allDay) event.start = toIsoDate(value);
    else if (name === 'DTEND' && allDay) event.end = toIsoDate(value);
    else if (name === 'SUMMARY') event.name = unescapeText(value);
    else if (name === 'RRULE') event.rule = { value: value.trim(), line: lineNumber };
    else if (name === 'RDATE' && allDay) event.extraDates.push(...dates());
    else if (name === 'EXDATE' && allDay) for (const date of dates()) event.exceptDates.add(date);
  }
  const holidays = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { holidays, problems };
}

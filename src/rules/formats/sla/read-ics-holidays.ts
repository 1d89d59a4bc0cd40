// A tiny reader of iCalendar (RFC 5545) files: the all-day events, as holidays. Enough for public
// holiday calendars (one VEVENT per day, or a DTSTART/DTEND span); recurring rules are not expanded.
import type { Holiday } from '../../types.ts';

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

/** The all-day events of an ICS text (`DTSTART;VALUE=DATE:20261225`), one holiday per day, sorted. */
export function readIcsHolidays(text: string): Holiday[] {
  // Unfold continuation lines (a line starting with a space or tab continues the previous one).
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n');
  const byDate = new Map<string, Holiday>();
  let event: { start?: string; end?: string; name?: string } | undefined;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') {
      event = {};
      continue;
    }
    if (line === 'END:VEVENT') {
      if (event?.start) {
        const first = new Date(`${event.start}T00:00:00Z`);
        // DTEND of an all-day event is exclusive; without it the event lasts one day.
        const end = event.end ? new Date(`${event.end}T00:00:00Z`) : new Date(first.getTime() + 86_400_000);
        for (let day = first; day < end; day = new Date(day.getTime() + 86_400_000)) {
          const date = day.toISOString().slice(0, 10);
          if (!byDate.has(date)) byDate.set(date, event.name ? { date, name: event.name } : { date });
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
    if (name === 'DTSTART' && allDay) event.start = toIsoDate(value);
    else if (name === 'DTEND' && allDay) event.end = toIsoDate(value);
    else if (name === 'SUMMARY') event.name = unescapeText(value);
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

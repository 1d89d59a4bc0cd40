// When `/snooze` wakes a ticket, from what the agent wrote and `now`, in the desk's time zone (the zone of the
// lifecycle calendar, rules/desk.yaml `lifecycle.calendar`): an agent in Paris who writes `lundi 9h` means
// nine in Paris, whatever the season. Read:
// - a duration: `4h`, `90m`, `1h30m` (elapsed time), `3d` (calendar days: the same local time three days
//   on, so a day across a change of summer time is 23 or 25 hours);
// - a date, `2026-12-24` (its start, 00:00), with a time `2026-12-24 14:00`, `2026-12-24 14h` or
//   `2026-12-24T14:00`; a time
//   that names its offset (`2026-12-24T14:00Z`, `…T14:00+01:00`) is taken as written;
// - a day, `lundi`/`monday` … `dimanche`/`sunday` (the next one), `demain`/`tomorrow`, `aujourd’hui`/`today`,
//   with a time (`9h`, `9h30`, `9:30`, `14:00`) or not (its start);
// - a time alone, `14:00` or `14h00` (the next one: today, else tomorrow). `9h` alone is nine hours.
// Pure: `now` is given; undefined for anything else.

import { DateTime } from 'luxon';

const weekdays: Readonly<Record<string, number>> = {
  lundi: 1,
  monday: 1,
  mardi: 2,
  tuesday: 2,
  mercredi: 3,
  wednesday: 3,
  jeudi: 4,
  thursday: 4,
  vendredi: 5,
  friday: 5,
  samedi: 6,
  saturday: 6,
  dimanche: 7,
  sunday: 7,
};
const dayOffsets: Readonly<Record<string, number>> = {
  "aujourd'hui": 0,
  'aujourd’hui': 0,
  today: 0,
  demain: 1,
  tomorrow: 1,
};

const durationPattern = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const offsetPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})$/;

interface ClockTime {
  hour: number;
  minute: number;
}

/** `9h`, `9h30`, `9:30`, `14:00` as a time of day; `hourOnly` also reads `9h` (after a day, where it is no duration). */
function readClockTime(word: string | undefined, hourOnly: boolean): ClockTime | undefined {
  if (word === undefined) return { hour: 0, minute: 0 };
  const found = /^(\d{1,2})(?:h(\d{2})?|:(\d{2}))$/.exec(word);
  if (!found || (!hourOnly && found[2] === undefined && found[3] === undefined)) return undefined;
  const hour = Number(found[1]);
  const minute = Number(found[2] ?? found[3] ?? 0);
  return hour < 24 && minute < 60 ? { hour, minute } : undefined;
}

function elapsed(word: string, now: number, zone: string): number | undefined {
  const found = durationPattern.exec(word);
  if (!found || word === '') return undefined;
  const [, days, hours, minutes] = found.map(Number);
  if (!days && !hours && !minutes) return undefined;
  return DateTime.fromMillis(now, { zone })
    .plus({ days: days || 0, hours: hours || 0, minutes: minutes || 0 })
    .toMillis();
}

function onDay(day: DateTime, time: ClockTime | undefined): number | undefined {
  if (!time) return undefined;
  const at = day.set({ hour: time.hour, minute: time.minute, second: 0, millisecond: 0 });
  return at.isValid ? at.toMillis() : undefined;
}

/** The first of the next eight days from `now`'s, in `zone`, that `fits` and whose `time` is after `now`. */
function nextDay(now: number, zone: string, time: ClockTime | undefined, fits: (day: DateTime) => boolean) {
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  for (let offset = 0; offset <= 7; offset += 1) {
    const day = today.plus({ days: offset });
    const at = fits(day) ? onDay(day, time) : undefined;
    if (at !== undefined && at > now) return at;
  }
  return undefined;
}

/** The instant `words` name (ms since the epoch), read in `zone` from `now`; undefined when they name none. */
export function snoozeUntil(words: readonly string[], now: number, zone: string): number | undefined {
  const [first = '', second, ...rest] = words.map((word) => word.toLowerCase());
  if (rest.length > 0 || first === '') return undefined;
  if (offsetPattern.test(words[0]!) && second === undefined) return Date.parse(words[0]!) || undefined;
  const joined = /^(\d{4}-\d{2}-\d{2})t(.+)$/.exec(first);
  if (joined && second !== undefined) return undefined;
  const [dayText, timeText] = joined ? [joined[1]!, joined[2]] : [first, second];
  const date = datePattern.exec(dayText);
  if (date) {
    const day = DateTime.fromObject(
      { year: Number(date[1]), month: Number(date[2]), day: Number(date[3]) },
      { zone },
    );
    return day.isValid ? onDay(day, readClockTime(timeText, true)) : undefined;
  }
  const weekday = weekdays[first];
  if (weekday !== undefined) {
    return nextDay(now, zone, readClockTime(second, true), (day) => day.weekday === weekday);
  }
  const offset = dayOffsets[first];
  if (offset !== undefined) {
    const day = DateTime.fromMillis(now, { zone }).startOf('day').plus({ days: offset });
    return onDay(day, readClockTime(second, true));
  }
  if (second !== undefined) return undefined;
  return elapsed(first, now, zone) ?? nextDay(now, zone, readClockTime(first, false), () => true);
}

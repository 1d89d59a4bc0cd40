// Business-time arithmetic over a calendar: weekly opening hours in an IANA timezone, holidays, or 24×7.
// Work is done one local day at a time (each day is a few opening intervals, cached per calendar), never
// minute by minute, so a sweep over thousands of tickets stays cheap. Local wall times are turned into
// instants with the zone's real offsets: an opening hour that does not exist (spring forward) is not
// counted, one that exists twice (fall back) is counted twice.

import { IANAZone } from 'luxon';
import type { Calendar, WeekDay } from '../rules/types.ts';
import { weekDays } from '../rules/types.ts';

const minuteMs = 60_000;
const dayMs = 86_400_000;
/** A calendar with no opening for this long is a mistake, not a slow week. */
const maxClosedDays = 3_660;

/** An opening interval `[start, end)` in epoch milliseconds. */
export interface OpeningInterval {
  start: number;
  end: number;
}

interface OpeningRange {
  startMinute: number;
  endMinute: number;
}

interface CompiledCalendar {
  zone: IANAZone;
  alwaysOpen: boolean;
  /** Index 0 = Monday … 6 = Sunday. */
  weekly: OpeningRange[][];
  /** Civil day numbers (days since 1970-01-01 in local dates). */
  holidays: Set<number>;
  /** Opening intervals per civil day number, computed on demand. */
  days: Map<number, OpeningInterval[]>;
  /** 24×7 with no holidays: business time is plain elapsed time. */
  trivial: boolean;
}

const compiled = new WeakMap<Calendar, CompiledCalendar>();
const rangePattern = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Problems that make a calendar unusable, each naming the field and the fix (empty when fine). */
export function checkCalendar(calendar: Calendar): string[] {
  const problems: string[] = [];
  if (!IANAZone.isValidZone(calendar.timezone)) {
    problems.push(
      `calendar "${calendar.id}" timezone: unknown IANA timezone "${calendar.timezone}"; e.g. Europe/Paris`,
    );
  }
  let opening = 0;
  for (const day of weekDays) {
    for (const [index, text] of (calendar.hours?.[day] ?? []).entries()) {
      const range = parseRange(text);
      if (!range) {
        problems.push(
          `calendar "${calendar.id}" hours.${day}[${index}]: expected "HH:MM-HH:MM" with start before end, found "${text}"`,
        );
      } else {
        opening += range.endMinute - range.startMinute;
      }
    }
  }
  if (!calendar.alwaysOpen && opening === 0) {
    problems.push(
      `calendar "${calendar.id}": no opening hours; add hours (e.g. mon: ['09:00-17:00']) or alwaysOpen: true`,
    );
  }
  for (const [index, holiday] of (calendar.holidays ?? []).entries()) {
    if (civilDayOf(holiday.date) === undefined) {
      problems.push(
        `calendar "${calendar.id}" holidays[${index}].date: expected YYYY-MM-DD, found "${holiday.date}"`,
      );
    }
  }
  return problems;
}

function parseRange(text: string): OpeningRange | undefined {
  const match = rangePattern.exec(text.trim());
  if (!match) return undefined;
  const startMinute = Number(match[1]) * 60 + Number(match[2]);
  const endMinute = Number(match[3]) * 60 + Number(match[4]);
  if (endMinute > 24 * 60 || endMinute <= startMinute) return undefined;
  return { startMinute, endMinute };
}

function civilDayOf(date: string): number | undefined {
  const match = datePattern.exec(date);
  if (!match) return undefined;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const day = ms / dayMs;
  // Date.UTC rolls 2026-02-30 over to March; refuse it instead.
  if (new Date(ms).toISOString().slice(0, 10) !== date) return undefined;
  return day;
}

function compile(calendar: Calendar): CompiledCalendar {
  const cached = compiled.get(calendar);
  if (cached) return cached;
  const problems = checkCalendar(calendar);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const weekly = weekDays.map((day: WeekDay) =>
    mergeRanges((calendar.hours?.[day] ?? []).map((text) => parseRange(text)!)),
  );
  const holidays = new Set<number>();
  for (const holiday of calendar.holidays ?? []) holidays.add(civilDayOf(holiday.date)!);
  const result: CompiledCalendar = {
    zone: IANAZone.create(calendar.timezone),
    alwaysOpen: calendar.alwaysOpen === true,
    weekly,
    holidays,
    days: new Map(),
    trivial: calendar.alwaysOpen === true && holidays.size === 0,
  };
  compiled.set(calendar, result);
  return result;
}

function mergeRanges(ranges: OpeningRange[]): OpeningRange[] {
  const sorted = [...ranges].sort((a, b) => a.startMinute - b.startMinute);
  const merged: OpeningRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.startMinute <= last.endMinute)
      last.endMinute = Math.max(last.endMinute, range.endMinute);
    else merged.push({ ...range });
  }
  return merged;
}

/**
 * The first local day whose openings can reach an instant, without asking the zone: offsets lie within
 * ±14 h, so the local day is the UTC day or a neighbour, and the day before may still be open after
 * midnight. Saves a timezone lookup per call on the hot path (its cached days are cheap to skip).
 */
function firstDayAround(ms: number): number {
  return Math.floor(ms / dayMs) - 2;
}

/** Local civil day number of an instant in the calendar's zone. */
function localDayOf(cal: CompiledCalendar, ms: number): number {
  return Math.floor((ms + cal.zone.offset(ms) * minuteMs) / dayMs);
}

/** Minutes since local midnight of an instant in the calendar's zone. */
function localMinuteOf(cal: CompiledCalendar, ms: number): number {
  const local = ms + cal.zone.offset(ms) * minuteMs;
  return Math.floor((local - Math.floor(local / dayMs) * dayMs) / minuteMs);
}

/**
 * The instant at which the local clock shows `minute` on civil `day`. A time that occurs twice gives the
 * first occurrence for a start and the last for an end; a time that does not occur gives the moment the
 * clocks jump past it.
 */
function instantOf(cal: CompiledCalendar, day: number, minute: number, edge: 'start' | 'end'): number {
  const local = day * dayMs + minute * minuteMs;
  const before = cal.zone.offset(local - dayMs);
  const after = cal.zone.offset(local + dayMs);
  const candidates: number[] = [];
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = local - offset * minuteMs;
    if (cal.zone.offset(instant) === offset) candidates.push(instant);
  }
  if (candidates.length > 0) return edge === 'start' ? Math.min(...candidates) : Math.max(...candidates);
  // In a gap: find the transition between the two offsets by bisection (rare: DST days only).
  let low = local - Math.max(before, after) * minuteMs;
  let high = local - Math.min(before, after) * minuteMs;
  const lowOffset = cal.zone.offset(low);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (cal.zone.offset(middle) === lowOffset) low = middle;
    else high = middle;
  }
  return high;
}

function weekdayIndexOf(day: number): number {
  // Civil day 0 (1970-01-01) was a Thursday; index 0 is Monday.
  return (((day + 3) % 7) + 7) % 7;
}

/** Opening intervals of one local civil day, in time order. */
function openingsOf(cal: CompiledCalendar, day: number): OpeningInterval[] {
  const cached = cal.days.get(day);
  if (cached) return cached;
  let intervals: OpeningInterval[];
  if (cal.holidays.has(day)) {
    intervals = [];
  } else if (cal.alwaysOpen) {
    intervals = [{ start: instantOf(cal, day, 0, 'start'), end: instantOf(cal, day + 1, 0, 'start') }];
  } else {
    intervals = [];
    for (const range of cal.weekly[weekdayIndexOf(day)] ?? []) {
      const start = instantOf(cal, day, range.startMinute, 'start');
      const end =
        range.endMinute === 24 * 60
          ? instantOf(cal, day + 1, 0, 'start')
          : instantOf(cal, day, range.endMinute, 'end');
      if (end > start) intervals.push({ start, end });
    }
  }
  if (cal.days.size > 20_000) cal.days.clear();
  cal.days.set(day, intervals);
  return intervals;
}

function toMs(instant: Date | number | string): number {
  const ms = typeof instant === 'number' ? instant : new Date(instant).getTime();
  if (Number.isNaN(ms))
    throw new Error(`invalid instant "${String(instant)}": expected an ISO-8601 date-time`);
  return ms;
}

/**
 * The instant at which `durationMs` of business time has been counted from `start` (open time only). A
 * zero duration gives the first open instant at or after `start`: `start` itself during opening hours,
 * else the next opening ("acknowledge at the next opening": Friday after closing → Monday's opening).
 */
export function addBusinessTime(calendar: Calendar, start: Date | number | string, durationMs: number): Date {
  return new Date(addBusinessMs(calendar, toMs(start), durationMs));
}

/** Same as `addBusinessTime` on epoch milliseconds (no allocation; used in hot loops). */
export function addBusinessMs(calendar: Calendar, startMs: number, durationMs: number): number {
  const cal = compile(calendar);
  if (durationMs < 0) return startMs;
  if (cal.trivial) return startMs + durationMs;
  let remaining = durationMs;
  // Start one day early: an instant just after local midnight can belong to the previous day's late opening.
  let day = firstDayAround(startMs);
  let closedDays = 0;
  for (;;) {
    const openings = openingsOf(cal, day);
    if (openings.length === 0 && ++closedDays > maxClosedDays) {
      throw new Error(`calendar "${calendar.id}" has no opening hours within ${maxClosedDays} days`);
    }
    for (const opening of openings) {
      if (opening.end <= startMs) continue;
      closedDays = 0;
      const from = Math.max(opening.start, startMs);
      const available = opening.end - from;
      if (remaining <= available) return from + remaining;
      remaining -= available;
    }
    day += 1;
  }
}

/** Business time in milliseconds between two instants; negative when `to` is before `from`. */
export function businessTimeBetween(
  calendar: Calendar,
  from: Date | number | string,
  to: Date | number | string,
): number {
  return businessMsBetween(calendar, toMs(from), toMs(to));
}

/** Same as `businessTimeBetween` on epoch milliseconds. */
export function businessMsBetween(calendar: Calendar, fromMs: number, toMs: number): number {
  if (toMs < fromMs) return -businessMsBetween(calendar, toMs, fromMs);
  const cal = compile(calendar);
  if (cal.trivial) return toMs - fromMs;
  let total = 0;
  const lastDay = Math.floor(toMs / dayMs) + 1;
  for (let day = firstDayAround(fromMs); day <= lastDay; day += 1) {
    for (const opening of openingsOf(cal, day)) {
      const start = Math.max(opening.start, fromMs);
      const end = Math.min(opening.end, toMs);
      if (end > start) total += end - start;
    }
  }
  return total;
}

/**
 * The same local wall time `days` open days later (holidays and closed days skipped): a ticket pending
 * since Friday 16:00 with 3 business days is due Wednesday 16:00 on a Monday–Friday calendar.
 */
export function addBusinessDays(calendar: Calendar, start: Date | number | string, days: number): Date {
  const cal = compile(calendar);
  const startMs = toMs(start);
  if (days <= 0) return new Date(startMs);
  const minute = localMinuteOf(cal, startMs);
  let day = localDayOf(cal, startMs);
  let counted = 0;
  let closedDays = 0;
  while (counted < days) {
    day += 1;
    if (openingsOf(cal, day).length > 0) {
      counted += 1;
      closedDays = 0;
    } else if (++closedDays > maxClosedDays) {
      throw new Error(`calendar "${calendar.id}" has no open day within ${maxClosedDays} days`);
    }
  }
  return new Date(instantOf(cal, day, minute, 'start'));
}

/** Whether the calendar is open at an instant. */
export function isOpenAt(calendar: Calendar, instant: Date | number | string): boolean {
  const cal = compile(calendar);
  const ms = toMs(instant);
  const day = localDayOf(cal, ms);
  return [day - 1, day].some((d) =>
    openingsOf(cal, d).some((opening) => opening.start <= ms && ms < opening.end),
  );
}

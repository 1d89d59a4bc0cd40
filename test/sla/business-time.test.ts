import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addBusinessTime,
  businessTimeBetween,
  checkCalendar,
  isOpenAt,
} from '../../src/sla/business-time.ts';
import { formatDuration, parseDuration } from '../../src/sla/parse-duration.ts';
import { calendarById } from './load-fixture.ts';

const hour = 3_600_000;
const minute = 60_000;

describe('addBusinessTime', () => {
  it.each([
    [
      'Friday 16:30 Paris + 4h is due Monday 12:30',
      'paris',
      '2026-11-20T15:30:00Z',
      4 * hour,
      '2026-11-23T11:30:00.000Z',
    ],
    [
      'Friday 16:30 Paris + 4h with Monday a holiday is due Tuesday 12:30',
      'paris-holiday',
      '2026-11-20T15:30:00Z',
      4 * hour,
      '2026-11-24T11:30:00.000Z',
    ],
    [
      'a ticket opened on Saturday starts counting Monday 09:00',
      'paris',
      '2026-11-21T10:00:00Z',
      hour,
      '2026-11-23T09:00:00.000Z',
    ],
    [
      'a ticket opened before opening time starts counting at 09:00',
      'paris',
      '2026-11-24T06:00:00Z',
      30 * minute,
      '2026-11-24T08:30:00.000Z',
    ],
    [
      'a ticket opened after closing time starts counting next morning',
      'paris',
      '2026-11-24T19:00:00Z',
      30 * minute,
      '2026-11-25T08:30:00.000Z',
    ],
    [
      'Paris spring forward: Friday 16:00 CET + 2h is Monday 10:00 CEST',
      'paris',
      '2026-03-27T15:00:00Z',
      2 * hour,
      '2026-03-30T08:00:00.000Z',
    ],
    [
      'Paris autumn: Friday 16:00 CEST + 2h is Monday 10:00 CET',
      'paris',
      '2026-10-23T14:00:00Z',
      2 * hour,
      '2026-10-26T09:00:00.000Z',
    ],
    [
      'Paris spring forward: the missing hour 02:00-03:00 is not counted',
      'paris-night',
      '2026-03-29T00:00:00Z',
      2 * hour,
      '2026-03-29T02:00:00.000Z',
    ],
    [
      'Paris autumn: the hour 02:00-03:00 that happens twice is counted twice',
      'paris-night',
      '2026-10-24T23:00:00Z',
      3.5 * hour,
      '2026-10-25T02:30:00.000Z',
    ],
    [
      'New York spring forward: Sunday 00:00-04:00 has only 3 hours',
      'new-york',
      '2026-03-06T22:00:00Z',
      5 * hour,
      '2026-03-09T13:00:00.000Z',
    ],
    [
      'New York: Friday 17:00 EST + 2h lands on Sunday 01:00 EST',
      'new-york',
      '2026-03-06T22:00:00Z',
      2 * hour,
      '2026-03-08T06:00:00.000Z',
    ],
    [
      'New York autumn: Sunday 00:00-04:00 has 5 hours',
      'new-york',
      '2026-10-31T22:00:00Z',
      5 * hour,
      '2026-11-01T09:00:00.000Z',
    ],
    [
      'split day: the lunch break is skipped',
      'paris-split',
      '2026-11-23T11:00:00Z',
      hour,
      '2026-11-23T13:00:00.000Z',
    ],
    [
      'split day: Friday closes at 17:00',
      'paris-split',
      '2026-11-20T15:30:00Z',
      hour,
      '2026-11-23T08:30:00.000Z',
    ],
    [
      'a target spanning the year end skips New Year and the weekend',
      'paris-holiday',
      '2026-12-31T15:00:00Z',
      4 * hour,
      '2027-01-04T11:00:00.000Z',
    ],
    [
      'Christmas Eve + 8h skips Christmas and the weekend',
      'paris-holiday',
      '2026-12-24T08:00:00Z',
      9 * hour,
      '2026-12-28T09:00:00.000Z',
    ],
    [
      '24×7 counts real elapsed time across the spring change',
      'always',
      '2026-03-28T23:00:00Z',
      4 * hour,
      '2026-03-29T03:00:00.000Z',
    ],
    [
      '2d is 48 counted hours: six 8-hour days',
      'paris',
      '2026-11-23T08:00:00Z',
      48 * hour,
      '2026-11-30T16:00:00.000Z',
    ],
  ])('%s', (_name, calendarId, start, duration, due) => {
    expect(addBusinessTime(calendarById(calendarId), start, duration).toISOString()).toBe(due);
  });
});

// Expected instants worked out by hand from the fixture's calendars (Paris is UTC+1 in winter, UTC+2
// from 29 March 2026; New York UTC-5 until 8 March 2026 02:00). 2026-11-20 is a Friday.
describe('a zero duration is due at the next opening', () => {
  it.each([
    ['inside hours: the instant itself', 'paris', '2026-11-24T09:15:00Z', '2026-11-24T09:15:00.000Z'],
    [
      'at the opening instant: the instant itself',
      'paris',
      '2026-11-24T08:00:00Z',
      '2026-11-24T08:00:00.000Z',
    ],
    ['one second before opening: the opening', 'paris', '2026-11-24T07:59:59Z', '2026-11-24T08:00:00.000Z'],
    [
      'Friday at closing time (17:00): Monday 09:00',
      'paris',
      '2026-11-20T16:00:00Z',
      '2026-11-23T08:00:00.000Z',
    ],
    ['Friday evening: Monday 09:00', 'paris', '2026-11-20T17:30:00Z', '2026-11-23T08:00:00.000Z'],
    ['Saturday: Monday 09:00', 'paris', '2026-11-21T10:00:00Z', '2026-11-23T08:00:00.000Z'],
    ['Sunday 23:59: Monday 09:00', 'paris', '2026-11-22T22:59:00Z', '2026-11-23T08:00:00.000Z'],
    ['a weeknight: the next morning', 'paris', '2026-11-24T19:00:00Z', '2026-11-25T08:00:00.000Z'],
    [
      'the start of the lunch break: its end',
      'paris-split',
      '2026-11-23T11:30:00Z',
      '2026-11-23T12:30:00.000Z',
    ],
    ['inside the lunch break: its end', 'paris-split', '2026-11-23T12:00:00Z', '2026-11-23T12:30:00.000Z'],
    [
      'Friday after the early closing of a split week: Monday 09:00',
      'paris-split',
      '2026-11-20T16:30:00Z',
      '2026-11-23T08:00:00.000Z',
    ],
    [
      'Friday after closing with Monday a holiday: Tuesday 09:00',
      'paris-holiday',
      '2026-11-20T16:00:00Z',
      '2026-11-24T08:00:00.000Z',
    ],
    [
      'on the holiday itself: the next working day',
      'paris-holiday',
      '2026-11-23T10:00:00Z',
      '2026-11-24T08:00:00.000Z',
    ],
    [
      'Christmas (a Friday): Monday 28 December 09:00',
      'paris-holiday',
      '2026-12-25T09:00:00Z',
      '2026-12-28T08:00:00.000Z',
    ],
    [
      'New Year’s Eve after closing: New Year’s Day is a holiday, then the weekend: Monday 4 January',
      'paris-holiday',
      '2026-12-31T16:00:00Z',
      '2027-01-04T08:00:00.000Z',
    ],
    [
      'Friday after closing before the spring change: Monday 09:00 summer time',
      'paris',
      '2026-03-27T16:00:00Z',
      '2026-03-30T07:00:00.000Z',
    ],
    [
      'the night the clocks go forward: the 01:00 opening, before the jump',
      'paris-night',
      '2026-03-28T23:30:00Z',
      '2026-03-29T00:00:00.000Z',
    ],
    [
      'New York, Friday 18:00 EST: the Sunday 00:00 EST opening',
      'new-york',
      '2026-03-06T23:00:00Z',
      '2026-03-08T05:00:00.000Z',
    ],
    [
      'always open: the instant itself, on a Saturday',
      'always',
      '2026-11-21T10:00:00Z',
      '2026-11-21T10:00:00.000Z',
    ],
  ])('%s', (_name, calendarId, start, due) => {
    expect(addBusinessTime(calendarById(calendarId), start, 0).toISOString()).toBe(due);
  });
});

describe('businessTimeBetween', () => {
  it.each([
    [
      'Friday 16:00 CET to Monday 10:00 CEST across spring forward',
      'paris',
      '2026-03-27T15:00:00Z',
      '2026-03-30T08:00:00Z',
      2 * hour,
    ],
    [
      'the Sunday night of spring forward has 2 of 3 hours',
      'paris-night',
      '2026-03-28T00:00:00Z',
      '2026-03-30T00:00:00Z',
      2 * hour,
    ],
    [
      'the Sunday night of the autumn change has 4 of 3 hours',
      'paris-night',
      '2026-10-24T00:00:00Z',
      '2026-10-26T00:00:00Z',
      4 * hour,
    ],
    [
      'New York spring Sunday 00:00-04:00 has 3 hours',
      'new-york',
      '2026-03-08T00:00:00Z',
      '2026-03-08T12:00:00Z',
      3 * hour,
    ],
    [
      'New York autumn Sunday 00:00-04:00 has 5 hours',
      'new-york',
      '2026-11-01T00:00:00Z',
      '2026-11-01T12:00:00Z',
      5 * hour,
    ],
    [
      'a week of the split calendar is 39 hours',
      'paris-split',
      '2026-11-23T00:00:00Z',
      '2026-11-30T00:00:00Z',
      39 * hour,
    ],
    ['a weekend counts nothing', 'paris', '2026-11-21T00:00:00Z', '2026-11-23T07:59:00Z', 0],
    [
      'the year end counts Dec 31 and Jan 4 only',
      'paris-holiday',
      '2026-12-31T00:00:00Z',
      '2027-01-05T00:00:00Z',
      16 * hour,
    ],
    [
      'backwards gives a negative duration',
      'paris',
      '2026-11-23T11:30:00Z',
      '2026-11-20T15:30:00Z',
      -4 * hour,
    ],
    ['24×7 is wall time', 'always', '2026-10-24T22:00:00Z', '2026-10-25T22:00:00Z', 24 * hour],
  ])('%s', (_name, calendarId, from, to, expected) => {
    expect(businessTimeBetween(calendarById(calendarId), from, to)).toBe(expected);
  });

  it('is the inverse of addBusinessTime over months of random starts', () => {
    const calendar = calendarById('paris-holiday');
    let seed = 7;
    for (let index = 0; index < 300; index += 1) {
      seed = (seed * 48_271) % 2_147_483_647;
      const start = Date.UTC(2026, 0, 1) + (seed % (400 * 24)) * hour + (seed % 60) * minute;
      const duration = ((seed % 97) + 1) * 17 * minute;
      const due = addBusinessTime(calendar, start, duration);
      expect(businessTimeBetween(calendar, start, due)).toBe(duration);
    }
  });
});

describe('addBusinessDays', () => {
  it.each([
    [
      '3 business days after Friday 16:00 is Wednesday 16:00',
      'paris',
      '2026-11-20T15:00:00Z',
      3,
      '2026-11-25T15:00:00.000Z',
    ],
    [
      'a holiday Monday is not a business day',
      'paris-holiday',
      '2026-11-20T15:00:00Z',
      3,
      '2026-11-26T15:00:00.000Z',
    ],
    [
      'the same wall time after the clocks change',
      'paris',
      '2026-03-27T15:00:00Z',
      1,
      '2026-03-30T14:00:00.000Z',
    ],
    ['24×7 counts every day', 'always', '2026-11-20T15:00:00Z', 3, '2026-11-23T15:00:00.000Z'],
  ])('%s', (_name, calendarId, start, days, expected) => {
    expect(addBusinessDays(calendarById(calendarId), start, days).toISOString()).toBe(expected);
  });
});

describe('calendars', () => {
  it('is open during hours and closed at lunch on a split day', () => {
    const calendar = calendarById('paris-split');
    expect(isOpenAt(calendar, '2026-11-23T10:00:00Z')).toBe(true);
    expect(isOpenAt(calendar, '2026-11-23T12:00:00Z')).toBe(false);
  });

  it('names every mistake in a calendar', () => {
    expect(
      checkCalendar({
        id: 'bad',
        name: {},
        timezone: 'Europe/Pariss',
        hours: { mon: ['17:00-09:00'] },
        holidays: [{ date: '2026-02-30' }],
      }),
    ).toEqual([
      'calendar "bad" timezone: unknown IANA timezone "Europe/Pariss"; e.g. Europe/Paris',
      'calendar "bad" hours.mon[0]: expected "HH:MM-HH:MM" with start before end, found "17:00-09:00"',
      'calendar "bad": no opening hours; add hours (e.g. mon: [\'09:00-17:00\']) or alwaysOpen: true',
      'calendar "bad" holidays[0].date: expected YYYY-MM-DD, found "2026-02-30"',
    ]);
  });
});

describe('parseDuration', () => {
  it.each([
    ['30m', 30 * minute],
    ['4h', 4 * hour],
    ['1h30m', 90 * minute],
    ['2d', 48 * hour],
    ['1d2h5m', 26 * hour + 5 * minute],
    ['0m', 0],
    ['0h', 0],
    ['0d', 0],
    ['0h0m', 0],
    ['365d', 365 * 24 * hour],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it.each([
    [
      '4 hours',
      'invalid duration "4 hours": expected whole numbers with units d, h, m in that order, e.g. 30m, 4h, 1h30m, 2d',
    ],
    [
      '30m4h',
      'invalid duration "30m4h": expected whole numbers with units d, h, m in that order, e.g. 30m, 4h, 1h30m, 2d',
    ],
    ['365d1m', 'invalid duration "365d1m": at most 365d (a year of counted time), e.g. 30m, 4h, 2d'],
    ['9999999d', 'invalid duration "9999999d": at most 365d (a year of counted time), e.g. 30m, 4h, 2d'],
    ['8761h', 'invalid duration "8761h": at most 365d (a year of counted time), e.g. 30m, 4h, 2d'],
    [
      '-1h',
      'invalid duration "-1h": expected whole numbers with units d, h, m in that order, e.g. 30m, 4h, 1h30m, 2d',
    ],
    [
      '',
      'invalid duration "": expected whole numbers with units d, h, m in that order, e.g. 30m, 4h, 1h30m, 2d',
    ],
  ])('refuses %j with a message naming the fix', (text, message) => {
    expect(parseDuration(text)).toEqual({ ok: false, message });
  });

  it('formats durations for explanations', () => {
    expect(formatDuration(26 * hour + 5 * minute)).toBe('1d 2h 5m');
    expect(formatDuration(-90 * minute)).toBe('-1h 30m');
  });
});

// ICS holidays with a recurrence rule (RRULE, with EXDATE and RDATE) are expanded with ical.js over a bounded
// horizon: the SLA engine counts them as closed days in the years after the first (`repodesk sla due`, the
// engine the bot's clocks run on), and a rule ical.js cannot read is a validate error at its line.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { deskFixture } from '../support/desk-fixture.ts';

let stdout = '';
let stderr = '';

beforeEach(() => {
  stdout = '';
  stderr = '';
  // Only the date: rules are loaded "today", and recurring holidays are expanded from today's year.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-06T12:00:00Z'));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** The base desk with an office calendar (Monday to Friday, 09:00-18:00 Paris) whose holidays are `events`. */
function deskWithHolidays(events: string[][]): string {
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Lumen//Fermetures//FR',
    ...events.flatMap((lines, index) => [
      'BEGIN:VEVENT',
      `UID:event-${index}@lumen.example`,
      ...lines,
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  return deskFixture('base', {
    'rules/holidays/office.ics': ics,
    'rules/sla.yaml': (text) =>
      text.replace(
        'policies:',
        [
          '  - id: office',
          '    name: { fr: Bureau, en: Office }',
          '    timezone: Europe/Paris',
          '    hours:',
          ...['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => `      ${day}: ['09:00-18:00']`),
          '    ics: holidays/office.ics',
          'policies:',
        ].join('\n'),
      ),
  });
}

async function dueOn(root: string, from: string, duration: string): Promise<string> {
  stdout = '';
  const code = await main([
    'sla',
    'due',
    '--root',
    root,
    '--calendar',
    'office',
    '--from',
    from,
    '--duration',
    duration,
  ]);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return stdout.split('\n')[0]!;
}

const yearly = ['DTSTART;VALUE=DATE:20260615', 'RRULE:FREQ=YEARLY', 'SUMMARY:Fête de la maison'];

describe('recurring ICS holidays', () => {
  it.each([
    // 2027-06-15 is a Tuesday: Monday 17:00 + 2h skips it and ends Wednesday 10:00 (UTC+2 in June).
    ['2027', '2027-06-14T17:00:00+02:00', '2027-06-16T08:00:00.000Z'],
    // 2028-06-15 is a Thursday: Wednesday 17:00 + 2h ends Friday 10:00.
    ['2028', '2028-06-14T17:00:00+02:00', '2028-06-16T08:00:00.000Z'],
  ])('a yearly holiday is a non-business day in %s for the SLA engine', async (_year, from, due) => {
    expect(await dueOn(deskWithHolidays([yearly]), from, '2h')).toBe(due);
  });

  it('the same day without the rule is a business day in 2027: the RRULE is what closes it', async () => {
    const root = deskWithHolidays([yearly.filter((line) => !line.startsWith('RRULE'))]);
    expect(await dueOn(root, '2027-06-14T17:00:00+02:00', '2h')).toBe('2027-06-15T08:00:00.000Z');
  });

  it('a day excluded by EXDATE stays a business day, the other years stay closed', async () => {
    const root = deskWithHolidays([[...yearly, 'EXDATE;VALUE=DATE:20270615']]);
    expect(await dueOn(root, '2027-06-14T17:00:00+02:00', '2h')).toBe('2027-06-15T08:00:00.000Z');
    expect(await dueOn(root, '2028-06-14T17:00:00+02:00', '2h')).toBe('2028-06-16T08:00:00.000Z');
  });

  it('a monthly closure (last Friday) and a two-day yearly closure are expanded too', async () => {
    const root = deskWithHolidays([
      ['DTSTART;VALUE=DATE:20260130', 'RRULE:FREQ=MONTHLY;BYDAY=-1FR', 'SUMMARY:Inventaire'],
      [
        'DTSTART;VALUE=DATE:20261224',
        'DTEND;VALUE=DATE:20261226',
        'RRULE:FREQ=YEARLY;COUNT=5',
        'SUMMARY:Noël',
      ],
    ]);
    // 2028-01-28 is the last Friday of January 2028: Thursday 17:00 + 2h ends Monday 31 10:00 (UTC+1).
    expect(await dueOn(root, '2028-01-27T17:00:00+01:00', '2h')).toBe('2028-01-31T09:00:00.000Z');
    // 24 and 25 December 2029 (Monday, Tuesday) are closed: Friday 21 17:00 + 2h ends Wednesday 26 10:00.
    expect(await dueOn(root, '2029-12-21T17:00:00+01:00', '2h')).toBe('2029-12-26T09:00:00.000Z');
  });

  it('a rule ical.js cannot read is a validate error at its line, naming the fix', async () => {
    const root = deskWithHolidays([
      yearly,
      ['DTSTART;VALUE=DATE:20260701', 'RRULE:FREQ=YEARLI', 'SUMMARY:Typo'],
      ['DTSTART;VALUE=DATE:20260801', 'RRULE:BYMONTH=8', 'SUMMARY:No frequency'],
    ]);
    const code = await main(['validate', '--root', root]);
    expect(code).toBe(1);
    expect(stdout.split('\n').slice(0, 3)).toEqual([
      'rules/holidays/office.ics:13:1 error RRULE "FREQ=YEARLI" cannot be read: invalid frequency "YEARLI" expected: "SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY"; fix it (RFC 5545 section 3.3.10, e.g. RRULE:FREQ=YEARLY) or list each day as its own event',
      'rules/holidays/office.ics:19:1 error RRULE "BYMONTH=8" has no FREQ; write the frequency first, e.g. RRULE:FREQ=YEARLY for a holiday on the same day every year',
      '✖ 2 errors, 0 warnings',
    ]);
  });
});

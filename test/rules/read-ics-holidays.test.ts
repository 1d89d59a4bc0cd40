import { describe, expect, it } from 'vitest';
import { readIcsHolidays } from '../../src/rules/formats/sla/read-ics-holidays.ts';

const now = new Date('2026-12-06T12:00:00Z');

describe('readIcsHolidays', () => {
  it('reads all-day events, folded lines, escaped text and multi-day spans; ignores timed events', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20261225',
      'SUMMARY:No\\, ël',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20261230',
      'DTEND;VALUE=DATE:20270102',
      'SUMMARY:Fermeture de',
      '  fin d’année',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART:20261124T100000Z',
      'SUMMARY:Réunion',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(readIcsHolidays(ics, now).holidays).toEqual([
      { date: '2026-12-25', name: 'No, ël' },
      { date: '2026-12-30', name: 'Fermeture de fin d’année' },
      { date: '2026-12-31', name: 'Fermeture de fin d’année' },
      { date: '2027-01-01', name: 'Fermeture de fin d’année' },
    ]);
  });

  it('skips impossible dates and returns nothing for a file without events', () => {
    expect(readIcsHolidays('BEGIN:VEVENT\nDTSTART;VALUE=DATE:20260230\nEND:VEVENT\n', now)).toEqual({
      holidays: [],
      problems: [],
    });
    expect(readIcsHolidays('not a calendar', now)).toEqual({ holidays: [], problems: [] });
  });
});

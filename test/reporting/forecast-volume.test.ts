// The forecast recovers a known weekly pattern: 26 weeks of daily counts drawn around a fixed profile
// (Monday 40 … Sunday 2) with noise, and holidays at 3 a day; the next four weeks must come back within
// 15 % of the profile on every week's total and within 3 tickets on every day, a holiday in the
// horizon must be forecast low, and the backtest over the last 8 weeks must stay under 6 % (MAPE).

import { describe, expect, it } from 'vitest';
import { addDays, forecastVolume, type DailyCount } from '../../src/reporting/forecast-volume.ts';

const profile = [40, 35, 30, 32, 28, 5, 2];
const firstMonday = '2026-05-04';

function series(weeks: number, holidays: ReadonlySet<string>, seed = 3): DailyCount[] {
  let state = seed;
  const noise = () => ((state = (state * 16807) % 2147483647) / 2147483647 - 0.5) * 6;
  return Array.from({ length: weeks * 7 }, (_, index) => {
    const day = addDays(firstMonday, index);
    return { day, count: holidays.has(day) ? 3 : Math.max(0, Math.round(profile[index % 7]! + noise())) };
  });
}

describe('forecastVolume', () => {
  const holidays = new Set(['2026-05-14', '2026-05-25', '2026-07-14', '2026-08-14', '2026-11-11']);
  const history = series(26, holidays);
  const forecast = forecastVolume(history, (day) => holidays.has(day));

  it('recovers the weekly pattern within 3 tickets a day (weekly season: SARIMA with s = 7)', () => {
    expect(forecast.status).toBe('ok');
    if (forecast.status !== 'ok') return;
    expect(forecast.days).toHaveLength(28);
    expect(forecast.days[0]!.day).toBe(addDays(history.at(-1)!.day, 1));
    for (const [index, day] of forecast.days.entries()) {
      if (day.holiday) continue;
      expect(Math.abs(day.forecast - profile[index % 7]!)).toBeLessThanOrEqual(3);
      expect(day.low).toBeLessThanOrEqual(day.forecast);
      expect(day.high).toBeGreaterThanOrEqual(day.forecast);
    }
    // Week totals within 15 %, a holiday counting 3 instead of its weekday.
    for (const week of forecast.weeks) {
      const expected = Array.from({ length: 7 }, (_, offset) => addDays(week.week, offset)).reduce(
        (sum, day, offset) => sum + (holidays.has(day) ? 3 : profile[offset]!),
        0,
      );
      expect(Math.abs(week.forecast - expected) / expected).toBeLessThan(0.15);
    }
  });

  it('forecasts a holiday of the calendar low (the holidays are an exogenous regressor)', () => {
    const horizonHoliday = '2026-11-11';
    const withHoliday = forecastVolume(series(27, holidays).slice(0, 27 * 7 - 3), (day) => holidays.has(day));
    if (withHoliday.status !== 'ok') throw new Error('expected a forecast');
    const day = withHoliday.days.find((entry) => entry.day === horizonHoliday);
    expect(day?.holiday).toBe(true);
    // A Wednesday (30 expected) forecast near the holiday level instead.
    expect(day!.forecast).toBeLessThan(12);
  });

  it('measures its error on the last 8 weeks, one week ahead at a time', () => {
    if (forecast.status !== 'ok') throw new Error('expected a forecast');
    expect(forecast.backtest.weeks).toHaveLength(8);
    expect(forecast.backtest.mape).not.toBeNull();
    expect(forecast.backtest.mape!).toBeLessThan(0.06);
  });

  it.each([
    [0, 0],
    [20, 20],
    [27, 27],
  ])('with %i days of history says it cannot forecast yet', (days, shown) => {
    expect(forecastVolume(series(4, new Set()).slice(0, days), () => false)).toEqual({
      status: 'not-enough-history',
      historyDays: shown,
      neededDays: 28,
    });
  });

  it('with 5 weeks of history forecasts and backtests the one week it can', () => {
    const short = forecastVolume(series(5, new Set()), () => false);
    expect(short.status).toBe('ok');
    if (short.status === 'ok') expect(short.backtest.weeks).toHaveLength(1);
  });
});

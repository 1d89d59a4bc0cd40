// A daily volume forecast for one series of created tickets, with its 80 % interval, and how far to trust
// it: the error the same model made on the last 8 weeks of history (rolling origin: fit on the weeks before,
// forecast one week, compare the week's total; MAPE of those weekly totals).
//
// The model is SARIMA(0,0,1)(0,1,1) with a 7-day season, from the `arima` package (the ctsa C library
// compiled to WebAssembly: exact maximum likelihood, forecast variances), with the calendar's holidays as
// an exogenous regressor (SARIMAX) when the history holds some, so a bank holiday in the next four weeks
// is forecast low. No autoregressive term: on short daily series its estimate can come out non-stationary,
// and ctsa then prints to stdout and forecasts NaN. Chosen over `simple-statistics` 7, which has no
// seasonal or smoothing model (Holt-Winters would have to be written by hand; it serves the report's
// medians and percentiles instead), and over AutoARIMA (slower, and its search is unstable on short daily
// series, as its README warns). Weekly figures are sums of the days; their interval assumes independent
// daily errors.

import ARIMA from 'arima';

export interface DailyCount {
  /** Local day, `YYYY-MM-DD`. */
  day: string;
  count: number;
}

export interface ForecastDay {
  day: string;
  forecast: number;
  low: number;
  high: number;
  holiday: boolean;
}

export interface ForecastWeek {
  /** The Monday of the week (or the first forecast day, for a partial first week). */
  week: string;
  forecast: number;
  low: number;
  high: number;
}

export interface Backtest {
  weeks: { week: string; actual: number; forecast: number }[];
  /** Mean absolute percentage error of the weekly totals (0.12 = 12 %); null without a week to test. */
  mape: number | null;
}

export type VolumeForecast =
  | { status: 'ok'; historyDays: number; days: ForecastDay[]; weeks: ForecastWeek[]; backtest: Backtest }
  | { status: 'not-enough-history'; historyDays: number; neededDays: number };

/** Fewer days than this and a weekly season cannot be estimated. */
const minimumHistoryDays = 28;
const backtestWeeks = 8;
/** Longer histories are cut to their last year: older habits say little about next month. */
const maximumHistoryDays = 364;
/** Two-sided 80 % interval of a normal error. */
const z80 = 1.2816;
const model = { p: 0, d: 0, q: 1, P: 0, D: 1, Q: 1, s: 7, verbose: false } as const;

/** Adds `days` to a `YYYY-MM-DD` day. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** Predictions and variances for `horizon` days after `series`. */
function fitAndPredict(
  series: readonly number[],
  holidays: readonly boolean[],
  future: readonly boolean[],
): { predictions: number[]; variances: number[] } {
  const useHolidays = holidays.some(Boolean) && holidays.some((holiday) => !holiday);
  const arima = new ARIMA({ ...model, ...(useHolidays ? { transpose: true } : {}) });
  try {
    if (useHolidays)
      arima.train(
        [...series],
        holidays.map((holiday) => [holiday ? 1 : 0]),
      );
    else arima.train([...series]);
    const [predictions, variances] = useHolidays
      ? arima.predict(
          future.length,
          future.map((holiday) => [holiday ? 1 : 0]),
        )
      : arima.predict(future.length);
    return {
      predictions: predictions.map((value) => (Number.isFinite(value) ? value : 0)),
      variances: variances.map((value) => (Number.isFinite(value) && value > 0 ? value : 0)),
    };
  } finally {
    arima.destroy();
  }
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * The forecast of the `horizonDays` days after `history` (complete days, oldest first, no gap), with the
 * backtest. `isHoliday` says which days the series' calendar closes for a holiday.
 */
export function forecastVolume(
  history: readonly DailyCount[],
  isHoliday: (day: string) => boolean,
  horizonDays = 28,
): VolumeForecast {
  const kept = history.slice(-maximumHistoryDays);
  if (kept.length < minimumHistoryDays)
    return { status: 'not-enough-history', historyDays: kept.length, neededDays: minimumHistoryDays };
  const counts = kept.map((entry) => entry.count);
  const holidays = kept.map((entry) => isHoliday(entry.day));
  const first = addDays(kept.at(-1)!.day, 1);
  const futureDays = Array.from({ length: horizonDays }, (_, index) => addDays(first, index));
  const future = futureDays.map((day) => isHoliday(day));
  const { predictions, variances } = fitAndPredict(counts, holidays, future);
  const days: ForecastDay[] = futureDays.map((day, index) => {
    const forecast = Math.max(0, predictions[index]!);
    const spread = z80 * Math.sqrt(variances[index]!);
    return {
      day,
      forecast: round(forecast),
      low: round(Math.max(0, forecast - spread)),
      high: round(forecast + spread),
      holiday: future[index]!,
    };
  });
  const weeks = new Map<string, { forecast: number; variance: number }>();
  days.forEach((day, index) => {
    const week = mondayOf(day.day) < first ? first : mondayOf(day.day);
    const entry = weeks.get(week) ?? { forecast: 0, variance: 0 };
    entry.forecast += Math.max(0, predictions[index]!);
    entry.variance += variances[index]!;
    weeks.set(week, entry);
  });

  // Rolling origin over the last weeks: each fit sees only the days before the week it forecasts.
  const testable = Math.min(backtestWeeks, Math.floor((kept.length - minimumHistoryDays) / 7));
  const tested: Backtest['weeks'] = [];
  for (let back = testable; back >= 1; back -= 1) {
    const cut = kept.length - back * 7;
    const { predictions: guess } = fitAndPredict(
      counts.slice(0, cut),
      holidays.slice(0, cut),
      holidays.slice(cut, cut + 7),
    );
    tested.push({
      week: kept[cut]!.day,
      actual: counts.slice(cut, cut + 7).reduce((sum, value) => sum + value, 0),
      forecast: round(guess.reduce((sum, value) => sum + Math.max(0, value), 0)),
    });
  }
  const scored = tested.filter((week) => week.actual > 0);
  const mape =
    scored.length === 0
      ? null
      : scored.reduce((sum, week) => sum + Math.abs(week.actual - week.forecast) / week.actual, 0) /
        scored.length;

  return {
    status: 'ok',
    historyDays: kept.length,
    days,
    weeks: [...weeks].map(([week, entry]) => {
      const spread = z80 * Math.sqrt(entry.variance);
      return {
        week,
        forecast: round(entry.forecast),
        low: round(Math.max(0, entry.forecast - spread)),
        high: round(entry.forecast + spread),
      };
    }),
    backtest: { weeks: tested, mape: mape === null ? null : Math.round(mape * 1000) / 1000 },
  };
}

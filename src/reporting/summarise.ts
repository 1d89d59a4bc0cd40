// Median, 90th percentile and mean of a list of durations or counts, as every table of the report shows
// them. simple-statistics computes them (its quantile interpolates linearly between ranks, numpy's and
// Excel's PERCENTILE.INC default, the one GitHub's issue-metrics action uses), so the figures match what a
// manager gets from a spreadsheet of the same numbers.

import { mean, median, quantile } from 'simple-statistics';

export interface Summary {
  count: number;
  /** Null without any value (an empty period). */
  median: number | null;
  p90: number | null;
  mean: number | null;
}

/** The summary of `values` (milliseconds, days, counts: whatever unit they are in). */
export function summarise(values: readonly number[]): Summary {
  if (values.length === 0) return { count: 0, median: null, p90: null, mean: null };
  const list = [...values];
  return { count: list.length, median: median(list), p90: quantile(list, 0.9), mean: mean(list) };
}

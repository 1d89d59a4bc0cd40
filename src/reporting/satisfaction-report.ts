// The CSAT section of the report: the period's score and counts, the score per week (in the desk's
// timezone) and the customers' comments, newest first. Per team and per agent, the score is the
// agents' table's (agent-report.ts), over the tickets each handled. Pure.

import { inPeriod } from './in-period.ts';
import { localWeek, periodWeeks, type ReportPeriod } from './report-period.ts';
import { satisfactionScore, type SatisfactionRating, type SatisfactionScore } from './satisfaction.ts';

export interface SatisfactionReport extends SatisfactionScore {
  weeks: (SatisfactionScore & { week: string })[];
  /** Newest first; `repository` when the ticket is not the desk's default repository's (a confidential queue). */
  comments: { number: number; repository?: string; rating: 'good' | 'bad'; at: string; comment: string }[];
}

/** The ratings set in the period; undefined (not known) stays undefined. */
export function ratingsInPeriod(
  ratings: readonly SatisfactionRating[] | undefined,
  period: ReportPeriod,
): SatisfactionRating[] | undefined {
  return ratings?.filter((rating) => inPeriod(rating.at, period));
}

/** The period's CSAT (ratings already of the period); null when no ratings are known. */
export function satisfactionReport(
  ratings: readonly SatisfactionRating[] | undefined,
  period: ReportPeriod,
): SatisfactionReport | null {
  const total = satisfactionScore(ratings);
  if (ratings === undefined || total === null) return null;
  const weeks = periodWeeks(period).map((week) => {
    const mine = ratings.filter((rating) => localWeek(rating.at, period.timezone) === week);
    return { week, ...satisfactionScore(mine)! };
  });
  const comments = ratings
    .filter((rating) => rating.comment !== undefined && rating.comment !== '')
    .sort((a, b) => b.at - a.at || a.number - b.number)
    .map((rating) => ({
      number: rating.number,
      ...(rating.repository === undefined ? {} : { repository: rating.repository }),
      rating: rating.rating,
      at: new Date(rating.at).toISOString(),
      comment: rating.comment!,
    }));
  return { ...total, weeks, comments };
}

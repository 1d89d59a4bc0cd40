// Customer satisfaction (CSAT) as the report reads it. Surveys are not sent yet: the resolution mail, its
// signed links and the site page come with the mail rework. This is the place their ratings arrive: the
// CLI passes `undefined` (nothing records ratings), and the report says "no ratings recorded" rather than
// a score of nothing. A rating is one per ticket; the last click counts.

export interface SatisfactionRating {
  /** The ticket (issue number) rated. */
  number: number;
  rating: 'good' | 'bad';
  at: number;
}

export interface SatisfactionScore {
  good: number;
  bad: number;
  /** good / (good + bad), 0 to 1; null without any rating. */
  score: number | null;
}

/** The score of the ratings of `tickets` (all ratings when omitted); null when no ratings are recorded. */
export function satisfactionScore(
  ratings: readonly SatisfactionRating[] | undefined,
  tickets?: ReadonlySet<number>,
): SatisfactionScore | null {
  if (ratings === undefined) return null;
  const mine = ratings.filter((rating) => tickets === undefined || tickets.has(rating.number));
  const good = mine.filter((rating) => rating.rating === 'good').length;
  const bad = mine.length - good;
  return { good, bad, score: mine.length === 0 ? null : good / mine.length };
}

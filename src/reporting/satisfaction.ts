// Customer satisfaction (CSAT) as the report reads it: the ratings the resolution mail's survey recorded in
// the bot's store (one per ticket, the last click counts), with the comment the customer may have added on
// the help site. The CLI passes `undefined` when it read no store (a GitHub Actions run has none): the
// report then says the ratings are not known, rather than a score of nothing.

export interface SatisfactionRating {
  /** The ticket (issue number) rated. */
  number: number;
  /** Its repository when it is not the desk's default one (a confidential queue). */
  repository?: string;
  rating: 'good' | 'bad';
  at: number;
  /** What the customer added on the help site. */
  comment?: string;
}

export interface SatisfactionScore {
  good: number;
  bad: number;
  /** good / (good + bad), 0 to 1; null without any rating. */
  score: number | null;
}

/**
 * A ticket's key across the desk's repositories (issue numbers are per repository): `#N` in the default
 * repository, `owner/repo#N` in another, whatever the case of the name.
 */
export function ticketKey(ticket: { repository?: string; number: number }): string {
  return `${ticket.repository?.toLowerCase() ?? ''}#${ticket.number}`;
}

/**
 * The score of the ratings of `tickets` (their `ticketKey`s; all ratings when omitted); null when no
 * ratings are known.
 */
export function satisfactionScore(
  ratings: readonly SatisfactionRating[] | undefined,
  tickets?: ReadonlySet<string>,
): SatisfactionScore | null {
  if (ratings === undefined) return null;
  const mine = ratings.filter((rating) => tickets === undefined || tickets.has(ticketKey(rating)));
  const good = mine.filter((rating) => rating.rating === 'good').length;
  const bad = mine.length - good;
  return { good, bad, score: mine.length === 0 ? null : good / mine.length };
}

// The articles that best match what a customer wrote, from the site's Pagefind index, for the assistant:
// each word searched alone (one Pagefind query would want every word), the scores added up. An article
// that matches more of the customer's words comes first; Pagefind's score breaks ties. The request form
// ranks its suggestions the same way (site/scripts/request-form.ts); the two are not one module so that
// the form page loads no script the assistant shares with it.
import { searchPagefind, type PagefindResultData } from './pagefind.ts';

/**
 * Up to `limit` articles for `words` (sentence-words.ts), best first. `filters` are Pagefind's (e.g.
 * `{ category: 'Billing' }`). Rejects when the index cannot be loaded.
 */
export async function bestArticles(
  words: readonly string[],
  limit: number,
  filters?: Record<string, string>,
): Promise<PagefindResultData[]> {
  const scores = new Map<string, { words: number; score: number; load: () => Promise<PagefindResultData> }>();
  const options = filters ? { filters } : undefined;
  const searches = await Promise.all(words.map((word) => searchPagefind(word, options)));
  for (const search of searches) {
    for (const result of search.results.slice(0, 20)) {
      const seen = scores.get(result.id);
      scores.set(result.id, {
        words: (seen?.words ?? 0) + 1,
        score: (seen?.score ?? 0) + result.score,
        load: () => result.data(),
      });
    }
  }
  const best = [...scores.values()].sort((a, b) => b.words - a.words || b.score - a.score).slice(0, limit);
  return Promise.all(best.map((entry) => entry.load()));
}

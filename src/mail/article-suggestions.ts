// The articles an acknowledgement suggests, with their links on the public help site: the knowledge base
// read with the rules (a reload reads it again), ranked by src/kb/suggest-articles.ts as the site ranks its
// own suggestions. Without the help site's address there is no page to link to, so no suggestion. Pure.

import { suggestArticles, type SuggestableArticle } from '../kb/suggest-articles.ts';
import type { ArticleSuggestion } from './compose.ts';

/** Most articles in one acknowledgement. */
const suggestionCount = 3;

/** A mail is longer than what the site's form sends while typing: more of its words are worth matching. */
export const mailWords = 40;

/** Links to the published articles that might answer `text` (at most 3), none without `siteUrl`. */
export function articleSuggestions(
  articles: readonly SuggestableArticle[],
  siteUrl: string | undefined,
  text: string,
  lang: string,
): ArticleSuggestion[] {
  const site = siteUrl?.replace(/\/+$/, '');
  if (!site) return [];
  return suggestArticles(articles, {
    text,
    lang,
    limit: suggestionCount,
    maxWords: mailWords,
  }).map((article) => ({
    title: article.title,
    url: `${site}/${encodeURIComponent(lang)}/articles/${encodeURIComponent(article.slug)}/`,
  }));
}

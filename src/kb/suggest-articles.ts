// Which published articles might already answer a request: the words the customer wrote (subject and
// description, or a mail's subject and text), matched against each article's title, aliases, tags and
// summary. The help site's form suggests from the same words (site/scripts/request-form.ts imports
// `suggestionWords`) and ranks the same way over Pagefind: an article that matches more of the customer's
// words comes first, then the one whose matches weigh more (title above aliases above tags above summary,
// as the site's index weighs them). Pure, and small: the form page bundles the word functions. The
// assistant's page gets the stop words and the minimum length in its choices file instead
// (site/lib/assistant-choices.ts), so that the form page's script stays its own.

import type { ArticleFrontmatter } from '../rules/types.ts';

/** Words that say nothing about a problem (greetings included: every mail starts with one). */
export const suggestionStopWords: ReadonlySet<string> = new Set(
  (
    'les des une est pas que qui pour par sur avec dans mon mes vous nous ses ces aux mais plus tout ' +
    'elle ils fait peux peut depuis suis très votre vos notre nos leur cette avez avons sont été être ' +
    'bonjour merci cordialement madame monsieur ' +
    'the and for not can has have was are but you your with this that from hello thanks regards'
  ).split(' '),
);

/** Short words are dropped, but three letters are kept ("VPN" says a lot). */
export const suggestionMinWordLength = 3;

/** The distinct words of `text` worth searching for, in the order written, at most `maxWords`. */
export function suggestionWords(text: string, lang: string, maxWords = 8): string[] {
  return [...new Set(text.toLocaleLowerCase(lang).match(/[\p{L}\p{N}]+/gu) ?? [])]
    .filter((word) => word.length >= suggestionMinWordLength && !suggestionStopWords.has(word))
    .slice(0, maxWords);
}

/** What ranking needs of an article. */
export type SuggestableArticle = Pick<
  ArticleFrontmatter,
  'title' | 'summary' | 'tags' | 'aliases' | 'lang' | 'visibility' | 'draft'
> & { slug: string };

export interface SuggestionQuery {
  /** What the customer wrote. */
  text: string;
  /** Language of the request: only articles in it are suggested. */
  lang: string;
  /** Most articles returned. */
  limit: number;
  /** Most words taken from the text (the site queries 8 while typing; a mail can afford more). */
  maxWords?: number;
  /** Which articles: the public ones (default: customers') or the internal ones (agents' procedures). */
  visibility?: 'public' | 'internal';
}

/** Weights of the fields, as the site's search index has them (h1 7, aliases 4; tags and summary below). */
const fieldWeights = { title: 7, aliases: 4, tags: 2, summary: 1 } as const;

function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '');
}

/**
 * Whether a customer's word and an article's word are the same word: a prefix (as a search for the word
 * finds it), or the same stem, so "facturation" finds "facture" and "débitée" finds "débit".
 */
function sameWord(word: string, token: string): boolean {
  if (token.startsWith(word)) return true;
  const stem = Math.max(4, Math.min(word.length, token.length) - 2);
  return word.length >= stem && token.length >= stem && word.slice(0, stem) === token.slice(0, stem);
}

function tokens(text: string, lang: string): string[] {
  return (text.toLocaleLowerCase(lang).match(/[\p{L}\p{N}]+/gu) ?? []).map(fold);
}

/** The published articles (public unless asked) in the request's language that match its words, best first. */
export function suggestArticles<T extends SuggestableArticle>(
  articles: readonly T[],
  query: SuggestionQuery,
): T[] {
  const words = suggestionWords(query.text, query.lang, query.maxWords).map(fold);
  if (words.length === 0 || query.limit <= 0) return [];
  const ranked: { article: T; words: number; score: number }[] = [];
  for (const article of articles) {
    if (article.draft || article.visibility !== (query.visibility ?? 'public') || article.lang !== query.lang)
      continue;
    const fields = (Object.keys(fieldWeights) as (keyof typeof fieldWeights)[]).map((field) => {
      const value = article[field];
      return {
        weight: fieldWeights[field],
        tokens: tokens(Array.isArray(value) ? value.join(' ') : value, query.lang),
      };
    });
    let matched = 0;
    let score = 0;
    for (const word of words) {
      const weights = fields
        .filter((field) => field.tokens.some((token) => sameWord(word, token)))
        .map((field) => field.weight);
      if (weights.length === 0) continue;
      matched += 1;
      score += Math.max(...weights);
    }
    if (matched > 0) ranked.push({ article, words: matched, score });
  }
  return ranked
    .sort(
      (a, b) =>
        b.words - a.words || b.score - a.score || a.article.title.localeCompare(b.article.title, query.lang),
    )
    .slice(0, query.limit)
    .map((entry) => entry.article);
}

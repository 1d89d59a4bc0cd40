// An article as a card (title and summary, linking to it): in category lists, on the home page, under
// "related articles".
import type { Article } from '../../src/rules/types.ts';
import { attribute, text } from './html.ts';
import { urls } from './urls.ts';

/** The card's `<a>`, as a list item's content. */
export function articleCard(article: Pick<Article, 'lang' | 'slug' | 'title' | 'summary'>): string {
  return `<a class="card"${attribute('href', urls.article(article.lang, article.slug))}><strong>${text(article.title)}</strong><p>${text(article.summary)}</p></a>`;
}

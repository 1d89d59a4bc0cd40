// A category page's list of articles, as the slot of its template
// (site/pages/repodesk-templates/[lang]/categories/[category]).
import type { Article } from '../../src/rules/types.ts';
import { ui } from '../i18n/index.ts';
import { articleCard } from './article-card.ts';
import { text } from './html.ts';

/** The values of a category template's slots: its published articles in `lang`, or a line saying none. */
export function categoryPageSlots(lang: string, articles: readonly Article[]): Record<string, string> {
  return {
    articles:
      articles.length === 0
        ? `<p>${text(ui(lang).category.empty)}</p>`
        : `<ul class="cards">${articles.map((article) => `<li>${articleCard(article)}</li>`).join('')}</ul>`,
  };
}

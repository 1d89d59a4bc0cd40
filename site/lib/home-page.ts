// A home page's parts that depend on the articles, as the slots of its template
// (site/pages/repodesk-templates/[lang]/home): the number of articles of each category and the essential
// articles.
import type { Article } from '../../src/rules/types.ts';
import { format, ui } from '../i18n/index.ts';
import { articleCard } from './article-card.ts';
import { text } from './html.ts';
import { slot } from './page-slots.ts';

/** The slot of a category's article count on the home page. */
export function countSlot(categoryId: string): string {
  return slot(`count:${categoryId}`);
}

/** The values of the home template's slots for `lang`'s published articles. */
export function homePageSlots(
  lang: string,
  categoryIds: readonly string[],
  articles: readonly Article[],
  essentials: readonly Article[],
): Record<string, string> {
  const t = ui(lang);
  const counts = new Map<string, number>();
  for (const article of articles) counts.set(article.category, (counts.get(article.category) ?? 0) + 1);
  const slots: Record<string, string> = {
    essentials:
      essentials.length > 0
        ? `<section aria-labelledby="essentials-title"><h2 id="essentials-title">${text(t.homePopular)}</h2><ul class="cards">${essentials.map((article) => `<li>${articleCard(article)}</li>`).join('')}</ul></section>`
        : '',
  };
  for (const id of categoryIds)
    slots[`count:${id}`] = text(format(t.articleCount, { n: counts.get(id) ?? 0 }, lang));
  return slots;
}

// An article's page, as the slots of its template (site/pages/repodesk-templates/[lang]/article): the
// breadcrumbs and the article itself, its related articles, and the head's title, description and
// language links. Only the `<article>` element is in the search index (`data-pagefind-body`); aliases are
// indexed as hidden weighted text so that a customer's own word finds the article.
import type { Article } from '../../src/rules/types.ts';
import { format, longDate, ui } from '../i18n/index.ts';
import { articleCard } from './article-card.ts';
import { attribute, attributeValue, text } from './html.ts';
import { languageLinks } from './language-links.ts';
import { pageTitle } from './page-title.ts';
import { urls } from './urls.ts';

/** Everything an article's page shows besides the article itself. */
export interface ArticlePageContext {
  /** The article's body as HTML (site/lib/articles.ts `renderArticle`). */
  body: string;
  /** The category's name in the article's language; undefined when desk.yaml has no such category. */
  categoryName: string | undefined;
  /** Its published translations, keyed by language. */
  translations: ReadonlyMap<string, Article>;
  /** The published articles it lists as related, in its order. */
  related: readonly Article[];
  /** The desk's languages and name in the article's language. */
  languages: readonly string[];
  deskName: string;
}

/** The `<article>` element: what the search index holds of the page. */
function articleElement(article: Article, context: ArticlePageContext): string {
  const { lang } = article;
  const t = ui(lang);
  const translationLinks = [...context.translations]
    .map(
      ([other, entry]) =>
        `<a${attribute('href', urls.article(other, entry.slug))}${attribute('hreflang', other)}${attribute('lang', other)} data-translation>${text(t.article.otherLanguage)}</a>`,
    )
    .join('');
  const tags =
    article.tags.length > 0
      ? `<ul class="tags"${attribute('aria-label', t.search.tag)} data-pagefind-ignore>${article.tags.map((tag) => `<li data-pagefind-filter="tag">${text(tag)}</li> `).join('')}</ul>`
      : '';
  const aliases =
    article.aliases.length > 0
      ? `<p hidden data-pagefind-weight="4">${text(article.aliases.join(' · '))}</p>`
      : '';
  return (
    `<article data-pagefind-body><h1 data-pagefind-meta="title">${text(article.title)}</h1>` +
    `<p class="lead">${text(article.summary)}</p>` +
    `<div class="article-meta" data-pagefind-ignore><span><time${attribute('datetime', article.updated)}>${text(format(t.article.updated, { date: longDate(article.updated, lang) }))}</time></span>${translationLinks}</div>` +
    `<div class="prose">${context.body}</div>${tags}` +
    `<p hidden data-pagefind-ignore><span data-pagefind-filter="category">${text(context.categoryName ?? article.category)}</span></p>` +
    `${aliases}</article>`
  );
}

/** The search record of an article's page: its `<article>` element in a document of its language. */
export function searchRecord(lang: string, element: string): string {
  return `<html${attribute('lang', lang)}><body>${element}</body></html>`;
}

/** The values of the article template's slots, and the `<article>` element the search index reads. */
export function articlePageSlots(
  article: Article,
  context: ArticlePageContext,
): { slots: Record<string, string>; element: string } {
  const { lang } = article;
  const t = ui(lang);
  const alternates: Record<string, string> = { [lang]: urls.article(lang, article.slug) };
  for (const [other, entry] of context.translations) alternates[other] = urls.article(other, entry.slug);
  const links = languageLinks(lang, context.languages, alternates);
  const categoryCrumb =
    context.categoryName === undefined
      ? ''
      : `<li><a${attribute('href', urls.category(lang, article.category))}>${text(context.categoryName)}</a></li>`;
  const element = articleElement(article, context);
  const related =
    context.related.length > 0
      ? `<section class="related" aria-labelledby="related-title"><h2 id="related-title">${text(t.article.related)}</h2><ul class="cards">${context.related.map((entry) => `<li>${articleCard(entry)}</li>`).join('')}</ul></section>`
      : '';
  return {
    element,
    slots: {
      title: text(pageTitle(article.title, context.deskName)),
      description: attributeValue(article.summary),
      alternates: links.alternates,
      'language-switch': links.languageSwitch,
      article:
        `<nav class="breadcrumbs"${attribute('aria-label', t.breadcrumbs)}><ol><li><a${attribute('href', urls.home(lang))}>${text(t.home)}</a></li>${categoryCrumb}<li aria-current="page">${text(article.title)}</li></ol></nav>` +
        element,
      slug: attributeValue(article.slug),
      related,
    },
  };
}

// The published knowledge base: the only way pages reach articles, so that drafts and internal
// articles cannot leak into a page, a link, a related card or the search index.
import { getCollection, type CollectionEntry } from 'astro:content';

export type ArticleEntry = CollectionEntry<'kb'>;

/** Whether an article may appear on the public site. */
export function isPublished(data: ArticleEntry['data']): boolean {
  return !data.draft && data.visibility === 'public';
}

/** The file name without `.md`, which is the article's URL segment. */
export function slugOf(entry: ArticleEntry): string {
  return entry.id.split('/').pop() ?? entry.id;
}

interface KbIndex {
  all: ArticleEntry[];
  byLang: Map<string, ArticleEntry[]>;
  bySlug: Map<string, ArticleEntry>;
  byTranslationKey: Map<string, ArticleEntry[]>;
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

let cache: Promise<KbIndex> | undefined;

// Built once per build: pages look articles up by key, never by scanning (10,000 articles stay fast).
function kbIndex(): Promise<KbIndex> {
  cache ??= getCollection('kb', (entry) => isPublished(entry.data)).then((entries) => {
    const all = entries.sort((a, b) => a.data.title.localeCompare(b.data.title, a.data.lang));
    const index: KbIndex = { all, byLang: new Map(), bySlug: new Map(), byTranslationKey: new Map() };
    for (const entry of all) {
      const { lang, translationKey } = entry.data;
      pushTo(index.byLang, lang, entry);
      index.bySlug.set(`${lang}/${slugOf(entry)}`, entry);
      pushTo(index.byTranslationKey, translationKey, entry);
    }
    return index;
  });
  return cache;
}

/** Every published article, all languages, sorted by title. */
export async function publishedArticles(): Promise<ArticleEntry[]> {
  return (await kbIndex()).all;
}

/** Published articles of one language. */
export async function articlesIn(lang: string): Promise<ArticleEntry[]> {
  return (await kbIndex()).byLang.get(lang) ?? [];
}

/** The published translations of an article, keyed by language (the article itself excluded). */
export async function translationsOf(article: ArticleEntry): Promise<Map<string, ArticleEntry>> {
  const siblings = (await kbIndex()).byTranslationKey.get(article.data.translationKey) ?? [];
  return new Map(
    siblings
      .filter((other) => other.data.lang !== article.data.lang)
      .map((other) => [other.data.lang, other]),
  );
}

/** The published articles an article lists as related (same language, in the listed order). */
export async function relatedTo(article: ArticleEntry): Promise<ArticleEntry[]> {
  const { bySlug } = await kbIndex();
  return article.data.related.flatMap((slug) => bySlug.get(`${article.data.lang}/${slug}`) ?? []);
}
/**
 * The articles the home page puts forward: the ones other articles point to most (via `related`), a
 * proxy for how central they are, then the most recently updated.
 */
export async function essentialArticles(lang: string, count: number): Promise<ArticleEntry[]> {
  const articles = await articlesIn(lang);
  const citations = new Map<string, number>();
  for (const entry of articles) {
    for (const slug of entry.data.related) citations.set(slug, (citations.get(slug) ?? 0) + 1);
  }
  return [...articles]
    .sort(
      (a, b) =>
        (citations.get(slugOf(b)) ?? 0) - (citations.get(slugOf(a)) ?? 0) ||
        b.data.updated.localeCompare(a.data.updated),
    )
    .slice(0, count);
}

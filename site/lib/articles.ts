// The published knowledge base: the only way pages reach articles, so that drafts and internal
// articles cannot leak into a page, a link, a related card or the search index. The articles are the ones
// site/lib/rules.ts loaded and validated (the validator's reading, not a second parse); site/build-site.ts
// renders each article's Markdown when it writes its page, so no rendered body is kept for the whole build.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { createSatteriMarkdownProcessor } from '@astrojs/markdown-satteri';
import type { Article } from '../../src/rules/types.ts';
import { contentRoot } from './content-root.ts';
import { siteContent } from './rules.ts';
import { href } from './urls.ts';

export type { Article };

/** Whether an article may appear on the public site. */
function isPublished(article: Article): boolean {
  return !article.draft && article.visibility === 'public';
}

interface KbIndex {
  all: Article[];
  byLang: Map<string, Article[]>;
  bySlug: Map<string, Article>;
  byTranslationKey: Map<string, Article[]>;
  /** Every article file (absolute), published or not: what links between articles may point at. */
  published: Map<string, boolean>;
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

let cache: Promise<KbIndex> | undefined;

// Built once per build: pages look articles up by key, never by scanning (10,000 articles stay fast).
function kbIndex(): Promise<KbIndex> {
  cache ??= siteContent().then(({ articles }) => {
    const published = new Map(
      articles.map((article) => [path.join(contentRoot, article.file), isPublished(article)]),
    );
    const all = articles.filter(isPublished).sort((a, b) => a.title.localeCompare(b.title, a.lang));
    const index: KbIndex = {
      all,
      byLang: new Map(),
      bySlug: new Map(),
      byTranslationKey: new Map(),
      published,
    };
    for (const article of all) {
      pushTo(index.byLang, article.lang, article);
      index.bySlug.set(`${article.lang}/${article.slug}`, article);
      pushTo(index.byTranslationKey, article.translationKey, article);
    }
    return index;
  });
  return cache;
}

/** Every published article, all languages, sorted by title. */
export async function publishedArticles(): Promise<Article[]> {
  return (await kbIndex()).all;
}

/** Every article file (absolute path), published or not: what a link between articles may point at. */
export async function articleFiles(): Promise<ReadonlyMap<string, boolean>> {
  return (await kbIndex()).published;
}

/** Published articles of one language. */
export async function articlesIn(lang: string): Promise<Article[]> {
  return (await kbIndex()).byLang.get(lang) ?? [];
}

/** The published translations of an article, keyed by language (the article itself excluded). */
export async function translationsOf(article: Article): Promise<Map<string, Article>> {
  const siblings = (await kbIndex()).byTranslationKey.get(article.translationKey) ?? [];
  return new Map(siblings.filter((other) => other.lang !== article.lang).map((other) => [other.lang, other]));
}

/** The published articles an article lists as related (same language, in the listed order). */
export async function relatedTo(article: Article): Promise<Article[]> {
  const { bySlug } = await kbIndex();
  return article.related.flatMap((slug) => bySlug.get(`${article.lang}/${slug}`) ?? []);
}

/**
 * The articles the home page puts forward: the ones other articles point to most (via `related`), a
 * proxy for how central they are, then the most recently updated.
 */
export async function essentialArticles(lang: string, count: number): Promise<Article[]> {
  const articles = await articlesIn(lang);
  const citations = new Map<string, number>();
  for (const article of articles) {
    for (const slug of article.related) citations.set(slug, (citations.get(slug) ?? 0) + 1);
  }
  return [...articles]
    .sort(
      (a, b) =>
        (citations.get(b.slug) ?? 0) - (citations.get(a.slug) ?? 0) || b.updated.localeCompare(a.updated),
    )
    .slice(0, count);
}

// Astro's own Markdown pipeline for Sätteri (the one a content collection renders with): GFM, smart
// punctuation, heading ids; no syntax highlighting (articles are prose, and Shiki would cost every build).
// Its modules are loaded with the first render, or when `loadRenderer` is called, not with this module: a
// rebuild that renders no article never loads them (Sätteri and its plugins, about 150 ms of loading).
type MarkdownModules = [typeof import('@astrojs/markdown-satteri'), typeof import('./article-links.ts')];
let markdown: Promise<MarkdownModules> | undefined;
let renderer: ReturnType<typeof createSatteriMarkdownProcessor> | undefined;

/** Starts loading the Markdown pipeline's modules, so that the first render does not wait for them. */
export function loadRenderer(): Promise<MarkdownModules> {
  markdown ??= Promise.all([import('@astrojs/markdown-satteri'), import('./article-links.ts')]);
  return markdown;
}

/** Whether this process loaded the Markdown pipeline. */
export const rendererLoaded = (): boolean => markdown !== undefined;

// The article files linked by the render in progress (renders run one at a time, see `rendering`).
let linked = new Set<string>();
let rendering: Promise<unknown> = Promise.resolve();

/** An article's body as HTML, and the article files it links to (published or not). */
export interface RenderedArticle {
  html: string;
  linkedFiles: string[];
}

/** The article's body as HTML, links between articles made site URLs (a broken one fails the build). */
export function renderArticle(article: Article): Promise<RenderedArticle> {
  renderer ??= Promise.all([kbIndex(), loadRenderer()]).then(
    ([{ published }, [{ createSatteriMarkdownProcessor }, { articleLinks }]]) =>
      createSatteriMarkdownProcessor({
        syntaxHighlight: false,
        mdastPlugins: [articleLinks({ base: href(''), published, onLinked: (target) => linked.add(target) })],
      }),
  );
  const file = path.join(contentRoot, article.file);
  const result = rendering.then(async () => {
    linked = new Set();
    const { code } = await (
      await renderer!
    ).render(article.body.trim(), {
      frontmatter: article,
      fileURL: pathToFileURL(file),
    });
    return { html: code, linkedFiles: [...linked].sort() };
  });
  rendering = result.catch(() => undefined);
  return result;
}

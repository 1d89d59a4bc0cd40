// The content half of a simulation: articles added, removed or renamed (same language and translation key,
// another slug), forms whose exported GitHub issue form changes, canned replies and mail templates changed.
// A removed or renamed article whose page is linked from a form, a canned reply or another article (on
// either side: mails already sent carry the base's links) is an error: the help site has no redirects, so
// the link would lead nowhere. Pure: both sides' content in, the difference out.

import path from 'node:path/posix';
import { findArticleLinks, findPageLinks } from '../rules/formats/articles/find-article-links.ts';
import type { Article } from '../rules/types.ts';

/** One side's content, as the CLI reads it from a checkout. */
export interface ContentSide {
  articles: readonly Pick<Article, 'slug' | 'lang' | 'translationKey' | 'title' | 'body' | 'file'>[];
  /** Form id → the text `repodesk forms export` writes for it. */
  exportedForms: Record<string, string>;
  /** Texts that may link to article pages, with their file: form texts and canned replies. */
  linkingTexts: readonly { file: string; text: string }[];
  /** `<reply id>.<lang>` → its title and body. */
  replies: Record<string, string>;
  /** `<template id>.<lang>` → its subject and body. */
  templates: Record<string, string>;
  /** desk.yaml `siteUrl`: links written with it name article pages too. */
  siteUrl: string;
}

export interface ArticleChange {
  kind: 'added' | 'removed' | 'renamed';
  lang: string;
  slug: string;
  /** For a rename: the new slug. */
  to?: string;
  title: string;
}

/** A removed or renamed page something links to. */
export interface BrokenLink {
  page: string;
  /** Files that link to it, with the side (`base` or `head`) where they do. */
  linkedFrom: string[];
  message: string;
}

export interface ContentDiff {
  articles: ArticleChange[];
  forms: { added: string[]; removed: string[]; changed: string[] };
  replies: { added: string[]; removed: string[]; changed: string[] };
  templates: { added: string[]; removed: string[]; changed: string[] };
  errors: BrokenLink[];
}

const page = (lang: string, slug: string) => `/${lang}/articles/${slug}/`;

function compare(base: Record<string, string>, head: Record<string, string>) {
  const ids = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  return {
    added: ids.filter((id) => !(id in base)),
    removed: ids.filter((id) => !(id in head)),
    changed: ids.filter((id) => id in base && id in head && base[id] !== head[id]),
  };
}

/** Every article page linked from `side`, with the files that link to it. */
function linkedPages(side: ContentSide): Map<string, Set<string>> {
  const pages = new Map<string, Set<string>>();
  const add = (target: string, file: string) => {
    const key = target.endsWith('/') ? target : `${target}/`;
    pages.set(key, (pages.get(key) ?? new Set()).add(file));
  };
  for (const article of side.articles) {
    for (const link of findArticleLinks(article.body)) {
      const target = link.href.replace(/[#?].*$/, '');
      if (target.endsWith('.md')) {
        // kb/<lang>/<slug>.md, relative to the article's own file.
        const resolved = path.join(path.dirname(article.file), target);
        const match = /(?:^|\/)kb\/([^/]+)\/([^/]+)\.md$/.exec(resolved);
        if (match) add(page(match[1]!, match[2]!), article.file);
      } else add(target, article.file);
    }
  }
  for (const { file, text } of side.linkingTexts)
    for (const link of findPageLinks(text, side.siteUrl)) if (link.page) add(link.page, file);
  return pages;
}

/** What `head` changes in the content of `base`; see the module comment. */
export function diffContent(base: ContentSide, head: ContentSide): ContentDiff {
  const key = (article: { lang: string; slug: string }) => `${article.lang}/${article.slug}`;
  const baseArticles = new Map(base.articles.map((article) => [key(article), article]));
  const headArticles = new Map(head.articles.map((article) => [key(article), article]));
  const added = head.articles.filter((article) => !baseArticles.has(key(article)));
  const articles: ArticleChange[] = [];
  const renamedTo = new Set<string>();
  for (const article of base.articles) {
    if (headArticles.has(key(article))) continue;
    const successor = added.find(
      (candidate) =>
        candidate.lang === article.lang &&
        candidate.translationKey === article.translationKey &&
        !renamedTo.has(key(candidate)),
    );
    if (successor) {
      renamedTo.add(key(successor));
      articles.push({
        kind: 'renamed',
        lang: article.lang,
        slug: article.slug,
        to: successor.slug,
        title: successor.title,
      });
    } else articles.push({ kind: 'removed', lang: article.lang, slug: article.slug, title: article.title });
  }
  for (const article of added)
    if (!renamedTo.has(key(article)))
      articles.push({ kind: 'added', lang: article.lang, slug: article.slug, title: article.title });
  articles.sort((a, b) => `${a.lang}/${a.slug}`.localeCompare(`${b.lang}/${b.slug}`));

  const links = { base: linkedPages(base), head: linkedPages(head) };
  const errors: BrokenLink[] = [];
  for (const change of articles) {
    if (change.kind === 'added') continue;
    const gone = page(change.lang, change.slug);
    const linkedFrom = [
      ...[...(links.base.get(gone) ?? [])].map((file) => `${file} (base)`),
      ...[...(links.head.get(gone) ?? [])].map((file) => `${file} (head)`),
    ];
    if (linkedFrom.length === 0) continue;
    const what = change.kind === 'renamed' ? `renamed to ${page(change.lang, change.to!)}` : 'removed';
    errors.push({
      page: gone,
      linkedFrom,
      message:
        `article ${gone} is ${what} but linked from ${linkedFrom.join(', ')}; the help site has no redirects, ` +
        `so those links (and mails already sent with them) would lead nowhere: keep kb/${change.lang}/${change.slug}.md` +
        (change.kind === 'renamed' ? ' under its old name' : '') +
        ', or first merge a change that removes every link to it',
    });
  }
  return {
    articles,
    forms: compare(base.exportedForms, head.exportedForms),
    replies: compare(base.replies, head.replies),
    templates: compare(base.templates, head.templates),
    errors,
  };
}

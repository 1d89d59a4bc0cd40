// The articles an acknowledgement suggests, with their links on the public help site. The published
// knowledge base is read from kb/ once per rules load (a reload reads it again) and ranked by
// src/kb/suggest-articles.ts, as the site ranks its own suggestions. Without PUBLIC_SITE_URL there is no
// page to link to, so no suggestion.

import fs from 'node:fs';
import path from 'node:path';
import { suggestArticles, type SuggestableArticle } from '../kb/suggest-articles.ts';
import { readFrontmatter } from '../rules/read-frontmatter.ts';
import type { ArticleFrontmatter } from '../rules/types.ts';
import { validateSchema } from '../rules/validate-schema.ts';
import type { BotServices } from '../context.ts';
import type { ArticleSuggestion } from './compose.ts';

/** Most articles in one acknowledgement. */
export const suggestionCount = 3;

/** A mail is longer than what the site's form sends while typing: more of its words are worth matching. */
const mailWords = 40;

const loaded = new WeakMap<BotServices, { loadedAt: number; articles: SuggestableArticle[] }>();

/** Every article of `root/kb` whose frontmatter is valid (drafts and internal ones too: ranking filters them). */
export function readKnowledgeBase(root: string): SuggestableArticle[] {
  const kb = path.join(root, 'kb');
  if (!fs.existsSync(kb)) return [];
  const articles: SuggestableArticle[] = [];
  for (const folder of fs.readdirSync(kb, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const name of fs.readdirSync(path.join(kb, folder.name)).sort()) {
      if (!name.endsWith('.md') || name === 'README.md') continue;
      const file = `kb/${folder.name}/${name}`;
      const markdown = readFrontmatter(file, fs.readFileSync(path.join(kb, folder.name, name), 'utf8'));
      const data = markdown.source?.data;
      // The same schema as `repodesk validate` (defaults filled in); an invalid article is not suggested.
      if (
        !markdown.source ||
        data === undefined ||
        validateSchema('article', markdown.source, data).length > 0
      )
        continue;
      articles.push({ ...(data as ArticleFrontmatter), slug: name.slice(0, -'.md'.length) });
    }
  }
  return articles;
}

function knowledgeBase(services: BotServices): SuggestableArticle[] {
  const cached = loaded.get(services);
  if (cached && cached.loadedAt === services.rules.loadedAt) return cached.articles;
  let articles: SuggestableArticle[] = [];
  try {
    articles = readKnowledgeBase(services.config.root);
  } catch (error) {
    // An acknowledgement without suggestions is still an acknowledgement.
    services.log.warn('knowledge base unreadable; acknowledgements carry no suggestions', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
  loaded.set(services, { loadedAt: services.rules.loadedAt, articles });
  return articles;
}

/** Links to the published articles that might answer `text` (at most 3), none when PUBLIC_SITE_URL is unset. */
export function articleSuggestions(services: BotServices, text: string, lang: string): ArticleSuggestion[] {
  const site = services.config.publicSiteUrl?.replace(/\/+$/, '');
  if (!site) return [];
  return suggestArticles(knowledgeBase(services), {
    text,
    lang,
    limit: suggestionCount,
    maxWords: mailWords,
  }).map((article) => ({
    title: article.title,
    url: `${site}/${encodeURIComponent(lang)}/articles/${encodeURIComponent(article.slug)}/`,
  }));
}

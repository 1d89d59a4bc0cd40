// Second pass over kb/: categories and languages exist, slugs are unique per language, links and
// `related` point at existing articles, every translation exists, reviews are not overdue. Pure.
import { completeForm } from '../forms/complete-form.ts';
import path from 'node:path';
import { closestMatch } from '../../closest-match.ts';
import type { Finding } from '../../finding.ts';
import { unknownReference } from '../../finding.ts';
import type { RulesInput } from '../../rules-input.ts';
import type { ArticleFrontmatter, DeskSettings } from '../../types.ts';
import type { PathSegment } from '../../yaml-source.ts';
import { formLinkingTexts } from './form-linking-texts.ts';
import { dateProblem } from '../time-checks.ts';
import { findArticleLinks, findPageLinks } from './find-article-links.ts';

export interface ArticleInput {
  /** `kb/fr/mot-de-passe-oublie.md` */
  file: string;
  /** The language folder (`fr`). */
  folder: string;
  slug: string;
  /** Present when the frontmatter passed the first pass. */
  frontmatter?: ArticleFrontmatter;
  /** The translationKey of an article whose frontmatter failed: it still counts as a translation. */
  looseTranslationKey?: string;
  body: string;
  bodyLine: number;
}

/** A text published outside kb/ that may link to articles: a form text or a canned reply. */
export interface LinkingText {
  file: string;
  text: string;
  /** Where the text is: a YAML value by its path, or a Markdown body by its first line. */
  path?: PathSegment[];
  bodyLine?: number;
}

interface ArticleContext {
  desk?: DeskSettings;
  now: Date;
  /** Form texts and canned replies: their links to articles must resolve too. */
  linkingTexts?: readonly LinkingText[];
}

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function missingArticle(slug: string, lang: string, slugs: Set<string> | undefined): string {
  const suggestion = slugs ? closestMatch(slug, slugs) : undefined;
  const hint = suggestion ? `; did you mean "${suggestion}"?` : '; check the file name or create the article';
  return `no article "${slug}" in kb/${lang}/${hint}`;
}

/**
 * When a published article points at one the help site does not publish, the reader hits a broken
 * link: says why (draft or internal), or undefined when the link is fine.
 */
function unpublished(from: ArticleInput, to: ArticleInput | undefined): string | undefined {
  const source = from.frontmatter;
  if (!source || source.draft || source.visibility === 'internal') return undefined;
  return notPublished(to);
}

/** Why the help site does not publish an article (draft or internal), or undefined when it does. */
function notPublished(article: ArticleInput | undefined): string | undefined {
  const target = article?.frontmatter;
  if (!target) return undefined;
  if (target.draft) return 'a draft, not on the help site';
  if (target.visibility === 'internal') return 'an internal article, not on the public help site';
  return undefined;
}

/** The second pass over kb/, and over the links forms and canned replies make to articles. */
export function checkArticles(input: RulesInput): Finding[] {
  return checkArticleInputs(input.articles, {
    desk: input.desk,
    now: input.now,
    linkingTexts: [
      ...input.forms.flatMap(({ file, form }) => formLinkingTexts(file, completeForm(form, input.desk))),
      ...input.replies.map((reply) => ({ file: reply.file, text: reply.body, bodyLine: reply.bodyLine })),
    ],
  });
}

function checkArticleInputs(articles: readonly ArticleInput[], context: ArticleContext): Finding[] {
  const out: Finding[] = [];
  const languages = context.desk ? new Set(context.desk.languages) : undefined;
  const categories = context.desk
    ? new Set(context.desk.categories.map((category) => category.id))
    : undefined;
  const today = context.now.toISOString().slice(0, 10);

  // Slugs per language folder, from every file (valid frontmatter or not), to resolve links.
  const slugs = new Map<string, Set<string>>();
  const firstFile = new Map<string, string>();
  const outsideFolders = new Set<ArticleInput>();
  for (const article of articles) {
    if (article.file.split('/').length < 3) {
      outsideFolders.add(article);
      out.push({
        file: article.file,
        path: [],
        line: 1,
        column: 1,
        severity: 'error',
        message: 'an article must be in a language folder: move it to kb/<lang>/ (e.g. kb/fr/)',
      });
      continue;
    }
    if (languages && !languages.has(article.folder)) {
      out.push({
        file: article.file,
        path: [],
        line: 1,
        column: 1,
        severity: 'error',
        message: unknownReference('language folder', 'languages (desk.yaml)', article.folder, languages),
      });
    }
    if (!slugPattern.test(article.slug)) {
      out.push({
        file: article.file,
        path: [],
        line: 1,
        column: 1,
        severity: 'error',
        message: `file name "${article.slug}.md" is not a valid slug: use lowercase letters, digits and single dashes (it becomes the URL /${article.folder}/articles/<slug>/)`,
      });
    }
    const key = `${article.folder}/${article.slug}`;
    const earlier = firstFile.get(key);
    if (earlier) {
      out.push({
        file: article.file,
        path: [],
        line: 1,
        column: 1,
        severity: 'error',
        message: `duplicate slug "${article.slug}" in kb/${article.folder}/ (also ${earlier}); slugs are URLs and must be unique per language, rename one file`,
      });
    } else firstFile.set(key, article.file);
    let set = slugs.get(article.folder);
    if (!set) slugs.set(article.folder, (set = new Set()));
    set.add(article.slug);
  }

  const byPath = new Map<string, ArticleInput>();
  for (const article of articles)
    if (!byPath.has(`${article.folder}/${article.slug}`))
      byPath.set(`${article.folder}/${article.slug}`, article);

  // Form texts and canned replies are public: their links must reach a published article.
  for (const linking of context.linkingTexts ?? []) {
    for (const link of findPageLinks(linking.text, context.desk?.siteUrl)) {
      const where =
        linking.bodyLine === undefined
          ? { path: linking.path ?? [] }
          : { path: [], line: linking.bodyLine + link.line - 1, column: link.column };
      if (link.page === undefined) {
        out.push({
          file: linking.file,
          ...where,
          severity: 'error',
          message: `link "${link.href}" names a file of kb/, which only articles can link to; link to the article's page, e.g. /fr/articles/<slug>/`,
        });
        continue;
      }
      const [, lang = '', slug = ''] = /^\/([^/]+)\/articles\/([^/]+)\/?$/.exec(link.page) ?? [];
      if (!slugs.get(lang)?.has(slug)) {
        out.push({
          file: linking.file,
          ...where,
          severity: 'error',
          message: `link "${link.href}" points to a missing article: ${missingArticle(slug, lang, slugs.get(lang))}`,
        });
        continue;
      }
      const hidden = notPublished(byPath.get(`${lang}/${slug}`));
      if (hidden) {
        out.push({
          file: linking.file,
          ...where,
          severity: 'warning',
          message: `link "${link.href}" points to ${hidden}; remove the link or publish that article`,
        });
      }
    }
  }

  const byTranslationKey = new Map<string, Map<string, ArticleInput>>();
  const translatedInto = new Map<string, Set<string>>();
  for (const article of articles) {
    if (outsideFolders.has(article)) continue;
    const key = article.frontmatter?.translationKey ?? article.looseTranslationKey;
    if (key !== undefined) {
      let langs = translatedInto.get(key);
      if (!langs) translatedInto.set(key, (langs = new Set()));
      langs.add(article.folder);
    }
    const links = findArticleLinks(article.body);
    for (const link of links) {
      const target = link.href.replace(/[#?].*$/, '');
      let lang: string;
      let slug: string;
      const siteLink = /^\/([^/]+)\/articles\/([^/]+)\/?$/.exec(target);
      if (siteLink) {
        lang = siteLink[1]!;
        slug = siteLink[2]!;
      } else {
        // Relative to the article's folder inside kb/.
        const resolved = path.posix.normalize(
          path.posix.join(path.posix.dirname(article.file.slice('kb/'.length)), target),
        );
        if (resolved.startsWith('../') || !resolved.includes('/')) {
          out.push({
            file: article.file,
            path: [],
            line: article.bodyLine + link.line - 1,
            column: link.column,
            severity: 'error',
            message: `link "${link.href}" points outside kb/<lang>/; link to an article as other-slug.md or ../en/other-slug.md`,
          });
          continue;
        }
        lang = resolved.split('/')[0]!;
        slug = path.posix.basename(resolved, '.md');
      }
      if (slugs.get(lang)?.has(slug)) {
        const hidden = unpublished(article, byPath.get(`${lang}/${slug}`));
        if (hidden) {
          out.push({
            file: article.file,
            path: [],
            line: article.bodyLine + link.line - 1,
            column: link.column,
            severity: 'warning',
            message: `link "${link.href}" points to ${hidden}; remove the link or publish that article`,
          });
        }
        continue;
      }
      out.push({
        file: article.file,
        path: [],
        line: article.bodyLine + link.line - 1,
        column: link.column,
        severity: 'error',
        message: `link "${link.href}" points to a missing article: ${missingArticle(slug, lang, slugs.get(lang))}`,
      });
    }

    const frontmatter = article.frontmatter;
    if (!frontmatter) continue;
    if (frontmatter.lang !== article.folder) {
      out.push({
        file: article.file,
        path: ['lang'],
        severity: 'error',
        message: `expected lang "${article.folder}" (the folder of the file), found "${frontmatter.lang}"; fix lang or move the file to kb/${frontmatter.lang}/`,
      });
    }
    if (categories && !categories.has(frontmatter.category)) {
      out.push({
        file: article.file,
        path: ['category'],
        severity: 'error',
        message: unknownReference('category', 'categories (desk.yaml)', frontmatter.category, categories),
      });
    }
    for (const [field, value] of [
      ['updated', frontmatter.updated],
      ['reviewBy', frontmatter.reviewBy],
    ] as const) {
      const bad = value === undefined ? undefined : dateProblem(value);
      if (bad) out.push({ file: article.file, path: [field], severity: 'error', message: bad });
    }
    if (
      frontmatter.reviewBy !== undefined &&
      !dateProblem(frontmatter.reviewBy) &&
      frontmatter.reviewBy < today
    ) {
      out.push({
        file: article.file,
        path: ['reviewBy'],
        severity: 'warning',
        message: `review overdue since ${frontmatter.reviewBy}; check the article is still right, then set reviewBy to a later date`,
      });
    }
    frontmatter.related.forEach((slug, index) => {
      if (slug === article.slug) {
        out.push({
          file: article.file,
          path: ['related', index],
          severity: 'error',
          message: `an article cannot be related to itself; remove "${slug}"`,
        });
      } else if (!slugs.get(article.folder)?.has(slug)) {
        out.push({
          file: article.file,
          path: ['related', index],
          severity: 'error',
          message: missingArticle(slug, article.folder, slugs.get(article.folder)),
        });
      } else {
        const hidden = unpublished(article, byPath.get(`${article.folder}/${slug}`));
        if (hidden) {
          out.push({
            file: article.file,
            path: ['related', index],
            severity: 'warning',
            message: `"${slug}" is ${hidden}; remove it or publish that article`,
          });
        }
      }
    });
    let group = byTranslationKey.get(frontmatter.translationKey);
    if (!group) byTranslationKey.set(frontmatter.translationKey, (group = new Map()));
    const twin = group.get(frontmatter.lang);
    if (twin) {
      out.push({
        file: article.file,
        path: ['translationKey'],
        severity: 'error',
        message: `translationKey "${frontmatter.translationKey}" is already used by ${twin.file} in ${frontmatter.lang}; each language has one article per key, change one of them`,
      });
    } else group.set(frontmatter.lang, article);
  }

  if (context.desk) {
    const desk = context.desk;
    for (const [key, group] of byTranslationKey) {
      // Drafts are not published: a missing translation of a draft is not yet missing.
      if ([...group.values()].every((article) => article.frontmatter?.draft)) continue;
      const anchor = group.get(desk.languages[0]!) ?? group.values().next().value!;
      for (const lang of desk.languages) {
        if (group.has(lang) || translatedInto.get(key)?.has(lang)) continue;
        out.push({
          file: anchor.file,
          path: ['translationKey'],
          severity: 'warning',
          message: `no ${lang} translation of "${key}"; add kb/${lang}/<slug>.md with translationKey: ${key}`,
        });
      }
    }
  }
  return out;
}

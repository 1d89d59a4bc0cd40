// The rules and knowledge base the site is built from, loaded and validated once per build by the same
// loader as `repodesk validate` and the bot (src/rules/load-rules.ts): a broken rule or article fails the
// build with the file, line and fix, and the site shows exactly what the bot enforces. The articles come
// from that one reading too (site/lib/articles.ts), not from a second parse by an Astro content collection.
import { portalForms } from '../../src/forms/portal-forms.ts';
import type { Article, CategorySetting, Rules } from '../../src/rules/types.ts';
import { contentRoot } from './content-root.ts';
import type { FirstPassCount } from './first-pass-cache.ts';

/** The validated rules, and every article with a valid frontmatter (drafts and internal ones included). */
export interface SiteContent {
  rules: Rules;
  articles: Article[];
  /** With a build cache: how many articles were read again and how many came from it. */
  firstPass?: FirstPassCount;
}

// One build imports this module twice in one process (once through astro.config.mjs for the form
// validators, once in the pages' bundle): the loaded content is shared through the process, so the
// knowledge base is read and validated once.
const shared = ((globalThis as Record<symbol, unknown>)[Symbol.for('repodesk.site-content')] ??=
  new Map()) as Map<string, Promise<SiteContent>>;

/**
 * Makes `content` what this process's pages read, instead of loading it: the Astro build that
 * site/build-site.ts starts receives the content that build already validated.
 */
export function shareSiteContent(content: Promise<SiteContent>): void {
  shared.set(contentRoot, content);
}

/**
 * Everything under `<contentRoot>/rules` and `<contentRoot>/kb`; rejects with every error found. With
 * `cacheDir` (the build's, on its first call), the articles unchanged since the last build are not parsed
 * nor validated again (site/lib/first-pass-cache.ts).
 */
export function siteContent(options: { cacheDir?: string } = {}): Promise<SiteContent> {
  let loading = shared.get(contentRoot);
  if (!loading) {
    loading = load(options.cacheDir);
    shared.set(contentRoot, loading);
  }
  return loading;
}

async function load(cacheDir: string | undefined): Promise<SiteContent> {
  // Imported here: Astro's process (site/build-shell.ts) is handed the content and never loads it, and the
  // loader (its YAML parser, schemas and conditions) is 182 of the 259 modules that process loaded for the
  // site's own code.
  const [{ formatProblem, loadRules }, { openFirstPassCache }] = await Promise.all([
    import('../../src/rules/load-rules.ts'),
    import('./first-pass-cache.ts'),
  ]);
  const kept = cacheDir === undefined ? undefined : await openFirstPassCache(cacheDir);
  const loaded = await loadRules(contentRoot, { now: new Date(), firstPass: kept?.cache });
  await kept?.save();
  const { rules, articles, problems } = loaded;
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (!rules || errors.length > 0) {
    throw new Error(
      `the help site cannot be built from ${contentRoot}:\n${errors.map(formatProblem).join('\n')}`,
    );
  }
  // The site offers customers' forms only: an agents' form (a phone call log) is filled on GitHub.
  const content: SiteContent = { rules: { ...rules, forms: portalForms(rules.forms) }, articles };
  if (kept) content.firstPass = kept.count;
  return content;
}

/** Everything under `<contentRoot>/rules` (kb/ checked too); rejects with every error found. */
export async function siteRules(): Promise<Rules> {
  return (await siteContent()).rules;
}

/** The bot's public URL: `PUBLIC_BOT_URL` at build time, else desk.yaml `botUrl`, without a trailing slash. */
export async function botUrl(): Promise<string> {
  return (process.env.PUBLIC_BOT_URL || (await siteRules()).desk.botUrl).replace(/\/+$/, '');
}

/** A localised text in `lang`, else the first one written (the desk's first language by convention). */
export function localised(text: Record<string, string> | undefined, lang: string): string {
  if (!text) return '';
  return text[lang] ?? Object.values(text)[0] ?? '';
}

/** The desk's categories in display order. */
export async function categories(): Promise<CategorySetting[]> {
  return [...(await siteRules()).desk.categories].sort((a, b) => a.order - b.order);
}

/** Static paths for a page that exists once per desk language. */
export async function langPaths() {
  return (await siteRules()).desk.languages.map((lang) => ({ params: { lang } }));
}

// The rules the site is built from, loaded and validated once per build by the same loader as
// `repodesk validate` and the bot (src/rules/load-rules.ts): a broken rule or article fails the build
// with the file, line and fix, and the site shows exactly what the bot enforces.
import { formatProblem, loadRules } from '../../src/rules/load-rules.ts';
import type { CategorySetting, Rules } from '../../src/rules/types.ts';
import { contentRoot } from './content-root.ts';

// One build imports this module twice in one process (once through astro.config.mjs for the form
// validators, once in the pages' bundle): the loaded rules are shared through the process, so the
// knowledge base is read and validated once (1.3 s at 5,000 articles).
const shared = ((globalThis as Record<symbol, unknown>)[Symbol.for('repodesk.site-rules')] ??=
  new Map()) as Map<string, Promise<Rules>>;

/** Everything under `<contentRoot>/rules` (kb/ checked too); rejects with every error found. */
export function siteRules(): Promise<Rules> {
  let loading = shared.get(contentRoot);
  if (!loading) {
    loading = loadRules(contentRoot, { now: new Date() }).then(({ rules, problems }) => {
      const errors = problems.filter((problem) => problem.severity === 'error');
      if (!rules || errors.length > 0) {
        throw new Error(
          `the help site cannot be built from ${contentRoot}:\n${errors.map(formatProblem).join('\n')}`,
        );
      }
      return rules;
    });
    shared.set(contentRoot, loading);
  }
  return loading;
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

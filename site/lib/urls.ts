// Every URL of the site in one place, under the configured base path: Astro's, or, when site/build-site.ts
// fills pages outside Astro, SITE_BASE read as astro.config.mjs reads it (the build checks both agree).
const base = (import.meta.env?.BASE_URL ?? (process.env.SITE_BASE || '/')).replace(/\/?$/, '/');

/** A path of the site, under the base path. */
export function href(path: string): string {
  return base + path.replace(/^\//, '');
}

export const urls = {
  home: (lang: string) => href(`${lang}/`),
  article: (lang: string, slug: string) => href(`${lang}/articles/${slug}/`),
  category: (lang: string, id: string) => href(`${lang}/categories/${id}/`),
  search: (lang: string) => href(`${lang}/search/`),
  assistant: (lang: string) => href(`${lang}/assistant/`),
  assistantChoices: (lang: string) => href(`${lang}/assistant/choices.json`),
  requests: (lang: string) => href(`${lang}/requests/`),
  form: (lang: string, id: string) => href(`${lang}/requests/${id}/`),
  sent: (lang: string) => href(`${lang}/requests/sent/`),
  follow: (lang: string) => href(`${lang}/follow/`),
  satisfaction: (lang: string) => href(`${lang}/satisfaction/`),
  responseTimes: (lang: string) => href(`${lang}/response-times/`),
};

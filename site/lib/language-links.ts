// The same page in the other languages: the `<link rel="alternate">` tags of the head and the language
// switch of the header, written by Base.astro for the pages Astro renders and by site/build-site.ts for
// the pages it fills (an article's translations are only known there).
import { ui } from '../i18n/index.ts';
import { attribute, text } from './html.ts';
import { urls } from './urls.ts';

export interface LanguageLinks {
  /** One `<link rel="alternate">` per language the page exists in (its own included). */
  alternates: string;
  /** The header's link to the page in the desk's next language (its home page when the page has none). */
  languageSwitch: string;
}

/** The links of a page in `lang`; `alternates` maps each language the page exists in to its URL. */
export function languageLinks(
  lang: string,
  languages: readonly string[],
  alternates: Readonly<Record<string, string>>,
): LanguageLinks {
  const t = ui(lang);
  const switchTo = languages.find((other) => other !== lang);
  const switchHref = switchTo ? (alternates[switchTo] ?? urls.home(switchTo)) : undefined;
  return {
    alternates: Object.entries(alternates)
      .map(([other, url]) => `<link rel="alternate"${attribute('hreflang', other)}${attribute('href', url)}>`)
      .join(''),
    languageSwitch:
      switchTo && switchHref
        ? `<a class="lang-switch"${attribute('href', switchHref)}${attribute('hreflang', switchTo)}${attribute('lang', switchTo)}${attribute('aria-label', t.languageSwitchLabel)} data-lang-switch>${text(t.languageSwitch)}</a>`
        : '',
  };
}

// Pagefind's JavaScript API, loaded on first use only (first focus or keystroke), never at page load.
//
// What a first search waits for is a chain of downloads, each known only once the one before it has
// arrived: pagefind.js, then the entry file (which names the language's metadata file), then that
// metadata with the WebAssembly, then the index chunk of the query's words, then one fragment per shown
// result. Links of that chain are cut here:
// - Pagefind runs in the page (`noWorker`), not in its web worker: starting the worker is one more script
//   to download after pagefind.js (about 12 KB compressed), and every result then crosses a message;
// - while pagefind.js downloads, the entry file is read here and the metadata and WebAssembly it names are
//   requested at once (`<link rel="preload">`), so Pagefind's own requests for them are answered from what
//   is already downloaded instead of starting then;
// - Pagefind asks for the entry file under the same address as this read (its `metaCacheTag` option, one
//   per page view, so a new deploy is still seen at once): where the host lets the browser keep it for a
//   while (GitHub Pages: ten minutes), Pagefind's request is answered without the network.

export interface PagefindResultData {
  url: string;
  excerpt: string;
  /** The page's indexed text. */
  content: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}

export interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<PagefindResultData>;
}

export interface PagefindSearch {
  results: PagefindResult[];
  unfilteredResultCount: number;
}

export interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(term: string | null, options?: Record<string, unknown>): Promise<PagefindSearch>;
  filters(): Promise<Record<string, Record<string, number>>>;
  destroy(): Promise<void>;
}

/** One language of Pagefind's entry file (`pagefind-entry.json`). */
interface EntryLanguage {
  hash: string;
  wasm?: string | null;
  page_count: number;
}

let loading: Promise<Pagefind> | undefined;
let segmenterReady = false;

/**
 * Builds a grapheme segmenter for `lang` once per page: Pagefind splits every query into characters with
 * Intl.Segmenter, and the first one a page builds loads the segmentation data (20 to 40 ms of the page's
 * thread here). Pages with a search box call this when the page is idle (no download: the data is the
 * browser's), so a first search does not wait for it.
 */
export function warmSegmenter(lang: string): void {
  if (segmenterReady) return;
  segmenterReady = true;
  try {
    new Intl.Segmenter(lang, { granularity: 'grapheme' });
  } catch {
    // An unknown language tag: Pagefind then does without the segmenter too.
  }
}

function preload(href: string): void {
  const link = document.createElement('link');
  link.rel = 'preload';
  // `fetch` + anonymous CORS is what a fetch() of the same URL looks like: Pagefind's request then uses it.
  link.as = 'fetch';
  link.crossOrigin = 'anonymous';
  link.href = href;
  document.head.append(link);
}

/**
 * Requests the metadata and WebAssembly of the page language's index, chosen as Pagefind chooses them
 * (the language, then its base language, then the language with the most pages), so that nothing is
 * downloaded that Pagefind would not ask for. Any failure is left to Pagefind's own requests to report.
 */
async function preloadIndex(bundle: string, lang: string, tag: string): Promise<void> {
  const response = await fetch(`${bundle}pagefind-entry.json?ts=${tag}`);
  if (!response.ok) return;
  const { languages } = (await response.json()) as { languages?: Record<string, EntryLanguage> };
  if (!languages) return;
  const index =
    languages[lang] ??
    languages[lang.split('-')[0] ?? ''] ??
    Object.values(languages).sort((a, b) => b.page_count - a.page_count)[0];
  if (!index) return;
  preload(`${bundle}pagefind.${index.hash}.pf_meta`);
  preload(`${bundle}wasm.${index.wasm || 'unknown'}.pagefind`);
}

/** The page's Pagefind instance (the index of the page's `<html lang>`), loading as soon as it is asked for. */
export function loadPagefind(): Promise<Pagefind> {
  loading ??= (async () => {
    const base = document.documentElement.dataset.base ?? '/';
    const bundle = `${base}pagefind/`;
    const lang = (document.documentElement.getAttribute('lang') || 'unknown').toLowerCase();
    const tag = String(Date.now());
    void preloadIndex(bundle, lang, tag).catch(() => undefined);
    // A plain variable, not a template: Vite would wrap a template import in its module-preload helper.
    const script = `${bundle}pagefind.js`;
    const imported = import(/* @vite-ignore */ script) as Promise<Pagefind>;
    // When the page was not idle before the first search: while pagefind.js downloads.
    setTimeout(() => warmSegmenter(lang), 0);
    const pagefind = await imported;
    await pagefind.options({ baseUrl: base, excerptLength: 24, noWorker: true, metaCacheTag: tag });
    // Starts the downloads; the first search waits for them, not this call.
    await pagefind.init();
    return pagefind;
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/**
 * Searches with the page's Pagefind. When the index cannot be loaded (network cut, an index replaced by a
 * new deploy), Pagefind keeps failing: that instance is dropped, so the next search loads it again.
 */
export async function searchPagefind(
  term: string | null,
  options?: Record<string, unknown>,
): Promise<PagefindSearch> {
  const pagefind = await loadPagefind();
  try {
    return await pagefind.search(term, options);
  } catch (error) {
    loading = undefined;
    await pagefind.destroy().catch(() => undefined);
    throw error;
  }
}

/** Copies a Pagefind excerpt into `target` keeping only text and `<mark>`: no markup from the index runs. */
export function renderExcerpt(target: HTMLElement, excerpt: string): void {
  const parsed = new DOMParser().parseFromString(`<body>${excerpt}</body>`, 'text/html');
  target.replaceChildren();
  for (const node of parsed.body.childNodes) {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      target.append(mark);
    } else {
      target.append(node.textContent ?? '');
    }
  }
}

// Our search interface on Pagefind's API: results as you type, highlighted excerpts, category and tag
// filters, keyboard navigation (combobox + listbox), and one report per empty search to the bot.
import { feedbackLimits } from '../../src/feedback/feedback-signal.ts';
import { sendFeedback } from './bot.ts';
import {
  loadPagefind,
  renderExcerpt,
  searchPagefind,
  warmSegmenter,
  type Pagefind,
  type PagefindResult,
  type PagefindResultData,
} from './pagefind.ts';

interface SearchStrings {
  results: string;
  none: string;
  noneHint: string;
  loading: string;
  unavailable: string;
}

/** Fills `{q}`/`{n}` and picks `one|many` with the page language's plural rule. */
function say(text: string, values: { q?: string; n?: number }, lang: string): string {
  let chosen = text;
  if (values.n !== undefined && text.includes('|')) {
    const [one = text, many = text] = text.split('|');
    chosen = new Intl.PluralRules(lang).select(values.n) === 'one' ? one : many;
  }
  return chosen.replace('{q}', values.q ?? '').replace('{n}', String(values.n ?? ''));
}

// A query must rest this long before an empty result is reported, so partial words are never sent.
const EMPTY_REPORT_DELAY_MS = 2500;

/** Wires one `<form data-search>`; `data-mode="page"` is the search page, `overlay` a dropdown panel. */
export function initSearch(form: HTMLFormElement): void {
  const lang = document.documentElement.lang;
  const mode = form.dataset.mode === 'page' ? 'page' : 'overlay';
  const strings = JSON.parse(form.dataset.strings ?? '{}') as SearchStrings;
  const input = form.querySelector<HTMLInputElement>('input[type="search"]')!;
  const panel = form.querySelector<HTMLElement>('.search-panel')!;
  const status = form.querySelector<HTMLElement>('.search-status')!;
  const list = form.querySelector<HTMLUListElement>('.search-results')!;
  const more = form.querySelector<HTMLAnchorElement>('.search-more');
  const categorySelect = form.querySelector<HTMLSelectElement>('select[name="category"]');
  const tagSelect = form.querySelector<HTMLSelectElement>('select[name="tag"]');
  const limit = mode === 'page' ? 30 : 6;
  const reported = new Set<string>();
  let active = -1;
  let generation = 0;
  let searching = false;
  let pending = false;
  let reportTimer: ReturnType<typeof setTimeout> | undefined;
  let filtersReady = false;
  let indexReady = false;
  let fragmentArrived = false;

  const options = () => [...list.querySelectorAll<HTMLAnchorElement>('[role="option"]')];

  /** Highlights option `index` (wrapping past the last); -1 highlights none. */
  function setActive(index: number): void {
    const all = options();
    active = index < 0 || all.length === 0 ? -1 : index % all.length;
    all.forEach((option, i) => {
      option.classList.toggle('is-active', i === active);
      option.setAttribute('aria-selected', String(i === active));
    });
    const current = all[active];
    if (current) {
      input.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function open(show: boolean): void {
    if (mode === 'page') return;
    panel.hidden = !show;
    input.setAttribute('aria-expanded', String(show));
  }

  function currentFilters(): Record<string, string> {
    const filters: Record<string, string> = {};
    if (categorySelect?.value) filters.category = categorySelect.value;
    if (tagSelect?.value) filters.tag = tagSelect.value;
    return filters;
  }

  /** Lists the index's categories and tags in the filter menus (the search page only). */
  async function fillFilters(pagefind: Pagefind): Promise<void> {
    if (filtersReady || (!categorySelect && !tagSelect)) return;
    filtersReady = true;
    const available = await pagefind.filters().catch((error: unknown) => {
      filtersReady = false;
      throw error;
    });
    const params = new URLSearchParams(location.search);
    for (const [select, key] of [
      [categorySelect, 'category'],
      [tagSelect, 'tag'],
    ] as const) {
      if (!select) continue;
      const values = Object.keys(available[key] ?? {}).sort((a, b) => a.localeCompare(b, lang));
      for (const value of values) select.add(new Option(value, value));
      const wanted = params.get(key);
      if (wanted && values.includes(wanted)) select.value = wanted;
      select.disabled = false;
    }
  }

  /** Whether the page's address asks for a category or tag (a shared link): its search needs the menus. */
  function filtersInAddress(): boolean {
    const params = new URLSearchParams(location.search);
    return Boolean((categorySelect && params.get('category')) || (tagSelect && params.get('tag')));
  }

  function resultOption(result: PagefindResultData, i: number): HTMLLIElement {
    // The link is the option itself: a listbox option may not contain another interactive element.
    const item = document.createElement('li');
    item.setAttribute('role', 'none');
    const link = document.createElement('a');
    link.id = `${list.id}-${i}`;
    link.setAttribute('role', 'option');
    link.setAttribute('aria-selected', 'false');
    link.href = result.url;
    link.tabIndex = -1;
    const title = document.createElement('span');
    title.className = 'result-title';
    title.textContent = result.meta.title ?? result.url;
    const meta = document.createElement('span');
    meta.className = 'result-meta';
    meta.textContent = (result.filters.category ?? []).join(', ');
    const excerpt = document.createElement('span');
    excerpt.className = 'result-excerpt';
    renderExcerpt(excerpt, result.excerpt);
    link.append(title, meta, excerpt);
    item.append(link);
    return item;
  }

  /**
   * Shows `results` in rank order, each as soon as its fragment (title, excerpt) has arrived and those
   * ranked above it are shown: the first result does not wait for the last one's download. In the page's
   * first search, the first result's fragment is downloaded alone, the others once it has arrived (and
   * only if no newer search took over): asked together, while the index is still being read, the others'
   * downloads delay the first one's (measured in Chromium, first search at 1,000 articles: median 206 ms
   * from asking to the first fragment's arrival, 85 ms alone). Later searches ask for all at once: there
   * the whole list is what the customer waits for, and one more round trip before the others cost more
   * keystrokes over 60 ms in the benchmark. A result takes the place of the previous
   * query's result at its rank, so the list does not shrink and grow back at every keystroke. False when
   * a newer search took over.
   */
  async function renderResults(query: string, results: PagefindResult[], mine: number): Promise<boolean> {
    const staged = !fragmentArrived;
    let loads = (staged ? results.slice(0, 1) : results).map((result) => result.data());
    // A failed fragment must not leave an unhandled rejection behind the one awaited first.
    for (const load of loads) load.catch(() => undefined);
    active = -1;
    input.removeAttribute('aria-activedescendant');
    for (const option of options()) {
      option.classList.remove('is-active');
      option.setAttribute('aria-selected', 'false');
    }
    for (let i = 0; i < results.length; i += 1) {
      const data = await loads[i]!;
      if (mine !== generation) return false;
      if (i === 0) fragmentArrived = true;
      if (i === 0 && staged) {
        loads = [loads[0]!, ...results.slice(1).map((result) => result.data())];
        for (const load of loads) load.catch(() => undefined);
      }
      const item = resultOption(data, i);
      const previous = list.children[i];
      if (previous) previous.replaceWith(item);
      else list.append(item);
      // Lets tests (and styles) know which query the list has started to show.
      if (i === 0) list.dataset.query = query;
    }
    while (list.children.length > results.length) list.lastElementChild?.remove();
    if (results.length === 0) delete list.dataset.query;
    return true;
  }

  function scheduleEmptyReport(query: string): void {
    clearTimeout(reportTimer);
    const key = query.toLocaleLowerCase(lang);
    if (key.length < 3 || reported.has(key)) return;
    reportTimer = setTimeout(() => {
      if (input.value.trim().toLocaleLowerCase(lang) !== key || reported.has(key)) return;
      reported.add(key);
      void sendFeedback({ kind: 'empty-search', query: query.slice(0, feedbackLimits.queryChars), lang });
    }, EMPTY_REPORT_DELAY_MS);
  }

  async function run(): Promise<void> {
    const query = input.value.trim();
    const mine = ++generation;
    clearTimeout(reportTimer);
    if (mode === 'page') {
      const url = new URL(location.href);
      if (query) url.searchParams.set('q', query);
      else url.searchParams.delete('q');
      for (const [key, value] of Object.entries({ category: categorySelect?.value, tag: tagSelect?.value })) {
        if (value) url.searchParams.set(key, value);
        else url.searchParams.delete(key);
      }
      history.replaceState(null, '', url);
    }
    if (more) more.href = `${form.action}?q=${encodeURIComponent(query)}`;
    const filters = currentFilters();
    if (!query && Object.keys(filters).length === 0) {
      list.replaceChildren();
      delete list.dataset.query;
      status.textContent = '';
      open(false);
      return;
    }
    // Only the first search waits for the index to load; later ones answer before a message could be read
    // (and a live region repeating "Searching…" at every keystroke is noise for screen-reader users).
    if (!indexReady) status.textContent = strings.loading;
    open(true);
    let count: number;
    try {
      const search = await searchPagefind(query || null, { filters: currentFilters() });
      indexReady = true;
      if (mine !== generation) return;
      count = search.results.length;
      if (!(await renderResults(query, search.results.slice(0, limit), mine))) return;
    } catch {
      if (mine === generation) status.textContent = strings.unavailable;
      return;
    }
    if (count === 0) {
      status.textContent = `${say(strings.none, { q: query }, lang)} ${strings.noneHint}`;
      if (query && Object.keys(filters).length === 0) scheduleEmptyReport(query);
    } else {
      status.textContent = say(strings.results, { n: count }, lang);
    }
    if (more) more.hidden = count <= limit;
    // Lets tests (and styles) know which query the whole list shows.
    form.dataset.shownQuery = query;
    // The filter menus are filled after the first results: listing them loads every filter of the index,
    // which the first search must not wait for.
    void loadPagefind()
      .then(fillFilters)
      .catch(() => undefined);
  }

  // Results follow the keyboard without a fixed delay: a keystroke searches at once when no search is
  // running, and keystrokes made during a search are folded into one search when it ends.
  function schedule(): void {
    if (searching) {
      pending = true;
      return;
    }
    searching = true;
    void run().finally(() => {
      searching = false;
      if (pending) {
        pending = false;
        schedule();
      }
    });
  }

  // The first search should not wait for the browser's text segmentation data: load it once the page is
  // idle (no download).
  if ('requestIdleCallback' in window) requestIdleCallback(() => warmSegmenter(lang), { timeout: 2000 });

  input.addEventListener('focus', () => {
    void loadPagefind().catch(() => undefined);
    if (input.value.trim() && mode === 'overlay' && list.children.length > 0) open(true);
  });
  input.addEventListener('input', schedule);
  categorySelect?.addEventListener('change', () => void run());
  tagSelect?.addEventListener('change', () => void run());

  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (options().length === 0) return;
      event.preventDefault();
      open(true);
      const last = options().length - 1;
      setActive(event.key === 'ArrowDown' ? active + 1 : active <= 0 ? last : active - 1);
    } else if (event.key === 'Enter') {
      const link = options()[active];
      if (link) {
        event.preventDefault();
        location.href = link.href;
      } else if (mode === 'page') {
        event.preventDefault();
        schedule();
      }
    } else if (event.key === 'Escape') {
      // Chromium clears a search field on Escape by itself: we decide instead (close first, then clear).
      event.preventDefault();
      if (mode === 'overlay' && !panel.hidden) {
        open(false);
      } else {
        input.value = '';
        void run();
      }
      setActive(-1);
    }
  });

  form.addEventListener('focusout', (event) => {
    if (mode === 'overlay' && !form.contains(event.relatedTarget as Node | null)) open(false);
  });

  if (mode === 'page') {
    const params = new URLSearchParams(location.search);
    input.value = params.get('q') ?? '';
    // The search page exists to search: load the index once the page is idle, and search at once for
    // the query of its address. A category or tag in the address needs the filter menus first.
    const start = () =>
      loadPagefind()
        .then((pagefind) => (filtersInAddress() ? fillFilters(pagefind) : undefined))
        .catch(() => undefined)
        .finally(() => {
          if (input.value || categorySelect?.value || tagSelect?.value) void run();
          else
            void loadPagefind()
              .then(fillFilters)
              .catch(() => undefined);
        });
    if ('requestIdleCallback' in window) requestIdleCallback(() => void start(), { timeout: 300 });
    else setTimeout(() => void start(), 50);
    form.addEventListener('submit', (event) => event.preventDefault());
  }
}

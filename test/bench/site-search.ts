// First search result in Chromium with a cold cache: our search interface against Pagefind's default UI
// on the same index (N generated articles), then the time of each further keystroke in ours. A fresh
// browser profile per run. Both sides are measured the same way:
// - time, inside the page, from the input event that sets the query (the page loaded and idle, the index
//   not yet loaded) to the first result in the list, its title shown: no driver round trips. Both
//   interfaces show each result when its fragment has arrived (ours in rank order, the default UI in any
//   order), so on both sides this is the first result a customer can read, not the whole list;
// - bytes counted at the server (gzip on and files kept ten minutes, as GitHub Pages serves): `*_kb` is everything from navigation
//   to the first result, split into `*_page_kb` (the page and its scripts) and `*_search_kb` (what the
//   query fetched: Pagefind's script, wasm, index chunks, fragments).
// Pagefind's default UI waits `debounceTimeoutMs` (300 ms unless configured) after the last keystroke
// before it searches (pagefind-ui.js: `setTimeout(search, debounce_timeout_ms)`): the comparable figure,
// `default_ui_ms`, is its UI with `debounceTimeoutMs: 0`; `default_ui_shipped_ms` is as it ships.
// Run:
//   node test/bench/site-search.ts [--n 1000,5000] [--runs 5]
// Prints one line per N:
//   bench site-search n=5000 runs=5 ours_ms=… default_ui_ms=… ratio=… default_ui_shipped_ms=… ratio_shipped=… ours_kb=… ours_page_kb=… ours_search_kb=… default_ui_kb=… … keystroke_ms=… keystroke_max_ms=… keystrokes_over_60ms=…/… … keystroke_max_by_query=pa:…,pai:…,…
// (`keystroke_max_by_query`: the slowest of the runs for each further keystroke, named by the typed word).
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { generateArticles } from '../../scripts/generate-articles.ts';
import { launchBrowser } from '../site/support/browser.ts';
import { startStaticServer, type StaticServer } from '../site/support/static-server.ts';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: { n: { type: 'string', default: '5000' }, runs: { type: 'string', default: '5' } },
});
const runs = Number(values.runs);
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
const query = 'facture';

interface FirstResult {
  ms: number;
  kb: number;
  pageKb: number;
  searchKb: number;
}

for (const n of values.n.split(',').map(Number)) await measure(n);

/** Builds the site on `n` generated articles and prints its `bench site-search` line. */
async function measure(n: number): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), `repodesk-bench-search-${n}-`));
  const content = path.join(work, 'content');
  const out = path.join(work, 'dist');
  await generateArticles(n, content);
  await run('npm', ['run', 'build'], {
    cwd: repo,
    env: { ...process.env, REPODESK_ROOT: content, REPODESK_OUT: out, PUBLIC_BOT_URL: '/' },
    maxBuffer: 256 * 1024 * 1024,
  });
  // Pagefind's own interface over the same index, as its documentation sets it up: as it ships, and without
  // its debounce.
  for (const [folder, options] of [
    ['bench-default-ui', ''],
    ['bench-default-ui-no-debounce', ', debounceTimeoutMs: 0'],
  ] as const) {
    await mkdir(path.join(out, folder), { recursive: true });
    await writeFile(
      path.join(out, folder, 'index.html'),
      `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Pagefind UI</title>
<link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script></head>
<body><div id="search"></div><script>window.addEventListener('DOMContentLoaded', () => { new PagefindUI({ element: '#search', showSubResults: false${options} }); });</script></body></html>`,
    );
  }

  // Served as GitHub Pages serves: gzip, and files the browser may keep ten minutes.
  const site: StaticServer = await startStaticServer(out, undefined, { gzip: true, cache: true });
  const kb = (from: number, until = site.sent.length) =>
    site.sent.slice(from, until).reduce((sum, entry) => sum + entry.bytes, 0) / 1024;
  /**
   * Opens `pathname` in a fresh browser, waits for `inputSelector`, lets the page settle, then sets the
   * query the way typing does (focus, value, input event) and times, inside the page, until an element
   * matching `resultSelector` is in the document. Bytes are counted once `wholeListSelector` is in the
   * document and the network is idle. Leaves the browser open for more measures.
   */
  async function firstResult(
    pathname: string,
    inputSelector: string,
    resultSelector: string,
    wholeListSelector = resultSelector,
  ) {
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    const start = site.sent.length;
    await page.goto(`${site.url}${pathname}`, { waitUntil: 'load' });
    await page.waitForSelector(inputSelector);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const afterPage = site.sent.length;
    const ms = await page.evaluate(
      async ([input, result, text]) => {
        const field = document.querySelector<HTMLInputElement>(input)!;
        const began = performance.now();
        const shown = new Promise<void>((resolve) => {
          const observer = new MutationObserver(() => {
            if (document.querySelector(result)) {
              observer.disconnect();
              resolve();
            }
          });
          observer.observe(document.body, { subtree: true, childList: true, attributes: true });
        });
        field.focus();
        field.value = text;
        field.dispatchEvent(new InputEvent('input', { bubbles: true, data: text, inputType: 'insertText' }));
        await shown;
        return performance.now() - began;
      },
      [inputSelector, resultSelector, query] as const,
    );
    // Let late responses of the first search (fragments of the shown results) be counted: ours asks for the
    // fragments below the first result once the first has arrived, after the page may have been idle.
    await page.waitForSelector(wholeListSelector);
    await page.waitForLoadState('networkidle');
    const measure: FirstResult = { ms, kb: kb(start), pageKb: kb(start, afterPage), searchKb: kb(afterPage) };
    return { browser, page, measure };
  }

  const ours: FirstResult[] = [];
  const defaultUi: FirstResult[] = [];
  const defaultUiShipped: FirstResult[] = [];
  const keystrokes: number[] = [];
  /** Each further keystroke's times, by the query it typed. */
  const byQuery = new Map<string, number[]>();

  for (let i = 0; i < runs; i += 1) {
    {
      const { browser, page, measure } = await firstResult(
        '/fr/',
        '#home-search-q',
        // The list names the query it has started to show (form[data-shown-query] waits for the whole list).
        `#home-search-results[data-query="${query}"] [role="option"]`,
        `form[data-shown-query="${query}"]`,
      );
      ours.push(measure);
      const input = page.locator('#home-search-q');
      // Further keystrokes: each adds a letter to a new word, the index already warm. Timed to the whole
      // list showing the new query (form[data-shown-query]), every shown result's fragment included.
      let typed = `${query} p`;
      await input.fill(typed);
      await page.waitForSelector(`form[data-shown-query="${typed}"]`);
      for (const letter of 'aiemen') {
        typed += letter;
        // Timed inside the page, from the input event to the list showing the new query: what the
        // customer waits for, without the driver's round trips.
        const ms = await page.evaluate(async (next) => {
          const field = document.querySelector<HTMLInputElement>('#home-search-q')!;
          const form = field.form!;
          const began = performance.now();
          const shown = new Promise<void>((resolve) => {
            const observer = new MutationObserver(() => {
              if (form.dataset.shownQuery === next) {
                observer.disconnect();
                resolve();
              }
            });
            observer.observe(form, { attributes: true, attributeFilter: ['data-shown-query'] });
          });
          field.value = next;
          field.dispatchEvent(
            new InputEvent('input', { bubbles: true, data: next.slice(-1), inputType: 'insertText' }),
          );
          await shown;
          return performance.now() - began;
        }, typed);
        keystrokes.push(ms);
        byQuery.set(typed, [...(byQuery.get(typed) ?? []), ms]);
      }
      await browser.close();
    }
    for (const [folder, list] of [
      ['bench-default-ui-no-debounce', defaultUi],
      ['bench-default-ui', defaultUiShipped],
    ] as const) {
      const { browser, measure } = await firstResult(
        `/${folder}/`,
        '.pagefind-ui__search-input',
        '.pagefind-ui__result-link',
      );
      list.push(measure);
      await browser.close();
    }
  }
  await site.close();
  await rm(work, { recursive: true, force: true });

  const oursMs = median(ours.map((r) => r.ms));
  const defaultMs = median(defaultUi.map((r) => r.ms));
  const shippedMs = median(defaultUiShipped.map((r) => r.ms));
  const sizes = (name: string, list: FirstResult[]) =>
    ` ${name}_kb=${median(list.map((r) => r.kb)).toFixed(0)} ${name}_page_kb=${median(list.map((r) => r.pageKb)).toFixed(0)}` +
    ` ${name}_search_kb=${median(list.map((r) => r.searchKb)).toFixed(0)}`;
  const spread = (name: string, list: FirstResult[]) =>
    ` ${name}_ms_spread=${Math.min(...list.map((r) => r.ms)).toFixed(0)}-${Math.max(...list.map((r) => r.ms)).toFixed(0)}`;
  process.stdout.write(
    `bench site-search n=${n} runs=${runs} ours_ms=${oursMs.toFixed(0)} default_ui_ms=${defaultMs.toFixed(0)} ratio=${(oursMs / defaultMs).toFixed(2)}` +
      ` default_ui_shipped_ms=${shippedMs.toFixed(0)} ratio_shipped=${(oursMs / shippedMs).toFixed(2)}` +
      sizes('ours', ours) +
      sizes('default_ui', defaultUi) +
      ` keystroke_ms=${median(keystrokes).toFixed(0)} keystroke_max_ms=${Math.max(...keystrokes).toFixed(0)}` +
      ` keystrokes_over_60ms=${keystrokes.filter((ms) => ms > 60).length}/${keystrokes.length}` +
      spread('ours', ours) +
      spread('default_ui', defaultUi) +
      spread('default_ui_shipped', defaultUiShipped) +
      ` keystroke_max_by_query=${[...byQuery]
        .map(([typed, list]) => `${typed.split(' ').at(-1)}:${Math.max(...list).toFixed(0)}`)
        .join(',')}` +
      '\n',
  );
}

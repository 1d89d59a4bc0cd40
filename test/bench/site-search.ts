// First search result in Chromium with a cold cache: our search interface against Pagefind's default UI
// on the same index (N generated articles), then the time of each further keystroke in ours. Bytes are
// counted at the server (gzip on, as GitHub Pages serves), time from the keystroke to the result shown.
// A fresh browser profile per run. Run:
//   node test/bench/site-search.ts [--n 5000] [--runs 5]
// Prints one line:
//   bench site-search n=5000 runs=5 ours_ms=… default_ui_ms=… ratio=… ours_kb=… ours_page_kb=… default_ui_kb=… keystroke_ms=… keystroke_max_ms=…
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
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
const n = Number(values.n);
const runs = Number(values.runs);

const work = await mkdtemp(path.join(os.tmpdir(), `repodesk-bench-search-${n}-`));
const content = path.join(work, 'content');
const out = path.join(work, 'dist');
await generateArticles(n, content);
for (const entry of await readdir(os.tmpdir())) {
  if (entry.startsWith('repodesk-astro-cache-'))
    await rm(path.join(os.tmpdir(), entry), { recursive: true, force: true });
}
await run('npm', ['run', 'build'], {
  cwd: repo,
  env: { ...process.env, REPODESK_ROOT: content, REPODESK_OUT: out, PUBLIC_BOT_URL: '/' },
  maxBuffer: 256 * 1024 * 1024,
});
// Pagefind's own interface over the same index, as its documentation sets it up.
await mkdir(path.join(out, 'bench-default-ui'), { recursive: true });
await writeFile(
  path.join(out, 'bench-default-ui/index.html'),
  `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Pagefind UI</title>
<link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script></head>
<body><div id="search"></div><script>window.addEventListener('DOMContentLoaded', () => { new PagefindUI({ element: '#search', showSubResults: false }); });</script></body></html>`,
);

const site: StaticServer = await startStaticServer(out, undefined, { gzip: true });
const kb = (from: number, until = site.sent.length) =>
  site.sent.slice(from, until).reduce((sum, entry) => sum + entry.bytes, 0) / 1024;
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
const query = 'facture';

const ours: { ms: number; kb: number; pageKb: number }[] = [];
const defaultUi: { ms: number; kb: number }[] = [];
const keystrokes: number[] = [];

for (let i = 0; i < runs; i += 1) {
  {
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    const start = site.sent.length;
    await page.goto(`${site.url}/fr/`, { waitUntil: 'load' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const afterPage = site.sent.length;
    const input = page.locator('#home-search-q');
    const began = performance.now();
    await input.fill(query);
    await page.waitForSelector(`form[data-shown-query="${query}"] [role="option"]`);
    ours.push({ ms: performance.now() - began, kb: kb(afterPage), pageKb: kb(start, afterPage) });
    // Further keystrokes: each adds a letter to a new word, the index already warm.
    let typed = `${query} p`;
    await input.fill(typed);
    await page.waitForSelector(`form[data-shown-query="${typed}"]`);
    for (const letter of 'aiemen') {
      typed += letter;
      // Timed inside the page, from the input event to the list showing the new query: what the
      // customer waits for, without the driver's round trips.
      keystrokes.push(
        await page.evaluate(async (next) => {
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
        }, typed),
      );
    }
    await browser.close();
  }
  {
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    const start = site.sent.length;
    await page.goto(`${site.url}/bench-default-ui/`, { waitUntil: 'load' });
    await page.waitForSelector('.pagefind-ui__search-input');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const began = performance.now();
    await page.locator('.pagefind-ui__search-input').fill(query);
    await page.waitForSelector('.pagefind-ui__result-link');
    defaultUi.push({ ms: performance.now() - began, kb: kb(start) });
    await browser.close();
  }
}
await site.close();
await rm(work, { recursive: true, force: true });

const oursMs = median(ours.map((r) => r.ms));
const defaultMs = median(defaultUi.map((r) => r.ms));
process.stdout.write(
  `bench site-search n=${n} runs=${runs} ours_ms=${oursMs.toFixed(0)} default_ui_ms=${defaultMs.toFixed(0)} ratio=${(oursMs / defaultMs).toFixed(2)}` +
    ` ours_kb=${median(ours.map((r) => r.kb)).toFixed(0)} ours_page_kb=${median(ours.map((r) => r.pageKb)).toFixed(0)}` +
    ` default_ui_kb=${median(defaultUi.map((r) => r.kb)).toFixed(0)}` +
    ` keystroke_ms=${median(keystrokes).toFixed(0)} keystroke_max_ms=${Math.max(...keystrokes).toFixed(0)}` +
    ` ours_ms_spread=${Math.min(...ours.map((r) => r.ms)).toFixed(0)}-${Math.max(...ours.map((r) => r.ms)).toFixed(0)}` +
    ` default_ui_ms_spread=${Math.min(...defaultUi.map((r) => r.ms)).toFixed(0)}-${Math.max(...defaultUi.map((r) => r.ms)).toFixed(0)}\n`,
);

// Page weight of the help site as a phone downloads it: HTML + CSS + JS, gzip-compressed (as GitHub Pages
// serves), counted at the server while headless Chromium loads each page with a cold cache; and whether
// anything blocks rendering (a classic <script> in <head>, or an external stylesheet). Run:
//   node test/bench/site-weight.ts [--root DIR]   (default: the repository's own content)
// Prints one line per page:
//   bench site-weight page=article kb=… html_kb=… js_kb=… requests=… render_blocking=0
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from '../site/support/browser.ts';
import { buildSite, repo } from '../site/support/built-site.ts';
import { startStaticServer } from '../site/support/static-server.ts';

const { values } = parseArgs({ options: { root: { type: 'string', default: repo } } });
const out = await mkdtemp(path.join(os.tmpdir(), 'repodesk-bench-weight-'));
await buildSite(path.resolve(values.root), out, 'https://bot.example.invalid');
const site = await startStaticServer(out, undefined, { gzip: true });

const pages: [string, string][] = [
  ['home', '/fr/'],
  ['article', (await firstArticle()) ?? '/fr/'],
  ['search', '/fr/search/'],
  ['request-form', '/fr/requests/'],
];

async function firstArticle(): Promise<string | undefined> {
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.goto(`${site.url}/fr/`);
  const href = await page.locator('a.card[href*="/articles/"]').first().getAttribute('href');
  await browser.close();
  return href ?? undefined;
}

for (const [name, pathname] of pages) {
  // The catalogue links to the first form: weigh the form page itself.
  let target = pathname;
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  if (name === 'request-form') {
    await page.goto(site.url + pathname);
    target = (await page.locator('a.card[href*="/requests/"]').first().getAttribute('href')) ?? pathname;
  }
  const start = site.sent.length;
  await page.goto(site.url + target, { waitUntil: 'networkidle' });
  const loaded = site.sent.slice(start).filter((entry) => /\.(html|js|css)$|\/$/.test(entry.path));
  const blocking = await page.evaluate(
    () =>
      document.querySelectorAll(
        'head script:not([type="module"]):not([async]):not([defer]):not([type="application/json"]), link[rel="stylesheet"]',
      ).length,
  );
  const sum = (filter: (entry: { path: string }) => boolean) =>
    loaded.filter(filter).reduce((total, entry) => total + entry.bytes, 0) / 1024;
  process.stdout.write(
    `bench site-weight page=${name} path=${target} kb=${sum(() => true).toFixed(1)} html_kb=${sum((entry) => entry.path.endsWith('/')).toFixed(1)}` +
      ` js_kb=${sum((entry) => entry.path.endsWith('.js')).toFixed(1)} requests=${loaded.length} render_blocking=${blocking}\n`,
  );
  await browser.close();
}
await site.close();
await rm(out, { recursive: true, force: true });

// Page weight of the help site as a phone downloads it: HTML + CSS + JS, gzip-compressed (as GitHub Pages
// serves), counted at the server while headless Chromium loads each page with a cold cache; and whether
// anything blocks rendering (a classic <script> in <head>, or an external stylesheet). The anchor is the
// Astro Starlight page of the same article, built in the same run from the same content
// (site-starlight.ts, shared with site-build.ts) and served the same way. Run:
//   node test/bench/site-weight.ts [--root DIR] [--no-starlight]   (default: the repository's own content)
// Prints one line per page, then the Starlight article and the ratio:
//   bench site-weight page=article kb=… html_kb=… js_kb=… css_kb=… requests=… render_blocking=0
//   bench site-weight page=starlight-article kb=… … ratio_kb=…
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from '../site/support/browser.ts';
import { buildSite, repo } from '../site/support/built-site.ts';
import { startStaticServer, type StaticServer } from '../site/support/static-server.ts';
import { buildStarlight } from './site-starlight.ts';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: repo },
    'no-starlight': { type: 'boolean', default: false },
  },
});
const root = path.resolve(values.root);
const out = await mkdtemp(path.join(os.tmpdir(), 'repodesk-bench-weight-'));
await buildSite(root, out, 'https://bot.example.invalid');
const site = await startStaticServer(out, undefined, { gzip: true });

interface Weight {
  kb: number;
  line: string;
}

/** Loads `pathname` from `server` in a fresh browser and sums what it downloaded. */
async function weigh(server: StaticServer, name: string, pathname: string): Promise<Weight> {
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  const start = server.sent.length;
  const response = await page.goto(server.url + pathname, { waitUntil: 'networkidle' });
  if (!response?.ok()) throw new Error(`${name}: ${pathname} answered ${response?.status()}`);
  const loaded = server.sent.slice(start).filter((entry) => /\.(html|js|css)$|\/$/.test(entry.path));
  const blocking = await page.evaluate(
    () =>
      document.querySelectorAll(
        'head script:not([type="module"]):not([async]):not([defer]):not([type="application/json"]), link[rel="stylesheet"]',
      ).length,
  );
  await browser.close();
  const sum = (filter: (entry: { path: string }) => boolean) =>
    loaded.filter(filter).reduce((total, entry) => total + entry.bytes, 0) / 1024;
  const kb = sum(() => true);
  return {
    kb,
    line:
      `bench site-weight page=${name} path=${pathname} kb=${kb.toFixed(1)} html_kb=${sum((entry) => entry.path.endsWith('/')).toFixed(1)}` +
      ` js_kb=${sum((entry) => entry.path.endsWith('.js')).toFixed(1)} css_kb=${sum((entry) => entry.path.endsWith('.css')).toFixed(1)}` +
      ` requests=${loaded.length} render_blocking=${blocking}`,
  };
}

/** The first link matching `selector` on `pathname`. */
async function firstLink(pathname: string, selector: string): Promise<string> {
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.goto(site.url + pathname);
  const href = await page.locator(selector).first().getAttribute('href');
  await browser.close();
  if (!href) throw new Error(`no ${selector} on ${pathname}`);
  return href;
}

const article = await firstLink('/fr/', 'a.card[href*="/articles/"]');
const pages: [string, string][] = [
  ['home', '/fr/'],
  ['article', article],
  ['search', '/fr/search/'],
  // The catalogue links to the first form: weigh the form page itself.
  ['request-form', await firstLink('/fr/requests/', 'a.card[href*="/requests/"]')],
];
let ourArticle: Weight | undefined;
for (const [name, pathname] of pages) {
  const weight = await weigh(site, name, pathname);
  if (name === 'article') ourArticle = weight;
  process.stdout.write(`${weight.line}\n`);
}
await site.close();

if (!values['no-starlight'] && ourArticle) {
  // The same article, as Starlight publishes it: /fr/articles/<slug>/ is /fr/<slug>/ there.
  const slug = article.split('/').filter(Boolean).pop()!;
  const starlight = await startStaticServer(await buildStarlight(root), undefined, { gzip: true });
  const theirs = await weigh(starlight, 'starlight-article', `/fr/${slug}/`);
  process.stdout.write(`${theirs.line} ratio_kb=${(ourArticle.kb / theirs.kb).toFixed(2)}\n`);
  await starlight.close();
}
await rm(out, { recursive: true, force: true });

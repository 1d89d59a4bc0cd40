// The help site: static pages from `kb/` and `rules/` (site sources in `site/`), indexed by Pagefind
// after the build (`npm run build`). REPODESK_ROOT builds another content folder, REPODESK_OUT writes
// elsewhere than dist/, SITE_BASE serves under a sub-path (GitHub Pages project sites).
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'astro/config';
import { satteri } from '@astrojs/markdown-satteri';
import { articleLinks } from './site/lib/article-links.ts';
import { formValidators } from './site/lib/form-validators.ts';

const base = process.env.SITE_BASE || '/';
// Astro keeps the content store in its cache folder: one per content root, so that building the test
// fixtures or the benchmark's articles does not evict the repository's own store.
const contentRoot = process.env.REPODESK_ROOT ? path.resolve(process.env.REPODESK_ROOT) : undefined;
const cacheDir = contentRoot
  ? path.join(os.tmpdir(), `repodesk-astro-cache-${createHash('sha256').update(contentRoot).digest('hex').slice(0, 12)}`)
  : './node_modules/.astro';

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir: process.env.REPODESK_OUT || './dist',
  cacheDir,
  base,
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'always' },
  devToolbar: { enabled: false },
  vite: { plugins: [formValidators()] },
  markdown: {
    processor: satteri({ mdastPlugins: [articleLinks({ base })] }),
    syntaxHighlight: false,
  },
});

// The help site: static pages from `kb/` and `rules/` (site sources in `site/`), indexed by Pagefind
// after the build (`npm run build`). REPODESK_ROOT builds another content folder, REPODESK_OUT writes
// elsewhere than dist/, SITE_BASE serves under a sub-path (GitHub Pages project sites).
import { defineConfig } from 'astro/config';
import { satteri } from '@astrojs/markdown-satteri';
import { articleLinks } from './site/lib/article-links.ts';
import { formValidators } from './site/lib/form-validators.ts';

const base = process.env.SITE_BASE || '/';

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir: process.env.REPODESK_OUT || './dist',
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

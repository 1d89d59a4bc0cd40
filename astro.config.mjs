// The help site: static pages from `kb/` and `rules/` (site sources in `site/`), indexed by Pagefind
// after the build (`npm run build`). REPODESK_ROOT builds another content folder, REPODESK_OUT writes
// elsewhere than dist/, SITE_BASE serves under a sub-path (GitHub Pages project sites).
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { defineConfig } from 'astro/config';
import { formValidators } from './site/lib/form-validators.ts';

const base = process.env.SITE_BASE || '/';
// Astro prerenders pages from a folder next to the output, or from <cwd>/.astro/.prerender when the output
// is outside the working directory: two builds into /tmp folders at once would then overwrite each
// other's code. Such a build writes inside node_modules/.cache (its own folder, where node_modules still
// resolves) and is moved to REPODESK_OUT when Astro is done, before Pagefind indexes it.
const requestedOut = path.resolve(process.env.REPODESK_OUT || 'dist');
const outsideCwd = !requestedOut.startsWith(process.cwd() + path.sep);
// The folder is named after the output folder's path, not after this process: the same output folder gets the
// same one, so that Node's compile cache (site/build.ts) keeps one entry per prerendered chunk, replaced
// when the chunk changes, instead of a new one at each build.
const buildOut = outsideCwd
  ? path.resolve(
      'node_modules/.cache/repodesk-site-build',
      `${path.basename(requestedOut)}-${createHash('sha256').update(requestedOut).digest('hex').slice(0, 12)}`,
    )
  : requestedOut;

/**
 * Moves a build made in node_modules/.cache to where it was asked for. Refuses `astro build` run alone: it
 * writes the templates of the article, category and home pages, which `npm run build` (site/build-site.ts)
 * fills.
 */
const moveOutput = {
  name: 'repodesk-output-folder',
  hooks: {
    'astro:config:setup': async ({ command }) => {
      if (command === 'build' && !process.env.REPODESK_SITE_SHELL) {
        throw new Error(
          'build the help site with `npm run build`: `astro build` alone writes page templates, not the site',
        );
      }
      // What a build into the same output folder that failed may have left.
      if (command === 'build' && outsideCwd) await fs.rm(buildOut, { recursive: true, force: true });
    },
    'astro:build:done': async () => {
      if (!outsideCwd) return;
      await fs.rm(requestedOut, { recursive: true, force: true });
      await fs.mkdir(path.dirname(requestedOut), { recursive: true });
      try {
        await fs.rename(buildOut, requestedOut);
      } catch {
        // Another file system (/tmp): copy, then remove.
        await fs.cp(buildOut, requestedOut, { recursive: true });
        await fs.rm(buildOut, { recursive: true, force: true });
      }
    },
  },
};

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir: buildOut,
  integrations: [moveOutput],
  base,
  trailingSlash: 'always',
  // Four pages at a time: one page alone leaves the thread waiting on its file writes about 40% of the
  // time (CPU profile of 2,000 articles); more than four gained nothing measurable.
  build: { format: 'directory', inlineStylesheets: 'always', concurrency: 4 },
  devToolbar: { enabled: false },
  vite: { plugins: [formValidators()] },
});

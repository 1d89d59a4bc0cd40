// `npm run build`: the help site and its search index in REPODESK_OUT (dist/ by default), from kb/ and
// rules/ under REPODESK_ROOT (the repository by default); see site/build-site.ts. The build cache of an
// output folder is REPODESK_SITE_CACHE, by default `.repodesk-cache/<output folder's name>` beside it
// (keep both, e.g. with actions/cache, to rebuild only what changed). REPODESK_BUILD_QUIET=1 prints only
// errors; REPODESK_BUILD_REPORT=<file> writes what the build did, as JSON.
//
// Node's compile cache (the compiled code of every module the build loads: Astro, Vite, Ajv, ours without
// its types) is kept in node_modules/.cache/repodesk-compile, as Vite keeps node_modules/.vite: it outlives
// the output folder and the build cache, so a build from nothing does not compile them again. The
// processes the build starts (Astro's, each language's index) get it through NODE_COMPILE_CACHE, which
// module.enableCompileCache() does not set. An existing NODE_COMPILE_CACHE is kept.
import module from 'node:module';
import path from 'node:path';
import type { AstroOutput } from './start-astro.ts';

const out = path.resolve(process.env.REPODESK_OUT || 'dist');
const cacheDir = path.resolve(
  process.env.REPODESK_SITE_CACHE || path.join(path.dirname(out), '.repodesk-cache', path.basename(out)),
);
const quiet = Boolean(process.env.REPODESK_BUILD_QUIET);
const compileCache =
  process.env.NODE_COMPILE_CACHE ||
  path.resolve(import.meta.dirname, '../node_modules/.cache/repodesk-compile');
module.enableCompileCache(compileCache);
process.env.NODE_COMPILE_CACHE = compileCache;

let astro: AstroOutput | undefined;
try {
  // Astro first: its process is the longest (site/start-astro.ts).
  const { startAstro } = await import('./start-astro.ts');
  astro = startAstro({ cacheDir, quiet });
  const { buildSite } = await import('./build-site.ts');
  const report = await buildSite({ out, cacheDir, quiet }, astro);
  if (!quiet) {
    const index =
      report.languagesIndexed.length > 0 ? `built for ${report.languagesIndexed.join(', ')}` : 'unchanged';
    const from = report.fromNothing ? ` (from nothing: ${report.fromNothing})` : '';
    const written = `${report.pagesWritten} page${report.pagesWritten === 1 ? '' : 's'} written`;
    process.stdout.write(
      `site: ${written}, ${report.pagesKept} unchanged; Astro ${report.astro}; ` +
        `search index ${index}; ${((report.timings.end ?? 0) / 1000).toFixed(1)} s${from}\n`,
    );
  }
  if (process.env.REPODESK_BUILD_REPORT) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(process.env.REPODESK_BUILD_REPORT, JSON.stringify(report));
  }
} catch (error) {
  astro?.stop();
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}

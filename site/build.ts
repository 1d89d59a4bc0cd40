// `npm run build`: the help site and its search index in REPODESK_OUT (dist/ by default), from kb/ and
// rules/ under REPODESK_ROOT (the repository by default); see site/build-site.ts. The build cache of an
// output folder is REPODESK_SITE_CACHE, by default `.repodesk-cache/<output folder's name>` beside it
// (keep both, e.g. with actions/cache, to rebuild only what changed). Node's compile cache is kept there
// too, so a rebuild does not compile the build's own code again. REPODESK_BUILD_QUIET=1 prints only
// errors; REPODESK_BUILD_REPORT=<file> writes what the build did, as JSON.
import module from 'node:module';
import path from 'node:path';

const out = path.resolve(process.env.REPODESK_OUT || 'dist');
const cacheDir = path.resolve(
  process.env.REPODESK_SITE_CACHE || path.join(path.dirname(out), '.repodesk-cache', path.basename(out)),
);
const quiet = Boolean(process.env.REPODESK_BUILD_QUIET);
module.enableCompileCache(path.join(cacheDir, 'compile'));

try {
  const { buildSite } = await import('./build-site.ts');
  const report = await buildSite({ out, cacheDir, quiet });
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
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}

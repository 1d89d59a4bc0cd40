// The Astro half of `npm run build`, started by site/build-site.ts in a process of its own so that it runs
// beside the rendering of the articles: Astro builds the pages that do not depend on the articles (forms,
// follow, response times, search, 404) and the templates of those that do, into REPODESK_OUT. The
// content is not read here: the parent sends the rules it validated, as `{ rules }`, once it has them.
import { build } from 'astro';
import type { Rules } from '../src/rules/types.ts';
import { shareSiteContent } from './lib/rules.ts';

const content = new Promise<{ rules: Rules; articles: [] }>((resolve) => {
  process.once('message', (message: { rules: Rules }) => resolve({ rules: message.rules, articles: [] }));
});
shareSiteContent(content);

try {
  await build({ root: process.cwd(), logLevel: process.env.REPODESK_BUILD_QUIET ? 'warn' : 'info' });
  process.exitCode = 0;
} catch (error) {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}
// Vite can leave handles open after a build: the parent waits for this process to end.
process.exit();

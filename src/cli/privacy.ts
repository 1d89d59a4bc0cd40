// `repodesk privacy export <email>`: what repodesk holds about one requester, as a folder
// (privacy/export-requester.ts).

import path from 'node:path';
import { parseArgs } from 'node:util';
import { withStoredCredentials } from '../config/credentials-file.ts';
import { configSecrets, loadConfig } from '../config/load-config.ts';
import { createLogger } from '../config/logger.ts';
import { exportRequester } from '../privacy/export-requester.ts';
import { openStore } from '../store/open-store.ts';
import { trackerFromConfig } from '../tracker/tracker-from-config.ts';
import type { Command } from './command.ts';

const usage = `Usage: repodesk privacy export <email> [--out DIR]

Writes everything repodesk holds about one requester (a data subject's access request) to a new folder:
  requester.json   their tickets (reference, title, name, copies, form, the GitHub issue with its body
                   and public thread: their messages, the desk's replies and notices; internal notes are
                   left out), their inbound mail, the files attached, and what is not held and why
  mail/<id>.eml    each inbound message as it was received
  files/           each attachment kept by the bot
The address is matched without case. Reads the store in DATA_DIR (the bot may keep running) and, with
GitHub credentials configured as for \`repodesk serve\`, the issues on GitHub.

Options:
  --out DIR   the folder to write, new or empty (default: privacy-export-<email>)

Exit status: 0 once written; 1 when the store or GitHub failed; 2 for bad usage.
`;

function fail(message: string): number {
  process.stderr.write(`repodesk privacy: ${message}\nRun \`repodesk privacy --help\` for the options.\n`);
  return 2;
}

export const command: Command = {
  summary: "export what repodesk holds about a requester (a data subject's access request)",
  usage,
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string' } } });
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
    const [action, email, ...extra] = parsed.positionals;
    if (action !== 'export') return fail(`expected "export", found "${action ?? ''}"`);
    if (email === undefined || !/^[^\s@]+@[^\s@]+$/.test(email) || extra.length > 0)
      return fail(
        `export: expected one email address, such as jeanne@example.org, found "${[email, ...extra].join(' ')}"`,
      );
    const { env } = withStoredCredentials(process.env);
    const { config } = loadConfig(env, { mode: 'offline' });
    const log = createLogger({ secrets: configSecrets(config) });
    const out = path.resolve(parsed.values.out ?? `privacy-export-${email.toLowerCase()}`);
    try {
      const store = openStore({ dataDir: config.dataDir });
      try {
        const summary = await exportRequester({
          store,
          ...(config.githubAuth && config.repository ? { tracker: trackerFromConfig(config, log) } : {}),
          dataDir: config.dataDir,
          email,
          out,
          now: new Date(),
        });
        process.stdout.write(
          `Wrote ${out}: ${summary.tickets} tickets, ${summary.mail} mails, ${summary.files} files` +
            (summary.missingFiles > 0 ? ` (${summary.missingFiles} no longer on the bot)` : '') +
            '.\n',
        );
        return 0;
      } finally {
        store.close();
      }
    } catch (error) {
      process.stderr.write(
        `repodesk privacy export: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return 1;
    }
  },
};

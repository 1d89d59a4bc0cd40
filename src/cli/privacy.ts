// `repodesk privacy export <email>`: what repodesk holds about one requester, as one .tar.gz
// (privacy/export-requester.ts); `repodesk privacy erase <email>`: forgets them (privacy/erase-requester.ts).

import path from 'node:path';
import { parseArgs } from 'node:util';
import { withStoredCredentials } from '../config/credentials-file.ts';
import { configSecrets, loadConfig } from '../config/load-config.ts';
import { createLogger } from '../config/logger.ts';
import { eraseRequester } from '../privacy/erase-requester.ts';
import { exportRequester } from '../privacy/export-requester.ts';
import { openStore } from '../store/open-store.ts';
import { trackerFromConfig } from '../tracker/tracker-from-config.ts';
import type { Command } from './command.ts';

const usage = `Usage: repodesk privacy export <email> [--out FILE]
       repodesk privacy erase <email> [--dry-run] [--ticket N [--repository OWNER/REPO]]

Writes everything repodesk holds about one requester (a data subject's access request) to one new
.tar.gz archive (readable by its owner only; \`tar -xzf\` opens it), holding:
  requester.json   their tickets (reference, title, name, copies, form, the GitHub issue with its body
                   and public thread: their messages, the desk's replies and notices; internal notes are
                   left out), their inbound mail, the files attached, the replies to them that the
                   collision guard held and never sent (held or dropped), and what is not held and why
  mail/<id>.eml    each inbound message as it was received
  files/           each attachment kept by the bot
The address is matched without case. Reads the store in DATA_DIR (the bot may keep running) and, with
GitHub credentials configured as for \`repodesk serve\`, the issues on GitHub, each in its own repository
(desk.yaml's \`repositories\`: confidential queues).

erase forgets a requester (a data subject's erasure request): on GitHub, their address, name, signature
blocks and links to their files are replaced by "[effacé · erased]" in the titles, bodies and comments of
their tickets, in whichever of the desk's repositories each is; in the store, their tickets forget
address, name and copies, their inbound mail is emptied, their accepted requests and finished jobs redacted, the replies held for them deleted (held for
someone else with them in copy: kept without them); the files they sent are deleted. It prints
what it changed and what it cannot change: GitHub keeps the earlier text in each edited issue's and
comment's edit history, which a person deletes on github.com ("edited" menu, "Delete revision from
history", one revision at a time) or GitHub Support purges. Needs GitHub credentials as for serve.

Options:
  --out FILE   export: the archive to write, a new file (default: privacy-export-<email>.tar.gz)
  --dry-run    erase: print what would change, change nothing
  --ticket N   erase: only the ticket of issue N
  --repository OWNER/REPO
               erase: the repository of --ticket's issue (default GITHUB_REPOSITORY)

Exit status: 0 once done; 1 when the store or GitHub failed; 2 for bad usage.
`;

function fail(message: string): number {
  process.stderr.write(`repodesk privacy: ${message}\nRun \`repodesk privacy --help\` for the options.\n`);
  return 2;
}

export const command: Command = {
  summary: 'export or erase what repodesk holds about a requester (GDPR access and erasure requests)',
  usage,
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          out: { type: 'string' },
          'dry-run': { type: 'boolean', default: false },
          ticket: { type: 'string' },
          repository: { type: 'string' },
        },
      });
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
    const [action, email, ...extra] = parsed.positionals;
    if (action !== 'export' && action !== 'erase')
      return fail(`expected "export" or "erase", found "${action ?? ''}"`);
    if (email === undefined || !/^[^\s@]+@[^\s@]+$/.test(email) || extra.length > 0)
      return fail(
        `${action}: expected one email address, such as jeanne@example.org, found "${[email, ...extra].join(' ')}"`,
      );
    const ticket = parsed.values.ticket === undefined ? undefined : Number(parsed.values.ticket);
    if (ticket !== undefined && !(Number.isInteger(ticket) && ticket > 0))
      return fail(`--ticket: expected an issue number, found "${parsed.values.ticket}"`);
    const repository = parsed.values.repository;
    if (repository !== undefined && (action !== 'erase' || ticket === undefined))
      return fail('--repository: only with erase --ticket N, to name the repository of that issue');
    if (repository !== undefined && !/^[\w.-]+\/[\w.-]+$/.test(repository))
      return fail(`--repository: expected owner/repo, such as acme/support-hr, found "${repository}"`);
    const { env } = withStoredCredentials(process.env);
    const { config } = loadConfig(env, { mode: 'offline' });
    const log = createLogger({ secrets: configSecrets(config) });
    if (action === 'erase') {
      if (!config.githubAuth || !config.repository)
        return fail('erase: GitHub credentials and GITHUB_REPOSITORY are needed (as for repodesk serve)');
      try {
        const store = await openStore({
          dataDir: config.dataDir,
          ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
        });
        try {
          const report = await eraseRequester(
            { store, tracker: trackerFromConfig(config, log), dataDir: config.dataDir },
            email,
            {
              ...(ticket === undefined ? {} : { ticket }),
              ...(repository === undefined ? {} : { repository }),
              dryRun: parsed.values['dry-run'],
            },
          );
          const lines = [
            parsed.values['dry-run'] ? 'Would change (dry run, nothing changed):' : 'Changed:',
            ...(report.changed.length > 0
              ? report.changed.map((line) => `  ${line}`)
              : ['  nothing: no record of this address']),
            'Cannot change:',
            ...report.cannotChange.map((line) => `  ${line}`),
          ];
          process.stdout.write(lines.join('\n') + '\n');
          return 0;
        } finally {
          await store.close();
        }
      } catch (error) {
        process.stderr.write(
          `repodesk privacy erase: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        return 1;
      }
    }
    const out = path.resolve(parsed.values.out ?? `privacy-export-${email.toLowerCase()}.tar.gz`);
    try {
      const store = await openStore({
        dataDir: config.dataDir,
        ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
      });
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
            (summary.heldReplies > 0 ? `, ${summary.heldReplies} held replies` : '') +
            (summary.missingFiles > 0 ? ` (${summary.missingFiles} no longer on the bot)` : '') +
            '.\n',
        );
        return 0;
      } finally {
        await store.close();
      }
    } catch (error) {
      process.stderr.write(
        `repodesk privacy export: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return 1;
    }
  },
};

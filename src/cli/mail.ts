// `repodesk mail quarantine list` and `repodesk mail release <id>`: the operator's view of inbound mail that was held (too
// large, too deep, unparseable, no sender, a blocked sender or domain, the receiving server's spam verdict).
// The raw message is kept; release queues it again for the bot, which no longer screens its sender
// (after a spam verdict or a block: the operator decided) but still parses it under the limits (after
// raising one, or a parser upgrade). `quarantine replay` is its older name. `repodesk mail unblock
// <address>` lifts the block an agent's `/spam` put on a sender.

import { loadConfig } from '../config/load-config.ts';
import { processInboundJobKind, type ProcessInboundPayload } from '../channels/email/process-inbound-job.ts';
import { normaliseAddress } from '../mail/read-addresses.ts';
import { openBlockedSenders } from '../store/blocked-senders.ts';
import { openMailStore } from '../store/mail-store.ts';
import { openJobQueue } from '../store/job-queue.ts';
import { openStore } from '../store/open-store.ts';
import type { Command } from './command.ts';

const usage = `Usage: repodesk mail quarantine list [--data-dir DIR] [--format text|json]
       repodesk mail release <id> [--data-dir DIR]
       repodesk mail unblock <address> [--data-dir DIR]

Inbound mail the bot held stays in quarantine with its raw bytes (the sender is told only when it
was too large):
too large, too deep, unparseable, no sender, a sender marked /spam (blocked-sender), a sender or
domain of rules/desk.yaml mail.blockedSenders / mail.blockedDomains (blocked-by-rules), the receiving
server's spam verdict in its X-Spam-Flag, X-Spam-Status or X-Spam-Score header (spam-verdict).
  list     one line per message: id, date received, source, size, reason and detail
  release  makes the message a ticket (or a reply on its ticket), acknowledged as any mail: it leaves
           the quarantine and the bot processes it on its next pass without screening its sender
           again (blocks and spam verdict no longer hold it). Its size and structure are checked
           again: a message refused for its size passes once MAIL_MAX_BYTES is raised. Releasing
           twice makes one ticket. "repodesk mail quarantine replay <id>" is its older name.
  unblock  lifts the block an agent's /spam put on a sender: their next mail is a ticket again
           (release the quarantined ones to make tickets of them).
DATA_DIR (or --data-dir) is the bot's data folder (default .data).
`;

function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index === -1 ? undefined : argv[index + 1];
}

/** Runs the command with explicit output streams (tests pass their own). */
export async function runMail(
  argv: string[],
  out: (text: string) => void,
  err: (text: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [area, second] = argv;
  if (area === 'unblock') return unblock(argv.slice(1), out, err, env);
  // `release` is the documented name; `quarantine replay` its older one, the same logic.
  const action =
    area === 'release'
      ? 'release'
      : area === 'quarantine' && (second === 'list' || second === 'replay')
        ? second
        : undefined;
  if (action === undefined) {
    err(
      `repodesk mail: expected "quarantine list", "release <id>" or "unblock <address>", found "${argv.join(' ')}"\n${usage}`,
    );
    return 2;
  }
  const name = action === 'release' ? 'repodesk mail release' : 'repodesk mail quarantine replay';
  const rest = argv.slice(action === 'release' ? 1 : 2);
  // The bot's store: DATABASE_URL's PostgreSQL, else the SQLite file of DATA_DIR (or of --data-dir).
  const given = option(rest, '--data-dir');
  const { config } = loadConfig(env, { mode: 'offline' });
  const dataDir = given ?? config.dataDir;
  const where = given === undefined && config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir };
  const format = option(rest, '--format') ?? 'text';
  if (format !== 'text' && format !== 'json') {
    err(`repodesk mail: --format expects text or json, found "${format}"\n`);
    return 2;
  }
  const store = await openStore(where);
  try {
    const mailStore = openMailStore(store);
    if (action === 'list') {
      const entries = await mailStore.listQuarantine(1000);
      if (format === 'json') {
        out(
          `${JSON.stringify(
            entries.map((entry) => ({ ...entry, receivedAt: new Date(entry.receivedAt).toISOString() })),
            null,
            2,
          )}\n`,
        );
      } else if (entries.length === 0) {
        out('No message in quarantine.\n');
      } else {
        for (const entry of entries) {
          out(
            `${entry.id}\t${new Date(entry.receivedAt).toISOString()}\t${entry.source}\t${entry.size} bytes\t${entry.reason}: ${entry.detail}\n`,
          );
        }
      }
      return 0;
    }
    const idText =
      rest.find((value, index) => !value.startsWith('--') && rest[index - 1] !== '--data-dir') ?? '';
    const id = Number(idText);
    if (!Number.isInteger(id) || id <= 0) {
      err(
        `${name}: expected a message id (a whole number from "repodesk mail quarantine list"), found "${idText}"\n`,
      );
      return 2;
    }
    const jobs = openJobQueue(store);
    const released = await store.transaction(async () => {
      // Only a quarantined message moves: a second release finds it queued or done and changes nothing.
      if (!(await mailStore.requeue(id))) return false;
      const payload: ProcessInboundPayload = { mailId: id, released: true };
      // Due at once whatever the running bot's clock says (0 is before any "now").
      await jobs.enqueue(processInboundJobKind, payload, Date.now(), 0);
      return true;
    });
    if (!released) {
      err(`${name}: message ${id} is not in quarantine; run "repodesk mail quarantine list"\n`);
      return 1;
    }
    out(
      action === 'release'
        ? `Message ${id} released; the bot makes its ticket on its next pass.\n`
        : `Message ${id} queued again; the bot processes it on its next pass.\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

/** `repodesk mail unblock <address>`: lifts a sender's block. */
async function unblock(
  argv: string[],
  out: (text: string) => void,
  err: (text: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const named = argv.find((value, index) => !value.startsWith('--') && argv[index - 1] !== '--data-dir');
  const address = normaliseAddress(named ?? '');
  if (address === '') {
    err(`repodesk mail unblock: expected an email address, found "${named ?? ''}"\n${usage}`);
    return 2;
  }
  const given = option(argv, '--data-dir');
  const { config } = loadConfig(env, { mode: 'offline' });
  const where =
    given === undefined && config.databaseUrl
      ? { databaseUrl: config.databaseUrl }
      : { dataDir: given ?? config.dataDir };
  const store = await openStore(where);
  try {
    if (!(await openBlockedSenders(store).unblock(address))) {
      err(`repodesk mail unblock: ${address} is not blocked; nothing changed\n`);
      return 1;
    }
    out(`${address} is no longer blocked: their next mail is a ticket again.\n`);
    return 0;
  } finally {
    await store.close();
  }
}

export const command: Command = {
  summary:
    'inbound mail quarantine: list held messages (spam verdict, blocked sender…), release one; unblock a sender',
  usage,
  run: (argv) =>
    runMail(
      argv,
      (text) => process.stdout.write(text),
      (text) => process.stderr.write(text),
    ),
};

// `repodesk jobs list|retry`: the operator's view of the durable outbox. Dead letters (jobs given up after
// their attempts, or refused for good by GitHub) are counted on /metrics and /healthz; here they are listed
// with their last error, and retried once the cause is fixed (a token with the right scopes, GitHub back).

import { loadConfig } from '../config/load-config.ts';
import { openJobQueue, type Job, type JobState } from '../store/job-queue.ts';
import { openStore } from '../store/open-store.ts';
import type { Command } from './command.ts';

const states: readonly JobState[] = ['queued', 'running', 'done', 'dead'];
/** Most jobs listed at once (the oldest first). */
const listLimit = 1000;

const usage = `Usage: repodesk jobs list [--state dead|queued|running|done] [--data-dir DIR] [--format text|json]
       repodesk jobs retry <id>... | --all-dead [--data-dir DIR]

The bot's queue of work for GitHub and mail (DATA_DIR/repodesk.sqlite).
  list    one line per job: id, kind, attempts, when it last changed, its ticket reference or
          webhook delivery, and its last error (--state dead by default: the jobs given up)
  retry   queues dead jobs again with a fresh set of attempts; the running bot (or the next one
          started) runs each once more within a second or so. A ticket job looks for the issue it
          may already have created before creating one, so a retry never makes a second issue.
DATA_DIR (or --data-dir) is the bot's data folder (default .data).
`;

function option(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index === -1 ? undefined : argv[index + 1];
}

/** What identifies a job's work, without the customer data some payloads hold (addresses, names). */
function subject(job: Job): { ref?: string; deliveryId?: string } {
  const payload = (job.payload ?? {}) as { ref?: unknown; deliveryId?: unknown };
  const out: { ref?: string; deliveryId?: string } = {};
  if (typeof payload.ref === 'string') out.ref = payload.ref;
  if (typeof payload.deliveryId === 'string') out.deliveryId = payload.deliveryId;
  return out;
}

/** Runs the command with explicit output streams (tests pass their own). */
export async function runJobs(
  argv: string[],
  out: (text: string) => void,
  err: (text: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== 'list' && action !== 'retry') {
    err(`repodesk jobs: expected "list" or "retry", found "${argv.join(' ')}"\n${usage}`);
    return 2;
  }
  // The bot's store: DATABASE_URL's PostgreSQL, else the SQLite file of DATA_DIR (or of --data-dir).
  const given = option(rest, '--data-dir');
  const { config } = loadConfig(env, { mode: 'offline' });
  const dataDir = given ?? config.dataDir;
  const where = given === undefined && config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir };
  const format = option(rest, '--format') ?? 'text';
  if (format !== 'text' && format !== 'json') {
    err(`repodesk jobs: --format expects text or json, found "${format}"\n`);
    return 2;
  }
  const state = option(rest, '--state') ?? 'dead';
  if (!(states as readonly string[]).includes(state)) {
    err(`repodesk jobs list: --state expects one of ${states.join(', ')}, found "${state}"\n`);
    return 2;
  }
  const valued = new Set(['--data-dir', '--format', '--state']);
  const ids = rest.filter((value, index) => !value.startsWith('--') && !valued.has(rest[index - 1] ?? ''));
  const allDead = rest.includes('--all-dead');
  if (action === 'retry' && (allDead ? ids.length > 0 : ids.length === 0)) {
    err(
      `repodesk jobs retry: expected job ids (whole numbers from "repodesk jobs list") or --all-dead, found "${rest.join(' ')}"\n`,
    );
    return 2;
  }
  const wrongId = ids.find((id) => !/^[1-9]\d*$/.test(id));
  if (action === 'retry' && wrongId !== undefined) {
    err(
      `repodesk jobs retry: expected a job id (a whole number from "repodesk jobs list"), found "${wrongId}"\n`,
    );
    return 2;
  }
  const store = await openStore(where);
  try {
    const jobs = openJobQueue(store);
    if (action === 'list') {
      const listed = await jobs.list(state as JobState, listLimit);
      if (format === 'json') {
        const rows = listed.map((job) => ({
          id: job.id,
          kind: job.kind,
          state: job.state,
          attempts: job.attempts,
          ...subject(job),
          createdAt: new Date(job.createdAt).toISOString(),
          updatedAt: new Date(job.updatedAt).toISOString(),
          lastError: job.lastError ?? null,
        }));
        out(`${JSON.stringify(rows, null, 2)}\n`);
      } else if (listed.length === 0) {
        out(`No ${state} job.\n`);
      } else {
        for (const job of listed) {
          const { ref, deliveryId } = subject(job);
          out(
            [
              job.id,
              job.kind,
              `${job.attempts} attempt${job.attempts === 1 ? '' : 's'}`,
              new Date(job.updatedAt).toISOString(),
              ref ?? (deliveryId === undefined ? '-' : `delivery ${deliveryId}`),
              job.lastError ?? '',
            ].join('\t') + '\n',
          );
        }
        if (listed.length === listLimit) out(`(the first ${listLimit} only)\n`);
      }
      return 0;
    }
    const now = Date.now();
    if (allDead) {
      const dead = await store.transaction(async () => {
        const all = await jobs.list('dead', Number.MAX_SAFE_INTEGER);
        for (const job of all) await jobs.retryDead(job.id, now);
        return all.length;
      });
      out(
        dead === 0
          ? 'No dead job to retry.\n'
          : `${dead} dead job${dead === 1 ? '' : 's'} queued again; the bot runs them on its next pass.\n`,
      );
      return 0;
    }
    const found = new Map<string, Job | undefined>();
    for (const id of ids) found.set(id, await jobs.get(Number(id)));
    const notDead = ids.filter((id) => found.get(id)?.state !== 'dead');
    if (notDead.length > 0) {
      const described = notDead.map((id) => {
        const job = found.get(id);
        return job ? `${id} is ${job.state}` : `${id} does not exist`;
      });
      err(
        `repodesk jobs retry: only dead jobs can be retried; ${described.join(', ')}; run "repodesk jobs list" to see the dead ones\n`,
      );
      return 1;
    }
    await store.transaction(async () => {
      for (const id of ids) await jobs.retryDead(Number(id), now);
    });
    out(
      `Job${ids.length === 1 ? '' : 's'} ${ids.join(', ')} queued again; the bot runs ${ids.length === 1 ? 'it' : 'them'} on its next pass.\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

export const command: Command = {
  summary: 'the bot queue: list dead letters (jobs given up) with their last error, retry them',
  usage,
  run: (argv) =>
    runJobs(
      argv,
      (text) => process.stdout.write(text),
      (text) => process.stderr.write(text),
    ),
};

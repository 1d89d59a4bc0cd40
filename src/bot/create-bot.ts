// Assembles the bot: store, context, worker, HTTP server, leadership and scheduled tasks. `repodesk serve`,
// the offline stack, the tests and the benchmarks all build the bot here, so they run the same thing.
// With DATABASE_URL the store is PostgreSQL and any number of bots share it (replicas): each runs the HTTP
// routes and a worker; the scheduled tasks (and IMAP polling, cli/serve.ts) run on the leader only.

import { createBotContext } from './create-context.ts';
import { readEmailTemplates } from './read-email-templates.ts';
import type { BotConfig } from '../config/load-config.ts';
import type { Logger } from '../config/logger.ts';
import type { MailConfig } from '../config/mail-config.ts';
import type { BotContext, IntakeLimits } from '../context.ts';
import { createHttpServer, type BotHttpServer, type Route } from '../http/http-server.ts';
import type { SuggestableArticle } from '../kb/suggest-articles.ts';
import { removePartialAttachments } from '../store/attachment-files.ts';
import type { Mailer } from '../mailer/mailer.ts';
import type { EmailTemplates } from '../rules/email-templates.ts';
import type { RulesVersion } from '../rules/rules-version.ts';
import type { Rules } from '../rules/types.ts';
import { lockDataDir } from '../store/data-dir-lock.ts';
import { openStore, type Store } from '../store/open-store.ts';
import { startLeadership, type Leadership } from '../worker/leadership.ts';
import { loadStatusSecret } from '../store/status-token.ts';
import type { Tracker } from '../tracker/tracker.ts';
import { jobKinds } from './job-kinds.ts';
import type { RetryPolicy } from '../worker/retry-delay.ts';
import { createWorker, type JobKind, type Worker } from '../worker/worker.ts';
import type { WriteLimit } from '../worker/write-budget.ts';
import { startSchedule, type ScheduledTask } from '../worker/schedule.ts';
import { botRoutes } from './routes.ts';
import { scheduledTasks } from './scheduled-tasks.ts';

export interface BotOptions {
  config: BotConfig;
  log: Logger;
  tracker: Tracker;
  rules: Rules;
  /** rules/emails/ as loaded with `rules`; read from `config.root` when left out. */
  emails?: EmailTemplates;
  /** The knowledge base as loaded with `rules` (`loadRules(…).articles`); none: acknowledgements suggest nothing. */
  articles?: readonly SuggestableArticle[];
  /** What `rules` are (rules-version.ts), shown on /healthz. */
  rulesVersion?: RulesVersion;
  /** The mail settings read from the environment (config/mail-config.ts); the defaults when left out. */
  mailConfig?: MailConfig;
  /** Where outgoing mail leaves (a test's own sink); left out, SMTP to `config.smtpUrl`, opened here. */
  mailer?: Mailer;
  clock?: () => number;
  /** An in-memory store: nothing survives (only to measure the cost of durability). */
  memoryStore?: boolean;
  /** How long a write waits for a lock held by another process before failing (503, /healthz red). */
  storeBusyTimeoutMs?: number;
  /** PostgreSQL: how long an issue's turn waits for another replica before the work is deferred (default 30 s). */
  issueLockWaitMs?: number;
  /** This process's name in job leases (default: host, pid and a random part). */
  workerId?: string;
  limits?: Partial<IntakeLimits>;
  writeLimits?: readonly WriteLimit[];
  retry?: RetryPolicy;
  random?: () => number;
  pollMs?: number;
  /** Replaces the default list (tests of one part). */
  kinds?: (bot: BotContext) => JobKind[];
  routes?: (bot: BotContext, worker: () => Worker | undefined) => Route[];
  tasks?: (bot: BotContext) => ScheduledTask[];
}

export interface Bot {
  context: BotContext;
  worker: Worker;
  http: BotHttpServer;
  /** Whether this process runs the scheduled tasks now (always on SQLite). */
  leadership: Leadership;
  /** Starts the worker, the leadership, the schedule and the server; resolves to the base URL. */
  start(port: number, host?: string): Promise<string>;
  /**
   * Stops accepting, lets the job in progress finish, closes the store. With `graceMs` it returns within
   * about that long: a job or a scheduled run still going then is released or left to end with the process.
   */
  stop(graceMs?: number): Promise<void>;
}

/** Builds a bot over `config.databaseUrl`, or else the SQLite store in `config.dataDir`. */
export async function createBot(options: BotOptions): Promise<Bot> {
  const databaseUrl = options.config.databaseUrl;
  // First of all, before anything reads the queue: a second bot on this folder stops here. Not with
  // PostgreSQL: several bots on one database is the point, and they may share DATA_DIR (attachments).
  const lock =
    options.memoryStore || databaseUrl ? undefined : lockDataDir(options.config.dataDir, new Date());
  let store: Store;
  try {
    store = await openStore(
      databaseUrl
        ? {
            databaseUrl,
            ...(options.issueLockWaitMs === undefined ? {} : { lockWaitMs: options.issueLockWaitMs }),
          }
        : options.memoryStore
          ? { memory: true }
          : {
              dataDir: options.config.dataDir,
              ...(options.storeBusyTimeoutMs === undefined
                ? {}
                : { busyTimeoutMs: options.storeBusyTimeoutMs }),
            },
    );
  } catch (error) {
    lock?.release();
    throw error;
  }
  // A partial file is what a crash left in the middle of a write. With the folder locked nobody else
  // writes; a shared folder may hold another replica's upload in progress, so only old ones go.
  if (!options.memoryStore)
    removePartialAttachments(options.config.dataDir, databaseUrl ? partialFileMaxAgeMs : 0);
  const statusSecret = loadStatusSecret(options.config.dataDir);
  // The secret that signs status links (and, derived from it, ALTCHA challenges and mail tokens).
  const log = options.log.masking([statusSecret.toString('hex')]);
  const bot = createBotContext({
    config: options.config,
    log,
    clock: options.clock,
    store,
    statusSecret,
    tracker: options.tracker,
    rules: options.rules,
    emails: options.emails ?? readEmailTemplates(options.config.root, log),
    articles: options.articles,
    rulesVersion: options.rulesVersion,
    mailConfig: options.mailConfig,
    mailer: options.mailer,
    limits: options.limits,
    writeLimits: options.writeLimits ?? options.config.writeLimits,
    jobs: {
      ...(options.workerId ? { owner: options.workerId } : {}),
      ...(options.config.jobLeaseMs ? { leaseMs: options.config.jobLeaseMs } : {}),
    },
  });
  const worker = createWorker({
    jobs: bot.jobs,
    kinds: (options.kinds ?? jobKinds)(bot),
    kv: bot.kv,
    log: log.child({ part: 'worker' }),
    clock: bot.clock,
    random: options.random,
    retry: options.retry,
    pollMs: options.pollMs,
    storeFile: store.location,
  });
  const leadership = startLeadership({
    store,
    name: 'scheduled-tasks',
    ...(options.config.leaderCheckMs ? { checkEveryMs: options.config.leaderCheckMs } : {}),
    log: log.child({ part: 'leadership' }),
  });
  bot.wakeWorker = () => worker.wake();
  const http = createHttpServer(
    {
      clock: bot.clock,
      log,
      trustProxy: options.config.trustProxy,
      siteUrl: () => bot.config.publicSiteUrl,
      onStoreError: (error, at) => {
        bot.storeHealth.lastError = { at, code: error.code, message: error.message };
      },
    },
    (options.routes ?? botRoutes)(bot, () => worker),
  );
  let stopSchedule: ((graceMs?: number) => Promise<void>) | undefined;
  return {
    context: bot,
    worker,
    http,
    leadership,
    async start(port, host) {
      worker.start();
      await leadership.check();
      stopSchedule = startSchedule((options.tasks ?? scheduledTasks)(bot), {
        clock: bot.clock,
        log,
        isLeader: () => leadership.isLeader(),
      });
      return http.listen(port, host);
    },
    async stop(graceMs) {
      const started = Date.now();
      const left = () => (graceMs === undefined ? undefined : Math.max(0, graceMs - (Date.now() - started)));
      // No new request; those in progress finish (their writes are the store's before the answer).
      await http.close();
      await stopSchedule?.(left());
      await worker.stop(left());
      await leadership.stop();
      // The mailer opened here for SMTP_URL; one given by the caller is the caller's to close.
      if (!options.mailer) bot.mail.mailer?.close();
      await store.close();
      lock?.release();
    },
  };
}

/** A partial attachment file older than this, in a folder replicas share, was left by a crash. */
const partialFileMaxAgeMs = 60 * 60_000;

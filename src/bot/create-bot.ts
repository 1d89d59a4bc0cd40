// Assembles the bot: store, context, worker, HTTP server and scheduled tasks. `repodesk serve`, the
// offline stack, the tests and the benchmarks all build the bot here, so they run the same thing.

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
  /** Starts the worker, the schedule and the server; resolves to the base URL. */
  start(port: number, host?: string): Promise<string>;
  /** Stops accepting, lets the job in progress finish, closes the store. */
  stop(): Promise<void>;
}

/** Builds a bot over `config.dataDir`. */
export function createBot(options: BotOptions): Bot {
  // First of all, before anything reads the queue: a second bot on this folder stops here.
  const lock = options.memoryStore ? undefined : lockDataDir(options.config.dataDir, new Date());
  let store: Store;
  try {
    store = openStore(options.memoryStore ? { memory: true } : { dataDir: options.config.dataDir });
  } catch (error) {
    lock?.release();
    throw error;
  }
  // Nobody else writes here (the lock): a partial file is what a crash left in the middle of a write.
  if (!options.memoryStore) removePartialAttachments(options.config.dataDir);
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
    writeLimits: options.writeLimits,
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
    storeFile: store.file,
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
  let stopSchedule: (() => Promise<void>) | undefined;
  return {
    context: bot,
    worker,
    http,
    async start(port, host) {
      worker.start();
      stopSchedule = startSchedule((options.tasks ?? scheduledTasks)(bot), { clock: bot.clock, log });
      return http.listen(port, host);
    },
    async stop() {
      await http.close();
      await stopSchedule?.();
      await worker.stop();
      // The mailer opened here for SMTP_URL; one given by the caller is the caller's to close.
      if (!options.mailer) bot.mail.mailer?.close();
      store.close();
      lock?.release();
    },
  };
}

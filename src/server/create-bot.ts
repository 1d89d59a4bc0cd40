// Assembles the bot: store, shared services, worker, HTTP server and scheduled tasks. `repodesk serve`,
// the offline stack, the tests and the benchmarks all build the bot here, so they run the same thing.

import type { BotConfig } from '../config/load-config.ts';
import type { Logger } from '../config/logger.ts';
import type { RulesVersion } from '../rules/rules-version.ts';
import type { Rules } from '../rules/types.ts';
import { removePartialAttachments } from '../mail/attachments.ts';
import { lockDataDir } from '../store/data-dir-lock.ts';
import { openStore, type Store } from '../store/open-store.ts';
import { loadStatusSecret } from '../store/status-token.ts';
import type { Tracker } from '../tracker/tracker.ts';
import { jobKinds } from '../worker/job-kinds.ts';
import type { RetryPolicy } from '../worker/retry-delay.ts';
import { createWorker, type JobKind, type Worker } from '../worker/worker.ts';
import type { WriteLimit } from '../worker/write-budget.ts';
import { botRoutes } from './bot-routes.ts';
import { createBotServices, type BotServices, type IntakeLimits } from '../context.ts';
import { createHttpServer, type BotHttpServer, type Route } from '../http/http-server.ts';
import { scheduledTasks, startSchedule, type ScheduledTask } from './scheduled-tasks.ts';

export interface BotOptions {
  config: BotConfig;
  log: Logger;
  tracker: Tracker;
  rules: Rules;
  /** What `rules` are (rules-version.ts), shown on /healthz. */
  rulesVersion?: RulesVersion;
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
  kinds?: (services: BotServices) => JobKind[];
  routes?: (services: BotServices, worker: () => Worker | undefined) => Route[];
  tasks?: readonly ScheduledTask[];
}

export interface Bot {
  services: BotServices;
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
  const services = createBotServices({
    config: options.config,
    log,
    clock: options.clock,
    store,
    statusSecret,
    tracker: options.tracker,
    rules: options.rules,
    rulesVersion: options.rulesVersion,
    limits: options.limits,
    writeLimits: options.writeLimits,
  });
  const worker = createWorker({
    jobs: services.jobs,
    kinds: (options.kinds ?? jobKinds)(services),
    kv: services.kv,
    log: log.child({ part: 'worker' }),
    clock: services.clock,
    random: options.random,
    retry: options.retry,
    pollMs: options.pollMs,
    storeFile: store.file,
  });
  services.wakeWorker = () => worker.wake();
  const http = createHttpServer(
    services,
    (options.routes ?? botRoutes)(services, () => worker),
  );
  let stopSchedule: (() => Promise<void>) | undefined;
  return {
    services,
    worker,
    http,
    async start(port, host) {
      worker.start();
      stopSchedule = startSchedule(options.tasks ?? scheduledTasks, services);
      return http.listen(port, host);
    },
    async stop() {
      await http.close();
      await stopSchedule?.();
      await worker.stop();
      store.close();
      lock?.release();
    },
  };
}

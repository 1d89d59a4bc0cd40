// Everything the bot's routes and jobs share, assembled once and passed explicitly (no module-level
// singletons). A domain that needs more (the mailer, the SLA sweep) adds a field here.

import type { BotConfig } from './config/load-config.ts';
import type { Logger } from './config/logger.ts';
import type { RulesVersion } from './rules/rules-version.ts';
import type { RateLimitSetting, Rules } from './rules/types.ts';
import { openFeedbackLog, type FeedbackLog } from './store/feedback-log.ts';
import { createGroupCommit, type GroupCommit } from './store/group-commit.ts';
import { openInbox, type Inbox } from './store/inbox.ts';
import { openJobQueue, type JobQueue } from './store/job-queue.ts';
import { openKeyValue, type KeyValue } from './store/key-value.ts';
import type { Store } from './store/open-store.ts';
import { openTicketReferences, type TicketReferences } from './store/reference.ts';
import type { Tracker } from './tracker/tracker.ts';
import { openWriteBudget, type WriteBudget, type WriteLimit } from './worker/write-budget.ts';
import { createMetrics, type Metrics } from './http/metrics.ts';
import { createIpRateLimiter } from './http/ip-rate-limiter.ts';
import { createRateLimiter, type RateLimit, type RateLimiter } from './http/rate-limiter.ts';
import { createTicketReadCache, type TicketReadCache } from './tracker/ticket-read-cache.ts';

/** The rules in force; `serve` swaps `current` on a valid reload (watch-rules.ts). */
export interface RulesHolder {
  current: Rules;
  loadedAt: number;
  /** Their version (null when the bot was given rules without one: tests, benchmarks). */
  version: RulesVersion | null;
  /** False when rules/ changed while being read: the next change or SIGHUP reads it again in full. */
  settled: boolean;
  /** The latest content refused (invalid rules), until valid content is in force again. */
  refused: { at: number; contentHash: string; errorCount: number } | null;
}

/** Limits of the public endpoints; defaults suit one desk, tests tighten them. */
export interface IntakeLimits {
  /** Body cap of a form submission, bytes. */
  requestBodyBytes: number;
  /** Body cap of a webhook delivery, bytes (GitHub allows 25 MB; issue events are far smaller). */
  webhookBodyBytes: number;
  /** Body cap of a feedback signal, bytes. */
  feedbackBodyBytes: number;
  /**
   * Form submissions and uploads per client (an IPv4 address or an IPv6 /64); status reads get buckets of their
   * own with the same numbers. Overrides `rateLimits.perIp` of desk.yaml (tests, benchmarks); left out, the
   * rules in force decide.
   */
  perIp?: RateLimit;
  /** Overrides `rateLimits.perEmail` of desk.yaml; left out, the rules in force decide. */
  perAddress?: RateLimit;
  /** Help-site signals (votes, empty searches) per client. */
  feedbackPerIp: RateLimit;
  /** How long the status endpoint reuses what it read of a ticket from GitHub (a webhook about it ends this early). */
  statusCacheMs: number;
  /** A form filled faster than this is a bot (milliseconds since `startedAt`). */
  minimumFillMs: number;
}

export const defaultIntakeLimits: IntakeLimits = {
  requestBodyBytes: 65_536,
  webhookBodyBytes: 1_048_576,
  feedbackBodyBytes: 4096,
  // The rate limits per IP and per address are desk.yaml's `rateLimits` (defaults 10 then 1 a minute, and 5
  // then 1 every 10 minutes).
  feedbackPerIp: { burst: 30, refillMs: 2000 },
  statusCacheMs: 60_000,
  minimumFillMs: 3000,
};

export interface BotServices {
  config: BotConfig;
  log: Logger;
  /** The clock every decision reads (injected in tests to move time). */
  clock: () => number;
  store: Store;
  /** Runs a write in the next shared transaction (one fsync for concurrent requests); resolves after commit. */
  commit: GroupCommit;
  inbox: Inbox;
  jobs: JobQueue;
  refs: TicketReferences;
  kv: KeyValue;
  budget: WriteBudget;
  feedback: FeedbackLog;
  metrics: Metrics;
  statusSecret: Buffer;
  tracker: Tracker;
  rules: RulesHolder;
  limits: IntakeLimits;
  /** Per client address (IPv6 grouped by /64): form submissions and uploads. */
  ipLimiter: RateLimiter;
  addressLimiter: RateLimiter;
  /** Per client address: the status endpoint (same numbers as the form, its own buckets). */
  statusLimiter: RateLimiter;
  /** Per client address: the help site's feedback signals. */
  feedbackLimiter: RateLimiter;
  /** What the status endpoint read of each ticket, kept `limits.statusCacheMs`; webhooks forget an issue. */
  ticketReads: TicketReadCache;
  /** Secret that signs ALTCHA challenges (derived from the status secret, so it survives restarts). */
  altchaSecret: string;
  /** Wakes the worker when a job was queued. */
  wakeWorker(): void;
  /** Latest store failure, shown on /healthz until a write succeeds again. */
  storeHealth: { lastError?: { at: number; code: string; message: string } };
}

export interface BotServicesOptions {
  config: BotConfig;
  log: Logger;
  clock?: () => number;
  store: Store;
  statusSecret: Buffer;
  tracker: Tracker;
  rules: Rules;
  rulesVersion?: RulesVersion;
  limits?: Partial<IntakeLimits>;
  writeLimits?: readonly WriteLimit[];
}

function fromSetting(setting: RateLimitSetting): RateLimit {
  return { burst: setting.burst, refillMs: setting.refillSeconds * 1000 };
}

/**
 * A limiter whose limit is read from the rules in force at every request, so that a reload applies it. The
 * limiter cannot change a limit in place: a new limit starts new buckets, a fresh burst for every client
 * (as a restart does; the write budget still bounds GitHub writes).
 */
function limiterFollowing(limitNow: () => RateLimit, create: (limit: RateLimit) => RateLimiter): RateLimiter {
  let limit: RateLimit | undefined;
  let limiter: RateLimiter | undefined;
  return {
    take(key, now) {
      const current = limitNow();
      if (!limiter || current.burst !== limit?.burst || current.refillMs !== limit.refillMs) {
        limit = current;
        limiter = create(current);
      }
      return limiter.take(key, now);
    },
  };
}

/** Opens every table and builds the shared services. */
export function createBotServices(options: BotServicesOptions): BotServices {
  const clock = options.clock ?? Date.now;
  const limits = { ...defaultIntakeLimits, ...options.limits };
  const perIp = () => limits.perIp ?? fromSetting(services.rules.current.desk.rateLimits.perIp);
  const services: BotServices = {
    config: options.config,
    log: options.log,
    clock,
    store: options.store,
    commit: createGroupCommit(options.store),
    inbox: openInbox(options.store),
    jobs: openJobQueue(options.store),
    refs: openTicketReferences(options.store),
    kv: openKeyValue(options.store),
    budget: openWriteBudget(options.store, options.writeLimits),
    feedback: openFeedbackLog(options.store),
    metrics: createMetrics(),
    statusSecret: options.statusSecret,
    tracker: options.tracker,
    rules: {
      current: options.rules,
      loadedAt: clock(),
      version: options.rulesVersion ?? null,
      settled: true,
      refused: null,
    },
    limits,
    ipLimiter: limiterFollowing(perIp, createIpRateLimiter),
    addressLimiter: limiterFollowing(
      () => limits.perAddress ?? fromSetting(services.rules.current.desk.rateLimits.perEmail),
      createRateLimiter,
    ),
    statusLimiter: limiterFollowing(perIp, createIpRateLimiter),
    feedbackLimiter: createIpRateLimiter(limits.feedbackPerIp),
    ticketReads: createTicketReadCache(limits.statusCacheMs),
    altchaSecret: options.statusSecret.toString('hex') + ':altcha',
    wakeWorker: () => {},
    storeHealth: {},
  };
  return services;
}

// Builds the bot's one context: opens every table of the store, derives the secrets, makes the limiters
// and opens the SMTP mailer, all at start. Part of the wiring: everything else receives the result.

import { createHmac, createSecretKey } from 'node:crypto';
import type { BotConfig } from '../config/load-config.ts';
import type { Logger } from '../config/logger.ts';
import { loadMailConfig, type MailConfig } from '../config/mail-config.ts';
import type { BotContext, IntakeLimits, RulesHolder } from '../context.ts';
import { createIpRateLimiter, ipRateKey } from '../http/ip-rate-limiter.ts';
import { createMetrics } from '../http/metrics.ts';
import { createRateLimiter, type RateLimit, type RateLimiter } from '../http/rate-limiter.ts';
import type { SuggestableArticle } from '../kb/suggest-articles.ts';
import { createSmtpMailer, type Mailer } from '../mailer/mailer.ts';
import type { EmailTemplates } from '../rules/email-templates.ts';
import type { RulesVersion } from '../rules/rules-version.ts';
import type { RateLimitSetting, Rules } from '../rules/types.ts';
import { openFeedbackLog } from '../store/feedback-log.ts';
import { openSatisfactionLog } from '../store/satisfaction-log.ts';
import { openFormUploads } from '../store/form-uploads.ts';
import { createGroupCommit } from '../store/group-commit.ts';
import { openInbox } from '../store/inbox.ts';
import { openJobQueue, type JobQueueOptions } from '../store/job-queue.ts';
import { openKeyValue } from '../store/key-value.ts';
import { openMailStore } from '../store/mail-store.ts';
import type { Store } from '../store/open-store.ts';
import { openRateBuckets } from '../store/rate-buckets.ts';
import { openTicketReferences } from '../store/reference.ts';
import { openTicketMerges } from '../store/ticket-merges.ts';
import { openLabelChanges } from '../store/label-changes.ts';
import { openBlockedSenders } from '../store/blocked-senders.ts';
import { openHeldReplies } from '../store/held-replies.ts';
import { InProcessIssueLocks } from '../tracker/in-process-issue-locks.ts';
import { SharedIssueLocks } from '../tracker/shared-issue-locks.ts';
import { createTicketReadCache } from '../tracker/ticket-read-cache.ts';
import type { Tracker } from '../tracker/tracker.ts';
import { openWriteBudget, type WriteLimit } from '../worker/write-budget.ts';

const defaultIntakeLimits: IntakeLimits = {
  requestBodyBytes: 65_536,
  webhookBodyBytes: 1_048_576,
  feedbackBodyBytes: 4096,
  // The rate limits per IP and per address are desk.yaml's `rateLimits` (defaults 10 then 1 a minute, and 5
  // then 1 every 10 minutes).
  feedbackPerIp: { burst: 30, refillMs: 2000 },
  statusCacheMs: 60_000,
  minimumFillMs: 3000,
};

export interface BotContextOptions {
  config: BotConfig;
  log: Logger;
  clock?: () => number;
  store: Store;
  statusSecret: Buffer;
  tracker: Tracker;
  rules: Rules;
  /** rules/emails/ as loaded with `rules` (none: no template, so no mail leaves). */
  emails?: EmailTemplates;
  /** The knowledge base as loaded with `rules` (none: acknowledgements suggest nothing). */
  articles?: readonly SuggestableArticle[];
  rulesVersion?: RulesVersion;
  /** The mail settings (config/mail-config.ts); the defaults when left out. */
  mailConfig?: MailConfig;
  /** The mailer outgoing mail leaves through; left out, one over SMTP_URL (none without it). */
  mailer?: Mailer;
  limits?: Partial<IntakeLimits>;
  writeLimits?: readonly WriteLimit[];
  /** This process's name in job leases, and how long a lease lasts. */
  jobs?: JobQueueOptions;
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

/**
 * Where client buckets live: in this process on SQLite (one bot), in the database on PostgreSQL, so that
 * a client spreading requests over replicas meets one bucket. `name` keeps each limiter's buckets apart.
 */
function limiterFactory(store: Store): (name: string, ipKeyed: boolean) => (limit: RateLimit) => RateLimiter {
  if (store.exclusive)
    return (_name, ipKeyed) => (limit) => (ipKeyed ? createIpRateLimiter(limit) : createRateLimiter(limit));
  const buckets = openRateBuckets(store);
  return (name, ipKeyed) => (limit) => ({
    take: (key, now) =>
      buckets.take(`${name}:${limit.burst}:${limit.refillMs}:${ipKeyed ? ipRateKey(key) : key}`, limit, now),
  });
}

/** A secret of its own for each purpose, derived from the status secret (so all survive restarts). */
function derive(secret: Buffer, purpose: string): string {
  return createHmac('sha256', secret).update(`repodesk:${purpose}`).digest('hex');
}

/** Opens every table and builds the context; the SMTP mailer is opened here too, never on first use. */
export function createBotContext(options: BotContextOptions): BotContext {
  const clock = options.clock ?? Date.now;
  const limits = { ...defaultIntakeLimits, ...options.limits };
  const mailConfig = options.mailConfig ?? loadMailConfig({}).config;
  const metrics = createMetrics();
  const rules: RulesHolder = {
    current: options.rules,
    emails: options.emails ?? {},
    articles: options.articles ?? [],
    loadedAt: clock(),
    version: options.rulesVersion ?? null,
    settled: true,
    refused: null,
  };
  const perIp = () => limits.perIp ?? fromSetting(rules.current.desk.rateLimits.perIp);
  const limiter = limiterFactory(options.store);
  const smtpUrl = options.config.smtpUrl;
  const mailer =
    options.mailer ??
    (smtpUrl ? createSmtpMailer({ url: smtpUrl, timeoutMs: mailConfig.smtpTimeoutMs }) : undefined);
  return {
    config: options.config,
    log: options.log,
    clock,
    store: options.store,
    commit: createGroupCommit(options.store),
    inbox: openInbox(options.store),
    jobs: openJobQueue(options.store, options.jobs),
    refs: openTicketReferences(options.store),
    merges: openTicketMerges(options.store),
    kv: openKeyValue(options.store),
    labelChanges: openLabelChanges(options.store),
    budget: openWriteBudget(options.store, options.writeLimits),
    feedback: openFeedbackLog(options.store),
    satisfaction: openSatisfactionLog(options.store),
    surveySecret: derive(options.statusSecret, 'satisfaction-survey'),
    formUploads: openFormUploads(options.store, options.config.dataDir),
    mail: {
      config: mailConfig,
      mailStore: openMailStore(options.store),
      blockedSenders: openBlockedSenders(options.store),
      heldReplies: openHeldReplies(options.store),
      ...(mailer ? { mailer } : {}),
      threadSecret: derive(options.statusSecret, 'mail-thread'),
      fileSecret: derive(options.statusSecret, 'mail-files'),
    },
    metrics,
    statusSecret: createSecretKey(options.statusSecret),
    tracker: options.tracker,
    // SQLite: this process alone holds the data folder. PostgreSQL: other replicas write the same issues.
    issueLocks:
      options.store.kind === 'postgres'
        ? new SharedIssueLocks(options.store, options.tracker.repository, () =>
            metrics.count(
              'repodesk_issue_lock_busy_total',
              "Work deferred because another replica kept the issue's turn past the wait (not a failure).",
            ),
          )
        : new InProcessIssueLocks(options.tracker.repository),
    rules,
    limits,
    ipLimiter: limiterFollowing(perIp, limiter('ip', true)),
    addressLimiter: limiterFollowing(
      () => limits.perAddress ?? fromSetting(rules.current.desk.rateLimits.perEmail),
      limiter('address', false),
    ),
    statusLimiter: limiterFollowing(perIp, limiter('status', true)),
    feedbackLimiter: limiter('feedback', true)(limits.feedbackPerIp),
    ticketReads: createTicketReadCache(limits.statusCacheMs),
    altchaSecret: options.statusSecret.toString('hex') + ':altcha',
    wakeWorker: () => {},
    storeHealth: {},
  };
}

// The one context every route, job, webhook handler and scheduled task of the bot receives: every service
// as a field, built once by the wiring (`bot/create-context.ts`) and passed explicitly. Nothing is found
// through a module-level singleton or a side table, nothing is opened on first use. What rules/ and kb/
// say (rules, mail templates, articles) is in `rules`, swapped whole on a valid reload.

import type { KeyObject } from 'node:crypto';
import type { BotConfig } from './config/load-config.ts';
import type { Logger } from './config/logger.ts';
import type { MailConfig } from './config/mail-config.ts';
import type { Metrics } from './http/metrics.ts';
import type { RateLimit, RateLimiter } from './http/rate-limiter.ts';
import type { SuggestableArticle } from './kb/suggest-articles.ts';
import type { Mailer } from './mailer/mailer.ts';
import type { EmailTemplates } from './rules/email-templates.ts';
import type { RulesVersion } from './rules/rules-version.ts';
import type { Rules } from './rules/types.ts';
import type { HeldReplies } from './store/held-replies.ts';
import type { BlockedSenders } from './store/blocked-senders.ts';
import type { FeedbackLog } from './store/feedback-log.ts';
import type { SatisfactionLog } from './store/satisfaction-log.ts';
import type { FormUploads } from './store/form-uploads.ts';
import type { GroupCommit } from './store/group-commit.ts';
import type { Inbox } from './store/inbox.ts';
import type { JobQueue } from './store/job-queue.ts';
import type { KeyValue } from './store/key-value.ts';
import type { LabelChanges } from './store/label-changes.ts';
import type { MailStore } from './store/mail-store.ts';
import type { Store } from './store/open-store.ts';
import type { TicketReferences } from './store/reference.ts';
import type { TicketMerges } from './store/ticket-merges.ts';
import type { IssueLocks } from './tracker/issue-locks.ts';
import type { TicketReadCache } from './tracker/ticket-read-cache.ts';
import type { Tracker } from './tracker/tracker.ts';
import type { WriteBudget } from './worker/write-budget.ts';

/** What rules/ and kb/ say, in force; a valid reload swaps it whole (bot/watch-rules.ts). */
export interface RulesHolder {
  current: Rules;
  /** The mail templates of rules/emails/, read with the rules. */
  emails: EmailTemplates;
  /** The knowledge base's articles, read with the rules: what acknowledgements suggest. */
  articles: readonly SuggestableArticle[];
  loadedAt: number;
  /** Their version (null when the bot was given rules without one: tests, benchmarks). */
  version: RulesVersion | null;
  /** False when rules/ changed while being read: the next change or SIGHUP reads it again in full. */
  settled: boolean;
  /** The latest content refused (invalid rules), until valid content is in force again. */
  refused: { at: number; contentHash: string; errorCount: number } | null;
}

/** What the mail routes and jobs share besides the rules: settings, the mail tables, the SMTP mailer, secrets. */
export interface MailServices {
  /** From the environment (config/mail-config.ts), read once at start. */
  config: MailConfig;
  mailStore: MailStore;
  /** Senders marked as spam (`/spam`): their mail is quarantined without an answer until unblocked. */
  blockedSenders: BlockedSenders;
  /** Agents' replies the collision guard holds until one sends or drops them (`/send`, `/drop`). */
  heldReplies: HeldReplies;
  /** Opened at start from SMTP_URL; undefined without it (outgoing mail then waits in the outbox). */
  mailer?: Mailer;
  /** Signs thread tokens and Message-IDs. */
  threadSecret: string;
  /** Signs attachment links and upload tokens. */
  fileSecret: string;
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

export interface BotContext {
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
  /** Tickets merged into others (`/merge`): where a merged ticket's customer thread continues. */
  merges: TicketMerges;
  kv: KeyValue;
  /** The labels repodesk changed without a comment, with the rules version and rule behind each. */
  labelChanges: LabelChanges;
  budget: WriteBudget;
  feedback: FeedbackLog;
  /** CSAT ratings of resolved tickets, one per ticket. */
  satisfaction: SatisfactionLog;
  /** Signs the satisfaction survey's links (derived from the status secret, so it survives restarts). */
  surveySecret: string;
  /** The request form's uploads waiting for, or attached to, a request. */
  formUploads: FormUploads;
  mail: MailServices;
  metrics: Metrics;
  /** Signs and checks status tokens: the status secret as a key object, made once at start. */
  statusSecret: KeyObject;
  tracker: Tracker;
  /**
   * Every read-then-write of one issue by this process (sweep, jobs) runs in its turn here, reading the
   * issue again inside: two writers never send label lists read before the other's write.
   */
  issueLocks: IssueLocks;
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

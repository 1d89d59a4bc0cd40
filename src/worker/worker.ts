// The worker applies queued jobs one at a time (GitHub asks integrators to write serially), with retry,
// backoff, a dead-letter state, and a global pause while GitHub says we are rate-limited. It keeps no
// queue of its own: the store is the queue, so a crash loses nothing. Replicas on one PostgreSQL each run
// a worker: a claimed job is leased to its worker, which renews the lease while the job runs; the pause
// GitHub asks for is kept in the store, so every replica honours it.

import type { Logger } from '../config/logger.ts';
import { LockBusyError } from '../store/lock-busy-error.ts';
import { StoreError, toStoreError } from '../store/open-store.ts';
import type { Job, JobQueue } from '../store/job-queue.ts';
import type { KeyValue } from '../store/key-value.ts';
import {
  defaultRetryPolicy,
  permanentCodes,
  retryDelay,
  type FailureFacts,
  type RetryPolicy,
} from './retry-delay.ts';

/** What a job handler reports. Failures are thrown (a TrackerError or any error with `code`). */
export type JobOutcome =
  /** Finished; `recordEffect` runs in the transaction that marks the job done (e.g. ref → issue number). */
  | { status: 'done'; recordEffect?: () => void | Promise<void>; note?: string }
  /** Not now, and not a failure (write budget exhausted): run again at `until`, attempt refunded. */
  | { status: 'defer'; until: number; reason: string; holdTracker?: boolean };

export interface JobRunContext {
  now: number;
  log: Logger;
  /**
   * Renews the job's lease now; false when it is no longer this process's (it lapsed while this process was
   * slow, and another took the job over): the job must then write nothing more, the other one runs it.
   */
  holdsLease(): Promise<boolean>;
}

/** A kind of job: one file per kind, one line in the list of kinds. */
export interface JobKind {
  kind: string;
  /** Jobs that call GitHub wait while GitHub asked us to pause. */
  usesTracker: boolean;
  run(job: Job, context: JobRunContext): Promise<JobOutcome>;
}

export interface WorkerStatus {
  running: boolean;
  /** Last time the loop went round (for /healthz). */
  lastBeatAt?: number;
  /** Until when GitHub asked us not to write. */
  pausedUntil?: number;
  /** Until when the write budget is spent (GitHub jobs wait; others run). */
  budgetHeldUntil?: number;
  lastTrackerError?: { at: number; code: string; message: string };
  /**
   * The store failed under a job or the loop (full, locked, damaged): /healthz is red while it is set. Cleared
   * by the next job done, except a damaged store (`store-corrupt`), which no retry mends.
   */
  storeError?: { at: number; code: string; message: string };
  processed: number;
}

export interface WorkerOptions {
  jobs: JobQueue;
  kinds: readonly JobKind[];
  kv: KeyValue;
  log: Logger;
  /** The clock, injectable so tests can move time (budget windows, backoff) without waiting. */
  clock?: () => number;
  random?: () => number;
  retry?: RetryPolicy;
  /** Longest sleep between two looks at the queue. */
  pollMs?: number;
  /** The store's file, named in store errors. */
  storeFile?: string;
}

/** How long a job waits after the store failed under it (its attempt is given back: the job is not at fault). */
const storeRetryMs = 30_000;

/** Longest pause before a job whose issue another replica held tries again (then ±50 %, see below). */
const busyRetryMs = 2_000;

export interface Worker {
  /** Runs at most one due job; resolves to whether one ran. */
  runOnce(): Promise<boolean>;
  /** Runs due jobs until none is due now (tests and benchmarks). */
  drain(): Promise<number>;
  /** Starts the background loop. */
  start(): void;
  /**
   * Stops the loop after the job in progress; with `graceMs`, a job still running after that long is
   * released (back in the queue, its attempt counted) instead of waited for.
   */
  stop(graceMs?: number): Promise<void>;
  /** Wakes the loop at once (a job was just queued). */
  wake(): void;
  status(): WorkerStatus;
}

const pauseKey = 'worker.tracker-paused-until';

function describe(error: unknown): FailureFacts & { message: string } {
  const facts = error as { code?: unknown; retryAfterMs?: unknown; message?: unknown };
  const out: FailureFacts & { message: string } = {
    message: typeof facts?.message === 'string' ? facts.message : String(error),
  };
  if (typeof facts?.code === 'string') out.code = facts.code;
  if (typeof facts?.retryAfterMs === 'number') out.retryAfterMs = facts.retryAfterMs;
  return out;
}

/** Creates the worker over the durable job queue. */
export function createWorker(options: WorkerOptions): Worker {
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const policy = options.retry ?? defaultRetryPolicy;
  const pollMs = options.pollMs ?? 1000;
  const kinds = new Map(options.kinds.map((kind) => [kind.kind, kind]));
  const trackerKinds = options.kinds.filter((kind) => kind.usesTracker).map((kind) => kind.kind);
  const otherKinds = options.kinds.filter((kind) => !kind.usesTracker).map((kind) => kind.kind);
  const state: WorkerStatus = { running: false, processed: 0 };
  let timer: NodeJS.Timeout | undefined;
  let wakeUp: (() => void) | undefined;
  let loop: Promise<void> | undefined;
  /** The job running now, if any (released at a stop that cannot wait for it). */
  let current: Job | undefined;
  // Before the first claim: jobs a crash left running go back to the queue.
  let recovered: Promise<number> | undefined;
  const recover = () => (recovered ??= options.jobs.recoverInterrupted(clock()));

  /** A store failure under `error` (ours or node:sqlite's), or undefined for any other failure. */
  const storeFailureOf = (error: unknown): StoreError | undefined => {
    if (error instanceof StoreError) return error;
    if (typeof (error as { errcode?: unknown } | undefined)?.errcode === 'number')
      return toStoreError(error, options.storeFile ?? 'the store');
    return undefined;
  };
  const noteStoreFailure = (failure: StoreError, at: number) => {
    state.storeError = { at, code: failure.code, message: failure.message };
  };

  async function runJob(job: Job): Promise<void> {
    const now = clock();
    const log = options.log.child({ job: job.id, kind: job.kind, attempt: job.attempts });
    const kind = kinds.get(job.kind);
    if (!kind) {
      await options.jobs.deadLetter(
        job.id,
        now,
        `unknown job kind "${job.kind}"; known kinds: ${[...kinds.keys()].join(', ')}`,
      );
      log.error('job dead-lettered: unknown kind');
      return;
    }
    // The lease is renewed while the job runs, so no other replica takes it over.
    const heartbeat = setInterval(
      () =>
        void options.jobs.renewLease(job.id, clock()).then(
          (held) => {
            if (!held) log.warn('job lease lost: another process may run it');
          },
          () => undefined,
        ),
      Math.max(100, Math.floor(options.jobs.leaseMs / 3)),
    );
    try {
      const holdsLease = () => options.jobs.renewLease(job.id, clock());
      const outcome = await kind.run(job, { now, log, holdsLease });
      clearInterval(heartbeat);
      if (outcome.status === 'done') {
        const completed = await options.jobs.complete(job.id, clock(), outcome.recordEffect);
        if (state.storeError?.code !== 'store-corrupt') delete state.storeError;
        if (completed) log.info('job done', outcome.note ? { note: outcome.note } : undefined);
        // Its record would be a second one: the process that holds the job now records what it finds.
        else log.warn('job lease lost: its outcome is left to the process that holds the job');
      } else {
        await options.jobs.retryLater(job.id, clock(), outcome.until, undefined, true);
        // The budget is shared: every other GitHub job would be deferred the same way, so do not claim them.
        if (outcome.holdTracker && kind.usesTracker) state.budgetHeldUntil = outcome.until;
        log.info('job deferred', { reason: outcome.reason, until: new Date(outcome.until).toISOString() });
      }
    } catch (error) {
      clearInterval(heartbeat);
      const failedAt = clock();
      if (error instanceof LockBusyError) {
        // Another replica works on the same issue: nothing failed, the store answered, health stays green.
        // Tried again shortly (never later than it waited), its attempt given back; the jitter keeps two
        // replicas that met on this issue from meeting there again in step.
        const delay = Math.round(Math.min(error.waitedMs, busyRetryMs) * (0.5 + random()));
        await options.jobs.retryLater(job.id, failedAt, failedAt + delay, undefined, true);
        log.info('job deferred: busy in another replica', { lock: error.what, retryInMs: delay });
        return;
      }
      const storeFailure = storeFailureOf(error);
      if (storeFailure) {
        noteStoreFailure(storeFailure, failedAt);
        log.error('job failed: the store failed', { code: storeFailure.code, error: storeFailure.message });
        try {
          await options.jobs.retryLater(
            job.id,
            failedAt,
            failedAt + storeRetryMs,
            `${storeFailure.code}: ${storeFailure.message}`,
            true,
          );
        } catch {
          // The queue itself cannot be written: the job stays running, and goes back to the queue at restart.
        }
        return;
      }
      const failure = describe(error);
      if (kind.usesTracker && failure.code) {
        state.lastTrackerError = { at: failedAt, code: failure.code, message: failure.message };
      }
      const lastError = `${failure.code ?? 'error'}: ${failure.message}`;
      // Counted since the operator's last retry, which gives a dead job a fresh set of attempts.
      const attempts = job.attempts - job.attemptsBeforeRetry;
      if ((failure.code && permanentCodes.has(failure.code)) || attempts >= policy.maxAttempts) {
        await options.jobs.deadLetter(job.id, failedAt, lastError);
        log.error('job dead-lettered', {
          code: failure.code,
          attempts: job.attempts,
          error: failure.message,
        });
        return;
      }
      const delay = retryDelay(attempts, failure, policy, random());
      if (kind.usesTracker && failure.code === 'rate-limited') {
        // A rate limit concerns every GitHub call, not only this job: hold them all.
        state.pausedUntil = failedAt + delay;
        await options.kv.set(pauseKey, state.pausedUntil);
      }
      await options.jobs.retryLater(job.id, failedAt, failedAt + delay, lastError);
      log.warn('job failed, will retry', {
        code: failure.code,
        error: failure.message,
        retryInMs: Math.round(delay),
      });
    }
  }

  async function runOnce(): Promise<boolean> {
    await recover();
    const now = clock();
    state.lastBeatAt = now;
    // Another replica may have been told to pause: the pause is the store's.
    const storedPause = await options.kv.get<number>(pauseKey);
    if (storedPause !== undefined && storedPause > (state.pausedUntil ?? 0)) state.pausedUntil = storedPause;
    const heldUntil = Math.max(state.pausedUntil ?? 0, state.budgetHeldUntil ?? 0);
    const paused = heldUntil > now;
    const job = await options.jobs.claimDue(now, paused ? otherKinds : [...trackerKinds, ...otherKinds]);
    if (!job) return false;
    current = job;
    try {
      await runJob(job);
    } finally {
      current = undefined;
    }
    state.processed += 1;
    return true;
  }

  async function sleepMs(): Promise<number> {
    const now = clock();
    let next = await options.jobs.nextRunAfter();
    if (next !== undefined && state.pausedUntil !== undefined && state.pausedUntil > now)
      next = Math.max(next, state.pausedUntil);
    if (next === undefined) return pollMs;
    return Math.max(0, Math.min(pollMs, next - now));
  }

  return {
    runOnce,
    async drain() {
      let count = 0;
      while (await runOnce()) count += 1;
      return count;
    },
    start() {
      if (state.running) return;
      state.running = true;
      // Started counts as a beat: /healthz stays green while the first round waits for the store (the
      // recovery of interrupted jobs is a write, and a write waits for its fsync).
      state.lastBeatAt = clock();
      loop = (async () => {
        while (state.running) {
          let ran = false;
          try {
            ran = await runOnce();
          } catch (error) {
            // A store failure: keep the loop alive (health shows it), try again after a pause.
            const storeFailure = storeFailureOf(error);
            if (storeFailure) noteStoreFailure(storeFailure, clock());
            options.log.error('worker loop failed', {
              ...(storeFailure ? { code: storeFailure.code, error: storeFailure.message } : { error }),
            });
          }
          if (ran || !state.running) continue;
          const sleep = await sleepMs().catch(() => pollMs);
          if (!state.running) continue;
          await new Promise<void>((resolve) => {
            wakeUp = resolve;
            timer = setTimeout(resolve, sleep);
          });
          wakeUp = undefined;
        }
      })();
    },
    async stop(graceMs) {
      state.running = false;
      if (timer) clearTimeout(timer);
      wakeUp?.();
      if (graceMs === undefined || !loop) {
        await loop;
        return;
      }
      let graceTimer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        loop.then(() => true),
        new Promise<boolean>((resolve) => {
          graceTimer = setTimeout(() => resolve(false), graceMs);
        }),
      ]);
      clearTimeout(graceTimer);
      const unfinished = current;
      if (finished || !unfinished) return;
      // Given back, not waited for: another replica (or this bot after its restart) runs it again and
      // reconciles, since its attempt stays counted.
      const released = await options.jobs.release(unfinished.id, clock()).catch(() => false);
      options.log.warn('job released at shutdown', { job: unfinished.id, kind: unfinished.kind, released });
    },
    wake() {
      if (timer) clearTimeout(timer);
      wakeUp?.();
    },
    status: () => ({ ...state }),
  };
}

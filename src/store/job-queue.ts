// The durable outbox: jobs with attempts, a time before which they must not run, the last error, and a
// dead-letter state. The queue lives in the store, not in memory, so a crash loses nothing: a job that was
// running when its process died runs again, and its handler reconciles (find before create).
// Several processes may share it (replicas on PostgreSQL): a claim takes one due job under a row lock
// (`FOR UPDATE SKIP LOCKED`: two replicas never claim the same job, and neither waits for the other) and
// leases it to the claiming process; the worker renews the lease while the job runs. A job whose lease ran
// out (its process died) goes back to the queue with its attempt counted, so its handler reconciles.

import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Store, StoreSchema } from './store.ts';

export type JobState = 'queued' | 'running' | 'done' | 'dead';

export interface Job {
  id: number;
  kind: string;
  payload: unknown;
  state: JobState;
  /** Attempts started so far, this one included once claimed (never reset: handlers reconcile when > 1). */
  attempts: number;
  /** Attempts spent before an operator last retried the job (`repodesk jobs retry`); 0 if never. */
  attemptsBeforeRetry: number;
  runAfter: number;
  lastError?: string;
  createdAt: number;
  /** Last change of state (for a dead job: when it was given up). */
  updatedAt: number;
  /** For a running job: the process running it, and until when its lease holds. */
  lockedBy?: string;
  leaseUntil?: number;
}

export interface JobQueue {
  /** The process this queue claims jobs for (a lease names it). */
  readonly owner: string;
  /** How long a claim holds without renewal. */
  readonly leaseMs: number;
  /** Adds a job (call inside the inbox transaction so the input and its job are stored together). */
  enqueue(kind: string, payload: unknown, now: number, runAfter?: number): Promise<number>;
  /**
   * Claims the next due job for this process (state → running, attempts + 1, leased until now + the lease),
   * or undefined. A job whose lease ran out goes back to the queue first.
   */
  claimDue(now: number, kinds?: readonly string[]): Promise<Job | undefined>;
  /** Extends the lease of a job this process runs; false when it is no longer this process's. */
  renewLease(id: number, now: number): Promise<boolean>;
  /**
   * Marks a job this process still holds done and runs `recordEffect` in the same transaction (e.g. ref → issue
   * number); false, with nothing recorded, when its lease lapsed and it is another process's (or queued) now.
   */
  complete(id: number, now: number, recordEffect?: () => void | Promise<void>): Promise<boolean>;
  /**
   * Puts a job this process runs back for a later attempt. `refund` gives the attempt back (the job never
   * reached GitHub).
   */
  retryLater(
    id: number,
    now: number,
    runAfter: number,
    error: string | undefined,
    refund?: boolean,
  ): Promise<void>;
  /** Gives up: the job stays visible in /metrics and /healthz with its last error. */
  deadLetter(id: number, now: number, error: string): Promise<void>;
  /**
   * Gives back a job this process claimed and will not finish (shutdown): due at once for any process, its
   * attempt still counted (it may have reached GitHub: the next attempt reconciles).
   */
  release(id: number, now: number): Promise<boolean>;
  /**
   * Queues a dead job again, due at once whatever the running bot's clock says, with a fresh set of
   * attempts (its attempt count keeps growing, so its handler still reconciles first). False if not dead.
   */
  retryDead(id: number, now: number): Promise<boolean>;
  /**
   * At start: jobs a crash left running go back to the queue (their attempt stays counted). On a store only
   * this process uses, every running job; on a shared one, those whose lease ran out.
   */
  recoverInterrupted(now: number): Promise<number>;
  /** Earliest `runAfter` of a queued job, to know how long to sleep. */
  nextRunAfter(): Promise<number | undefined>;
  countByState(): Promise<Record<JobState, number>>;
  countDeadByKind(): Promise<Record<string, number>>;
  list(state: JobState, limit: number): Promise<Job[]>;
  get(id: number): Promise<Job | undefined>;
}

export const jobsSchema: StoreSchema = {
  domain: 'jobs',
  sqlite: [
    `CREATE TABLE jobs (
       id INTEGER PRIMARY KEY,
       kind TEXT NOT NULL,
       payload TEXT NOT NULL,
       state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'dead')),
       attempts INTEGER NOT NULL DEFAULT 0,
       run_after INTEGER NOT NULL,
       last_error TEXT,
       created_at INTEGER NOT NULL,
       updated_at INTEGER NOT NULL
     )`,
    'CREATE INDEX jobs_due ON jobs (state, run_after, id)',
    'ALTER TABLE jobs ADD COLUMN attempts_before_retry INTEGER NOT NULL DEFAULT 0',
    'ALTER TABLE jobs ADD COLUMN locked_by TEXT; ALTER TABLE jobs ADD COLUMN lease_until INTEGER',
  ],
  postgres: [
    `CREATE TABLE jobs (
       id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
       kind TEXT NOT NULL,
       payload TEXT NOT NULL,
       state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'dead')),
       attempts INTEGER NOT NULL DEFAULT 0,
       attempts_before_retry INTEGER NOT NULL DEFAULT 0,
       run_after BIGINT NOT NULL,
       last_error TEXT,
       created_at BIGINT NOT NULL,
       updated_at BIGINT NOT NULL,
       locked_by TEXT,
       lease_until BIGINT
     );
     CREATE INDEX jobs_due ON jobs (state, run_after, id)`,
  ],
};

function toJob(row: Record<string, unknown>): Job {
  const job: Job = {
    id: Number(row.id),
    kind: String(row.kind),
    payload: JSON.parse(String(row.payload)),
    state: String(row.state) as JobState,
    attempts: Number(row.attempts),
    attemptsBeforeRetry: Number(row.attempts_before_retry ?? 0),
    runAfter: Number(row.run_after),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
  if (row.last_error !== null && row.last_error !== undefined) job.lastError = String(row.last_error);
  if (row.locked_by !== null && row.locked_by !== undefined) job.lockedBy = String(row.locked_by);
  if (row.lease_until !== null && row.lease_until !== undefined) job.leaseUntil = Number(row.lease_until);
  return job;
}

/** Who claims: this machine and process, and a random part (a restarted process is another owner). */
function newJobOwner(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** How long a claimed job is leased by default: the worker renews it every third of that while it runs. */
const defaultJobLeaseMs = 60_000;

const insert =
  "INSERT INTO jobs (kind, payload, state, run_after, created_at, updated_at) VALUES (?, ?, 'queued', ?, ?, ?) RETURNING id";
const due = (kinds: number) =>
  `SELECT id FROM jobs WHERE state = 'queued' AND run_after <= ?${
    kinds > 0 ? ` AND kind IN (${Array.from({ length: kinds }, () => '?').join(', ')})` : ''
  } ORDER BY run_after, id LIMIT 1`;
const claim =
  "UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_by = ?, lease_until = ?, updated_at = ? WHERE id = ? AND state = 'queued' RETURNING *";
// One statement on PostgreSQL: the row lock taken by the subquery is kept by the update, and rows other
// replicas are claiming are skipped, not waited for.
const claimLocked = (kinds: number) =>
  `UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_by = ?, lease_until = ?, updated_at = ? WHERE id = (${due(kinds)} FOR UPDATE SKIP LOCKED) RETURNING *`;
const expired =
  "UPDATE jobs SET state = 'queued', locked_by = NULL, lease_until = NULL, updated_at = ? WHERE state = 'running' AND lease_until <= ?";
const renew = "UPDATE jobs SET lease_until = ? WHERE id = ? AND state = 'running' AND locked_by = ?";
// Only a job this process still holds, like `retry` below: a lapsed lease's job is run and recorded by its new holder.
const done =
  "UPDATE jobs SET state = 'done', updated_at = ?, payload = '{}', locked_by = NULL, lease_until = NULL WHERE id = ? AND state = 'running' AND locked_by = ?";
// Only a job this process still holds: one whose lease another process took over is that one's now.
const retry =
  "UPDATE jobs SET state = 'queued', run_after = ?, last_error = coalesce(?, last_error), attempts = attempts - ?, locked_by = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND state = 'running' AND locked_by = ?";
const dead =
  "UPDATE jobs SET state = 'dead', last_error = ?, locked_by = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND state = 'running' AND locked_by = ?";
const release =
  "UPDATE jobs SET state = 'queued', run_after = ?, locked_by = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND state = 'running' AND locked_by = ?";
// Due at 0, before any "now": the bot may run on another clock than the operator's command.
const revive =
  "UPDATE jobs SET state = 'queued', run_after = 0, attempts_before_retry = attempts, updated_at = ? WHERE id = ? AND state = 'dead'";
const recoverAll =
  "UPDATE jobs SET state = 'queued', locked_by = NULL, lease_until = NULL, updated_at = ? WHERE state = 'running'";
const next = "SELECT min(run_after) AS at FROM jobs WHERE state = 'queued'";
const byState = 'SELECT state, count(*) AS n FROM jobs GROUP BY state';
const deadByKind = "SELECT kind, count(*) AS n FROM jobs WHERE state = 'dead' GROUP BY kind";
const listState = 'SELECT * FROM jobs WHERE state = ? ORDER BY id LIMIT ?';
const byId = 'SELECT * FROM jobs WHERE id = ?';

export interface JobQueueOptions {
  /** The claiming process (default: host, pid and a random part). */
  owner?: string;
  /** How long a claim holds without renewal (default `defaultJobLeaseMs`). */
  leaseMs?: number;
}

/** The job queue of `store` (its tables are made by `jobsSchema` when the store opens). */
export function openJobQueue(store: Store, options: JobQueueOptions = {}): JobQueue {
  const owner = options.owner ?? newJobOwner();
  const leaseMs = options.leaseMs ?? defaultJobLeaseMs;
  return {
    owner,
    leaseMs,
    async enqueue(kind, payload, now, runAfter = now) {
      return Number((await store.get(insert, kind, JSON.stringify(payload), runAfter, now, now))?.id);
    },
    async claimDue(now, kinds) {
      if (kinds && kinds.length === 0) return undefined;
      // Filtered in SQL: jobs of other kinds waiting in front (GitHub paused) must not hide these.
      const filter = kinds ?? [];
      if (store.kind === 'postgres') {
        await store.run(expired, now, now);
        const row = await store.get(claimLocked(filter.length), owner, now + leaseMs, now, now, ...filter);
        return row ? toJob(row) : undefined;
      }
      return store.transaction(async () => {
        await store.run(expired, now, now);
        const found = await store.get(due(filter.length), now, ...filter);
        if (!found) return undefined;
        const row = await store.get(claim, owner, now + leaseMs, now, Number(found.id));
        return row ? toJob(row) : undefined;
      });
    },
    async renewLease(id, now) {
      return (await store.run(renew, now + leaseMs, id, owner)) === 1;
    },
    async complete(id, now, recordEffect) {
      return store.transaction(async () => {
        if ((await store.run(done, now, id, owner)) !== 1) return false;
        await recordEffect?.();
        return true;
      });
    },
    async retryLater(id, now, runAfter, error, refund = false) {
      await store.run(retry, runAfter, error ?? null, refund ? 1 : 0, now, id, owner);
    },
    async deadLetter(id, now, error) {
      await store.run(dead, error, now, id, owner);
    },
    async release(id, now) {
      return (await store.run(release, now, now, id, owner)) === 1;
    },
    async retryDead(id, now) {
      return (await store.run(revive, now, id)) === 1;
    },
    async recoverInterrupted(now) {
      return store.exclusive ? store.run(recoverAll, now) : store.run(expired, now, now);
    },
    async nextRunAfter() {
      const row = await store.get(next);
      return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
    },
    async countByState() {
      const out: Record<JobState, number> = { queued: 0, running: 0, done: 0, dead: 0 };
      for (const row of await store.all(byState)) out[String(row.state) as JobState] = Number(row.n);
      return out;
    },
    async countDeadByKind() {
      const out: Record<string, number> = {};
      for (const row of await store.all(deadByKind)) out[String(row.kind)] = Number(row.n);
      return out;
    },
    async list(state, limit) {
      return (await store.all(listState, state, limit)).map((row) => toJob(row));
    },
    async get(id) {
      const row = await store.get(byId, id);
      return row ? toJob(row) : undefined;
    },
  };
}

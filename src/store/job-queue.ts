// The durable outbox: jobs with attempts, a time before which they must not run, the last error, and a
// dead-letter state. The queue lives in SQLite, not in memory, so a crash loses nothing: a job that was
// running when the process died runs again after restart, and its handler reconciles (find before create).

import type { Store } from './open-store.ts';

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
}

export interface JobQueue {
  /** Adds a job (call inside the inbox transaction so the input and its job are stored together). */
  enqueue(kind: string, payload: unknown, now: number, runAfter?: number): number;
  /** Claims the next due job (state → running, attempts + 1), or undefined. */
  claimDue(now: number, kinds?: readonly string[]): Job | undefined;
  /** Marks a job done and runs `recordEffect` in the same transaction (e.g. ref → issue number). */
  complete(id: number, now: number, recordEffect?: () => void): void;
  /** Puts a job back for a later attempt. `refund` gives the attempt back (the job never reached GitHub). */
  retryLater(id: number, now: number, runAfter: number, error: string | undefined, refund?: boolean): void;
  /** Gives up: the job stays visible in /metrics and /healthz with its last error. */
  deadLetter(id: number, now: number, error: string): void;
  /**
   * Queues a dead job again, due at once whatever the running bot's clock says, with a fresh set of
   * attempts (its attempt count keeps growing, so its handler still reconciles first). False if not dead.
   */
  retryDead(id: number, now: number): boolean;
  /** At start: jobs left `running` by a crash go back to the queue (their attempt stays counted). */
  recoverInterrupted(now: number): number;
  /** Earliest `runAfter` of a queued job, to know how long to sleep. */
  nextRunAfter(): number | undefined;
  countByState(): Record<JobState, number>;
  countDeadByKind(): Record<string, number>;
  list(state: JobState, limit: number): Job[];
  get(id: number): Job | undefined;
}

const migrations = [
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
];

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
  return job;
}

/** Opens the job tables of `store`. */
export function openJobQueue(store: Store): JobQueue {
  store.migrate('jobs', migrations);
  const db = store.db;
  const insert = db.prepare(
    "INSERT INTO jobs (kind, payload, state, run_after, created_at, updated_at) VALUES (?, ?, 'queued', ?, ?, ?) RETURNING id",
  );
  const due = db.prepare(
    "SELECT * FROM jobs WHERE state = 'queued' AND run_after <= ? ORDER BY run_after, id LIMIT 1",
  );
  const byKindCount = new Map<number, ReturnType<typeof db.prepare>>();
  const dueOfKinds = (count: number) => {
    let statement = byKindCount.get(count);
    if (!statement) {
      const placeholders = Array.from({ length: count }, () => '?').join(', ');
      statement = db.prepare(
        `SELECT * FROM jobs WHERE state = 'queued' AND run_after <= ? AND kind IN (${placeholders}) ORDER BY run_after, id LIMIT 1`,
      );
      byKindCount.set(count, statement);
    }
    return statement;
  };
  const claim = db.prepare(
    "UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'queued'",
  );
  const done = db.prepare("UPDATE jobs SET state = 'done', updated_at = ?, payload = '{}' WHERE id = ?");
  const retry = db.prepare(
    "UPDATE jobs SET state = 'queued', run_after = ?, last_error = coalesce(?, last_error), attempts = attempts - ?, updated_at = ? WHERE id = ?",
  );
  const dead = db.prepare("UPDATE jobs SET state = 'dead', last_error = ?, updated_at = ? WHERE id = ?");
  // Due at 0, before any "now": the bot may run on another clock than the operator's command.
  const revive = db.prepare(
    "UPDATE jobs SET state = 'queued', run_after = 0, attempts_before_retry = attempts, updated_at = ? WHERE id = ? AND state = 'dead'",
  );
  const recover = db.prepare("UPDATE jobs SET state = 'queued', updated_at = ? WHERE state = 'running'");
  const next = db.prepare("SELECT min(run_after) AS at FROM jobs WHERE state = 'queued'");
  const byState = db.prepare('SELECT state, count(*) AS n FROM jobs GROUP BY state');
  const deadByKind = db.prepare("SELECT kind, count(*) AS n FROM jobs WHERE state = 'dead' GROUP BY kind");
  const listState = db.prepare('SELECT * FROM jobs WHERE state = ? ORDER BY id LIMIT ?');
  const byId = db.prepare('SELECT * FROM jobs WHERE id = ?');
  return {
    enqueue(kind, payload, now, runAfter = now) {
      return Number(insert.get(kind, JSON.stringify(payload), runAfter, now, now)?.id);
    },
    claimDue(now, kinds) {
      if (kinds && kinds.length === 0) return undefined;
      return store.transaction(() => {
        // Filtered in SQL: jobs of other kinds waiting in front (GitHub paused) must not hide these.
        const row = kinds ? dueOfKinds(kinds.length).get(now, ...kinds) : due.get(now);
        if (!row) return undefined;
        claim.run(now, Number(row.id));
        return toJob({ ...row, state: 'running', attempts: Number(row.attempts) + 1 });
      });
    },
    complete(id, now, recordEffect) {
      store.transaction(() => {
        recordEffect?.();
        done.run(now, id);
      });
    },
    retryLater(id, now, runAfter, error, refund = false) {
      retry.run(runAfter, error ?? null, refund ? 1 : 0, now, id);
    },
    deadLetter(id, now, error) {
      dead.run(error, now, id);
    },
    retryDead(id, now) {
      return Number(revive.run(now, id).changes) === 1;
    },
    recoverInterrupted(now) {
      return Number(recover.run(now).changes);
    },
    nextRunAfter() {
      const row = next.get();
      return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
    },
    countByState() {
      const out: Record<JobState, number> = { queued: 0, running: 0, done: 0, dead: 0 };
      for (const row of byState.all()) out[String(row.state) as JobState] = Number(row.n);
      return out;
    },
    countDeadByKind() {
      const out: Record<string, number> = {};
      for (const row of deadByKind.all()) out[String(row.kind)] = Number(row.n);
      return out;
    },
    list(state, limit) {
      return listState.all(state, limit).map((row) => toJob(row));
    },
    get(id) {
      const row = byId.get(id);
      return row ? toJob(row) : undefined;
    },
  };
}

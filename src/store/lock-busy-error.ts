// A lock another holder kept past the wait (`Store.withLock`): not a failure of the store, which answered;
// someone else is working on the same thing (another replica on the same issue). Apart from StoreError on
// purpose: every StoreError turns /healthz red, and `store-locked` also means a SQLite file another process
// locked or a PostgreSQL without free connections, which are failures. The caller defers its work and
// tries again shortly (the worker: attempt given back; the sweep: the issue waits for its next run).

/** A lock held by someone else past the wait: the work waits its turn, nothing failed. */
export class LockBusyError extends Error {
  readonly code = 'lock-busy';
  /** What the lock guards, e.g. `issue #7 of acme/support`. */
  readonly what: string;
  /** How long the lock was waited for before giving up. */
  readonly waitedMs: number;
  constructor(what: string, waitedMs: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LockBusyError';
    this.what = what;
    this.waitedMs = waitedMs;
  }
}

// What can go wrong with the store, in operator terms, whatever the database under it: a code the routes,
// the worker and /healthz act on, and a message that names the store and the fix.

/** What went wrong with the store, in operator terms. */
export type StoreErrorCode =
  | 'store-locked'
  | 'store-full'
  | 'store-corrupt'
  | 'store-readonly'
  | 'store-failed'
  /** Another bot holds DATA_DIR (`data-dir-lock.ts`). */
  | 'store-in-use'
  /** The database was migrated by a newer repodesk than this one. */
  | 'store-newer'
  /** The database cannot be reached (PostgreSQL down, wrong address or credentials). */
  | 'store-unreachable';

/** A store failure: never swallowed, shown on /healthz, answered 503 to callers that must persist first. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

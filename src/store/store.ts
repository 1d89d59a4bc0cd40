// The store's one interface, whatever holds it: SQLite embedded in DATA_DIR (`sqlite-store.ts`, the default)
// or PostgreSQL shared by several replicas (`postgres-store.ts`, with DATABASE_URL). Domains (inbox, jobs,
// mail…) write their statements once, with `?` placeholders, in the SQL both understand; each domain's
// tables come with a migration list per kind of store (`StoreSchema`), applied at open.

/** A value a statement takes. */
export type SqlValue = string | number | bigint | null | Uint8Array;

/** A row as the database returns it (numbers of BIGINT columns may come back as strings: read with Number()). */
export type Row = Record<string, unknown>;

/** Where statements run. */
export interface Sql {
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, ...params: SqlValue[]): Promise<number>;
  /** The first row of a query, or undefined. */
  get(sql: string, ...params: SqlValue[]): Promise<Row | undefined>;
  all(sql: string, ...params: SqlValue[]): Promise<Row[]>;
}

/** The kinds of store. */
export type StoreKind = 'sqlite' | 'postgres';

/** A leadership held by this process until released or until its session is lost. */
export interface LeaderLock {
  /** Whether it is still held (PostgreSQL: its session answers); false once lost or released. */
  held(): Promise<boolean>;
  release(): Promise<void>;
}

export interface Store extends Sql {
  readonly kind: StoreKind;
  /** Where the data is, for messages: the SQLite file, or the PostgreSQL URL without its password. */
  readonly location: string;
  /**
   * True when no other process uses this store (SQLite behind the data folder's lock): a job found running
   * at start was left by a crash of this bot. False on PostgreSQL, where other replicas run jobs.
   */
  readonly exclusive: boolean;
  /**
   * Runs `work` in one write transaction: all of it is stored, or none. Statements of the store called while
   * `work` runs (in its async context) join the transaction, and so does a nested `transaction`, so domain
   * helpers compose; no other caller's statement runs in it.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Inside a transaction: waits until no other transaction holds `name`, and holds it until this one ends
   * (PostgreSQL: a transaction-scoped advisory lock; SQLite's write transactions are serial already).
   */
  serialize(name: string): Promise<void>;
  /**
   * Runs `work` holding the lock `key` for every process on this store, after waiting for it at most a
   * bounded time (then a LockBusyError, not a StoreError: the work is deferred). PostgreSQL: a session advisory lock
   * on a connection of its own, which the server drops if this process dies; SQLite: one process per data
   * folder uses the store, so the lock is this process's at once. `what` names it in the error.
   */
  withLock<T>(key: bigint, work: () => Promise<T>, what?: string): Promise<T>;
  /** Takes the leadership `name` if no other process holds it (SQLite: always this process's). */
  tryLeadership(name: string): Promise<LeaderLock | undefined>;
  /** Cheap read that fails when the store is unusable (for /healthz). */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** One domain's tables: its migrations for each kind of store, applied in order, each once. */
export interface StoreSchema {
  /** The domain's name in `schema_migrations`. */
  domain: string;
  /** The list only ever grows: a released migration is never edited. */
  sqlite: readonly string[];
  postgres: readonly string[];
}

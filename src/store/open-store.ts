// The bot's store: one SQLite file (node:sqlite, no native build) in DATA_DIR holding only in-flight work,
// dedupe keys and what must not be put in an issue. GitHub stays the system of record for tickets.
// Each domain (inbox, jobs, mail, sla…) adds its own tables through `migrate`, under its own name.

import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** What went wrong with the store, in operator terms. */
export type StoreErrorCode =
  | 'store-locked'
  | 'store-full'
  | 'store-corrupt'
  | 'store-readonly'
  | 'store-failed'
  /** Another bot holds DATA_DIR (`data-dir-lock.ts`). */
  | 'store-in-use';

/** A store failure: never swallowed, shown on /healthz, answered 503 to callers that must persist first. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

const sqliteCodes: Record<number, { code: StoreErrorCode; fix: string }> = {
  5: {
    code: 'store-locked',
    fix: 'another process holds the database file; stop it or give this bot its own DATA_DIR',
  },
  6: { code: 'store-locked', fix: 'a table is locked by another connection; retry later' },
  8: { code: 'store-readonly', fix: 'the database file is read-only; give the bot write access to DATA_DIR' },
  10: { code: 'store-failed', fix: 'the disk reported an I/O error; check the volume holding DATA_DIR' },
  11: {
    code: 'store-corrupt',
    fix: 'the database file is damaged; restore DATA_DIR from a backup or move the file aside',
  },
  13: {
    code: 'store-full',
    fix: 'the disk holding DATA_DIR is full; free space, nothing was accepted meanwhile',
  },
  26: {
    code: 'store-corrupt',
    fix: 'its header is damaged or it is not a SQLite database; restore it from a backup, or move it aside to start with an empty store',
  },
};

/** Turns a node:sqlite error into a StoreError whose message says what to do. */
export function toStoreError(error: unknown, file: string): StoreError {
  if (error instanceof StoreError) return error;
  const sqliteCode = (error as { errcode?: number }).errcode;
  const primary = typeof sqliteCode === 'number' ? sqliteCode & 0xff : undefined;
  const known = primary === undefined ? undefined : sqliteCodes[primary];
  const detail = error instanceof Error ? error.message : String(error);
  if (known) return new StoreError(known.code, `${file}: ${detail}; ${known.fix}`, { cause: error });
  return new StoreError('store-failed', `${file}: ${detail}`, { cause: error });
}

export interface Store {
  /** The open database; domains prepare their own statements on it. */
  readonly db: DatabaseSync;
  /** The file path, or `:memory:`. */
  readonly file: string;
  /** Runs `work` in one write transaction (BEGIN IMMEDIATE): all of it is stored, or none. */
  transaction<T>(work: () => T): T;
  /** Applies a domain's migrations in order, each once (the list only ever grows). */
  migrate(domain: string, migrations: readonly string[]): void;
  /** Cheap read that fails when the file is unusable (for /healthz). */
  check(): void;
  close(): void;
}

export interface OpenStoreOptions {
  /** Folder of the database file; omitted with `memory: true`. */
  dataDir?: string;
  /** An in-memory database: nothing survives the process (benchmarks of the cost of durability). */
  memory?: boolean;
  /** How long a write waits for a lock held by another connection. */
  busyTimeoutMs?: number;
}

/**
 * Refuses to start on a damaged file: `PRAGMA quick_check` reads every page once (0.8 s for a store of
 * 100,000 requests, 150 MB: test/bench/store-check.ts) and finds what a damaged page would otherwise turn
 * into failed jobs later, at run time.
 */
function checkIntegrity(db: DatabaseSync, file: string): void {
  const problems = db
    .prepare('PRAGMA quick_check(5)')
    .all()
    // One line: SQLite heads its findings with "*** in database main ***" and a line break.
    .map((row) =>
      String(Object.values(row)[0])
        .replace(/\*\*\* in database \w+ \*\*\*/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  if (problems.length === 1 && problems[0] === 'ok') return;
  throw new StoreError(
    'store-corrupt',
    `${file}: the integrity check (PRAGMA quick_check) found damage: ${problems.join('; ').slice(0, 300)}; restore DATA_DIR from a backup, or move the file aside to start with an empty store`,
  );
}

/** Opens (creating if needed) the store in `dataDir/repodesk.sqlite`. */
export function openStore(options: OpenStoreOptions): Store {
  let file = ':memory:';
  if (!options.memory) {
    if (!options.dataDir)
      throw new StoreError('store-failed', 'openStore: dataDir is required unless memory is true');
    fs.mkdirSync(options.dataDir, { recursive: true });
    file = path.join(options.dataDir, 'repodesk.sqlite');
  }
  let opened: DatabaseSync | undefined;
  try {
    const db = new DatabaseSync(file, { timeout: options.busyTimeoutMs ?? 5000 });
    opened = db;
    if (!options.memory) {
      db.exec('PRAGMA journal_mode = WAL');
      // FULL: an accepted request is on disk before we answer 202, even if the machine loses power.
      db.exec('PRAGMA synchronous = FULL');
    }
    db.exec('PRAGMA foreign_keys = ON');
    if (!options.memory) checkIntegrity(db, file);
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (domain TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (domain, version))',
    );
  } catch (error) {
    // A refused start leaves no connection behind (the caller may try again, or report and exit).
    if (opened?.isOpen) opened.close();
    throw toStoreError(error, file);
  }
  const db = opened;
  let depth = 0;
  const store: Store = {
    db,
    file,
    transaction<T>(work: () => T): T {
      // Nested calls join the outer transaction, so domain helpers compose.
      if (depth > 0) return work();
      try {
        db.exec('BEGIN IMMEDIATE');
      } catch (error) {
        throw toStoreError(error, file);
      }
      depth += 1;
      try {
        const result = work();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        try {
          db.exec('ROLLBACK');
        } catch {
          // The transaction is already gone (SQLite rolls back itself on some errors).
        }
        throw error instanceof Error && !('errcode' in error) ? error : toStoreError(error, file);
      } finally {
        depth -= 1;
      }
    },
    migrate(domain, migrations) {
      const applied = new Set(
        db
          .prepare('SELECT version FROM schema_migrations WHERE domain = ?')
          .all(domain)
          .map((row) => Number(row.version)),
      );
      migrations.forEach((sql, index) => {
        if (applied.has(index + 1)) return;
        store.transaction(() => {
          db.exec(sql);
          db.prepare('INSERT INTO schema_migrations (domain, version) VALUES (?, ?)').run(domain, index + 1);
        });
      });
    },
    check() {
      try {
        db.prepare('SELECT count(*) AS n FROM schema_migrations').get();
      } catch (error) {
        throw toStoreError(error, file);
      }
    },
    close() {
      if (db.isOpen) db.close();
    },
  };
  return store;
}

// The embedded store: one SQLite file (node:sqlite, no native build) in DATA_DIR, WAL, `synchronous = FULL`.
// node:sqlite is synchronous and this is one connection, so transactions take turns: while one runs (its
// work may await between statements), every other caller's statement waits for it, and statements made in
// its async context join it.

import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { applyMigrations, type MigrationConnection } from './apply-migrations.ts';
import { StoreError, type StoreErrorCode } from './store-error.ts';
import type { Row, SqlValue, Store, StoreSchema } from './store.ts';

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
export function sqliteStoreError(error: unknown, file: string): StoreError {
  if (error instanceof StoreError) return error;
  const sqliteCode = (error as { errcode?: number }).errcode;
  const primary = typeof sqliteCode === 'number' ? sqliteCode & 0xff : undefined;
  const known = primary === undefined ? undefined : sqliteCodes[primary];
  const detail = error instanceof Error ? error.message : String(error);
  if (known) return new StoreError(known.code, `${file}: ${detail}; ${known.fix}`, { cause: error });
  return new StoreError('store-failed', `${file}: ${detail}`, { cause: error });
}

/** Errors of our own code (a domain's refusal) pass through; node:sqlite's become StoreErrors. */
function mapped(error: unknown, file: string): unknown {
  return error instanceof Error && !('errcode' in error) ? error : sqliteStoreError(error, file);
}

/**
 * Refuses to start on a damaged file: `PRAGMA quick_check` reads every page once (0.8 s for a store of
 * 100,000 requests, 150 MB: test/bench/store-check.ts) and finds what a damaged page would otherwise turn
 * into failed jobs later, at run time.
 */
export function checkIntegrity(db: DatabaseSync, file: string): void {
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

export interface SqliteStoreOptions {
  /** Folder of the database file; omitted with `memory: true`. */
  dataDir?: string;
  /** An in-memory database: nothing survives the process (benchmarks of the cost of durability). */
  memory?: boolean;
  /** How long a write waits for a lock held by another connection. */
  busyTimeoutMs?: number;
  schemas: readonly StoreSchema[];
}

/** Turns in order: one holder at a time, the others wait in line. */
function createTurns() {
  let busy = false;
  const waiting: (() => void)[] = [];
  return {
    get busy() {
      return busy;
    },
    async take(): Promise<void> {
      if (!busy) {
        busy = true;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    give(): void {
      const next = waiting.shift();
      if (next) next();
      else busy = false;
    },
  };
}

/** Opens (creating if needed) the store in `dataDir/repodesk.sqlite` and applies the migrations. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
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
  } catch (error) {
    // A refused start leaves no connection behind (the caller may try again, or report and exit).
    if (opened?.isOpen) opened.close();
    throw sqliteStoreError(error, file);
  }
  const db = opened;
  const statements = new Map<string, StatementSync>();
  const prepared = (sql: string): StatementSync => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const transactions = new AsyncLocalStorage<{ open: boolean }>();
  const turns = createTurns();
  const inTransaction = () => transactions.getStore()?.open === true;
  /** Runs a statement now if this context owns the connection or nobody does; else after the others. */
  const execute = async <T>(statement: () => T): Promise<T> => {
    if (inTransaction() || !turns.busy) {
      try {
        return statement();
      } catch (error) {
        throw sqliteStoreError(error, file);
      }
    }
    await turns.take();
    try {
      return statement();
    } catch (error) {
      throw sqliteStoreError(error, file);
    } finally {
      turns.give();
    }
  };
  const migrations: MigrationConnection = {
    all: async (sql, ...params) => prepared(sql).all(...params) as Row[],
    run: async (sql, ...params) => {
      prepared(sql).run(...params);
    },
    exec: async (sql) => db.exec(sql),
  };
  try {
    await applyMigrations(migrations, {
      kind: 'sqlite',
      schemas: options.schemas,
      location: file,
      begin: 'BEGIN IMMEDIATE',
    });
  } catch (error) {
    if (db.isOpen) db.close();
    throw mapped(error, file);
  }
  const store: Store = {
    kind: 'sqlite',
    location: file,
    exclusive: true,
    run: (sql: string, ...params: SqlValue[]) => execute(() => Number(prepared(sql).run(...params).changes)),
    get: (sql: string, ...params: SqlValue[]) =>
      execute(() => prepared(sql).get(...params) as Row | undefined),
    all: (sql: string, ...params: SqlValue[]) => execute(() => prepared(sql).all(...params) as Row[]),
    async transaction<T>(work: () => Promise<T>): Promise<T> {
      // Nested calls join the outer transaction, so domain helpers compose.
      if (inTransaction()) return work();
      await turns.take();
      try {
        try {
          db.exec('BEGIN IMMEDIATE');
        } catch (error) {
          throw sqliteStoreError(error, file);
        }
        const state = { open: true };
        try {
          const result = await transactions.run(state, work);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          try {
            db.exec('ROLLBACK');
          } catch {
            // The transaction is already gone (SQLite rolls back itself on some errors).
          }
          throw mapped(error, file);
        } finally {
          state.open = false;
        }
      } finally {
        turns.give();
      }
    },
    async serialize() {
      // BEGIN IMMEDIATE already keeps every other writer out until the transaction ends.
    },
    async withLock(_key, work) {
      // One process per data folder (data-dir-lock.ts): nobody else to wait for.
      return work();
    },
    async tryLeadership() {
      // One process per data folder (data-dir-lock.ts): this one leads.
      let held = true;
      return {
        held: async () => held && db.isOpen,
        release: async () => {
          held = false;
        },
      };
    },
    async check() {
      await execute(() => db.prepare('SELECT count(*) AS n FROM schema_migrations').get());
    },
    async close() {
      if (!db.isOpen) return;
      // A transaction in progress finishes first.
      await turns.take();
      try {
        if (db.isOpen) db.close();
      } finally {
        turns.give();
      }
    },
  };
  return store;
}

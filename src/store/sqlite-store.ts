// The embedded store: one SQLite file (node:sqlite, no native build) in DATA_DIR, WAL. node:sqlite is
// synchronous and this is one connection, so transactions take turns: while one runs (its work may await
// between statements), every other caller's statement waits for it, and statements made in its async
// context join it.
// Durability: a write is on disk before its caller hears it succeeded, as with `synchronous = FULL`, but
// the fsync of the write-ahead log runs on libuv's thread pool instead of inside COMMIT on the event loop
// (`synchronous = NORMAL`, then our own fdatasync of the WAL file before the transaction's promise
// resolves). The connection is free again as soon as COMMIT returns, so the next transaction (the next
// group of form submissions) is written while the previous one's fdatasync runs, and every commit made
// meanwhile shares the next fdatasync: alone, a write is synced at once; under load, the fdatasync in
// flight is the window that groups them.
// Checkpoints (copying the WAL into the database file) run on a second connection in a worker thread
// (`wal-checkpointer.ts`), not inside COMMIT on this one (`wal_autocheckpoint = 0` once that thread is up).
// SQLite syncs the WAL before each checkpoint and the database file after it, so a checkpoint never loses
// a frame we acknowledged.

import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { applyMigrations, type MigrationConnection } from './apply-migrations.ts';
import { StoreError, type StoreErrorCode } from './store-error.ts';
import type { Row, SqlValue, Store, StoreSchema } from './store.ts';
import {
  createWalCheckpointer,
  type WalCheckpointer,
  type WalCheckpointerOptions,
} from './wal-checkpointer.ts';

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

/** A failed fdatasync of the WAL: the write is committed but may not be on disk. */
function syncError(error: unknown, file: string): StoreError {
  const detail = error instanceof Error ? error.message : String(error);
  const full = (error as NodeJS.ErrnoException).code === 'ENOSPC';
  return new StoreError(
    full ? 'store-full' : 'store-failed',
    `${file}: flushing the write-ahead log to disk failed (${detail}); ${full ? sqliteCodes[13]!.fix : sqliteCodes[10]!.fix}`,
    { cause: error },
  );
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
  /** Flushes the WAL file to disk (default `fs.fdatasync`); the store tests hold or fail it. */
  fdatasync?: (fd: number) => Promise<void>;
  /** When the WAL is checkpointed (the defaults suit the bot; the store tests make it frequent, or fail). */
  checkpoints?: WalCheckpointerOptions;
}

const fdatasync = (fd: number) =>
  new Promise<void>((resolve, reject) => fs.fdatasync(fd, (error) => (error ? reject(error) : resolve())));

/**
 * Shared fdatasync calls: each caller waits for one that began after it asked (so after its commit);
 * callers that ask while one runs share the next one.
 */
function sharedSyncs(sync: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const start = () => {
    const current: Promise<void> = sync().finally(() => {
      if (running === current) running = undefined;
    });
    running = current;
    return current;
  };
  return () => {
    if (!running) return start();
    next ??= running
      .catch(() => {})
      .then(() => {
        next = undefined;
        return start();
      });
    return next;
  };
}

/** Statements that only read: they need no fdatasync after them. */
const readOnly = /^\s*(select|pragma)\b/i;

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
      // FULL while the migrations run (they call no fdatasync of ours); NORMAL plus our own flush after.
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
  let walFd: number | undefined;
  let durable: (() => Promise<void>) | undefined;
  let checkpointer: WalCheckpointer | undefined;
  if (!options.memory) {
    try {
      db.exec('PRAGMA synchronous = NORMAL');
      // The migrations wrote through the WAL (or read it), so SQLite has made the file; it stays (same
      // inode) while this connection is open: checkpoints restart it in place, only the last close deletes it.
      walFd = fs.openSync(`${file}-wal`, 'r');
    } catch (error) {
      if (db.isOpen) db.close();
      throw sqliteStoreError(error, file);
    }
    const fd = walFd;
    const flush = options.fdatasync ?? fdatasync;
    const shared = sharedSyncs(() => flush(fd));
    durable = async () => {
      try {
        await shared();
      } catch (error) {
        throw syncError(error, file);
      }
    };
    checkpointer = createWalCheckpointer(
      {
        file,
        busyTimeoutMs: options.busyTimeoutMs ?? 5000,
        storeError: (error) => sqliteStoreError(error, file),
        // SQLite's default: a checkpoint inside the COMMIT that takes the log past 1,000 pages.
        selfCheckpoints: (on) => {
          if (db.isOpen) db.exec(`PRAGMA wal_autocheckpoint = ${on ? 1000 : 0}`);
        },
      },
      options.checkpoints,
    );
  }
  /** Runs `statement` (see execute), then, for a write outside any transaction, waits until it is on disk. */
  const written = async <T>(sql: string, statement: () => T): Promise<T> => {
    const alone = !inTransaction();
    const result = await execute(statement);
    if (alone && durable && !readOnly.test(sql)) {
      checkpointer?.committed();
      await durable();
    }
    return result;
  };
  /** Runs `work` in one transaction on the connection, in its turn; resolves once COMMIT has returned. */
  const committed = async <T>(work: () => Promise<T>): Promise<T> => {
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
        checkpointer?.committed();
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
  };
  const store: Store = {
    kind: 'sqlite',
    location: file,
    exclusive: true,
    run: (sql: string, ...params: SqlValue[]) =>
      written(sql, () => Number(prepared(sql).run(...params).changes)),
    get: (sql: string, ...params: SqlValue[]) =>
      written(sql, () => prepared(sql).get(...params) as Row | undefined),
    all: (sql: string, ...params: SqlValue[]) => written(sql, () => prepared(sql).all(...params) as Row[]),
    async transaction<T>(work: () => Promise<T>): Promise<T> {
      // Nested calls join the outer transaction, so domain helpers compose.
      if (inTransaction()) return work();
      const result = await committed(work);
      // The connection is already free for the next transaction; the caller hears of this one once it is
      // on disk.
      if (durable) await durable();
      return result;
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
      if (checkpointer?.failure) throw checkpointer.failure;
    },
    async close() {
      if (!db.isOpen) return;
      // A transaction in progress finishes first.
      await turns.take();
      try {
        // The checkpointer's connection closes first: this one, the last, checkpoints the file as it closes.
        await checkpointer?.stop();
        // A flush still running on the thread pool ends before its descriptor is closed (and reused).
        await durable?.().catch(() => {});
        if (db.isOpen) db.close();
        if (walFd !== undefined) fs.closeSync(walFd);
        walFd = undefined;
      } finally {
        turns.give();
      }
    },
  };
  return store;
}

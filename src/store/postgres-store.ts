// The shared store: PostgreSQL (DATABASE_URL), for several `repodesk serve` replicas behind a load balancer.
// A pool of connections (`pg`); a transaction holds one connection, and statements made in its async
// context run on it. Replicas coordinate through the database only: row locks (`FOR UPDATE SKIP LOCKED`,
// job-queue.ts), transaction-scoped advisory locks (`serialize`: the write budget), and session advisory
// locks for the leader (`tryLeadership`: released by PostgreSQL when the leader's connection dies), for
// migrations (a second replica starting waits for the first to finish them) and for one issue's writes
// (`withLock`: a connection of a small pool of its own, held for the work).

import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { applyMigrations, type MigrationConnection } from './apply-migrations.ts';
import { LockBusyError } from './lock-busy-error.ts';
import { StoreError, type StoreErrorCode } from './store-error.ts';
import type { LeaderLock, Row, SqlValue, Store, StoreSchema } from './store.ts';

/** The first key of every advisory lock repodesk takes (the second is the hashed name): "rd". */
const lockSpace = 0x7264;

/** The URL without its password, for messages and logs. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
    const socket = parsed.searchParams.get('host');
    return `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}${socket ? `?host=${socket}` : ''}`;
  } catch {
    return 'DATABASE_URL (not a URL)';
  }
}

const unreachableFix =
  'check DATABASE_URL (host, port, user, password, database) and that PostgreSQL is running and reachable from this machine';

const sqlStates: Record<string, { code: StoreErrorCode; fix: string }> = {
  '53100': {
    code: 'store-full',
    fix: 'the disk holding the PostgreSQL data is full; free space, nothing was accepted meanwhile',
  },
  '53300': {
    code: 'store-locked',
    fix: 'PostgreSQL has no free connection (max_connections); raise it, or run fewer replicas',
  },
  '25006': {
    code: 'store-readonly',
    fix: 'the database is read-only (a standby, or default_transaction_read_only); point DATABASE_URL at the primary',
  },
  XX001: {
    code: 'store-corrupt',
    fix: 'PostgreSQL reports damaged data; restore the database from a backup',
  },
  XX002: {
    code: 'store-corrupt',
    fix: 'PostgreSQL reports a damaged index; REINDEX it, or restore a backup',
  },
  '40P01': { code: 'store-locked', fix: 'a deadlock between replicas was broken; retry' },
  '40001': { code: 'store-locked', fix: 'a conflicting transaction of another replica won; retry' },
  '55P03': {
    code: 'store-locked',
    fix: 'a lock held by another replica was not granted in time; retry later',
  },
  '57014': { code: 'store-locked', fix: 'the statement waited longer than statement_timeout; retry later' },
  '28P01': { code: 'store-unreachable', fix: unreachableFix },
  '28000': { code: 'store-unreachable', fix: unreachableFix },
  '3D000': { code: 'store-unreachable', fix: `the database does not exist; create it or ${unreachableFix}` },
  '57P01': { code: 'store-unreachable', fix: 'PostgreSQL is shutting down; start it again' },
  '57P03': { code: 'store-unreachable', fix: 'PostgreSQL is starting or in recovery; retry in a moment' },
};

/** Whether `error` comes from the database or the connection to it (not from our own code). */
function fromDatabase(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) return true;
  const facts = error as { syscall?: unknown; message?: unknown };
  if (typeof facts?.syscall === 'string') return true;
  return (
    typeof facts?.message === 'string' &&
    /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout)/.test(
      facts.message,
    )
  );
}

/** Turns a `pg` error into a StoreError whose message names the database and the fix. */
export function postgresStoreError(error: unknown, location: string): StoreError {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: unknown }).code;
  const detail = error instanceof Error ? error.message : String(error);
  const known = typeof code === 'string' ? sqlStates[code] : undefined;
  if (known) return new StoreError(known.code, `${location}: ${detail}; ${known.fix}`, { cause: error });
  if (
    (typeof code === 'string' && (/^E[A-Z]+$/.test(code) || code.startsWith('08'))) ||
    /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/.test(
      detail,
    )
  )
    return new StoreError('store-unreachable', `${location}: ${detail}; ${unreachableFix}`, { cause: error });
  return new StoreError('store-failed', `${location}: ${detail}`, { cause: error });
}

const translations = new Map<string, string>();
/** `?` placeholders (outside quoted text) to PostgreSQL's `$1, $2…`. */
export function toPostgresPlaceholders(sql: string): string {
  let translated = translations.get(sql);
  if (translated !== undefined) return translated;
  let index = 0;
  let quoted = false;
  translated = '';
  for (const character of sql) {
    if (character === "'") quoted = !quoted;
    if (character === '?' && !quoted) {
      index += 1;
      translated += `$${index}`;
    } else translated += character;
  }
  translations.set(sql, translated);
  return translated;
}

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` (DATABASE_URL). */
  url: string;
  schemas: readonly StoreSchema[];
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** How long a statement may run or wait for a lock before it fails (default 30 s). */
  statementTimeoutMs?: number;
  /** How long connecting may take before it fails (default 10 s). */
  connectTimeoutMs?: number;
  /** How long `withLock` waits for a lock another replica holds before it gives up (`LockBusyError`; default 30 s). */
  lockWaitMs?: number;
  /** Connections kept for `withLock`, apart from the pool (default 4): locks held at once by this process. */
  lockPoolSize?: number;
  /** A connection failed while idle (PostgreSQL restarted): told, never thrown. */
  onIdleError?: (error: StoreError) => void;
}

/** A dedicated session (migrations, leadership): not from the pool, it lives as long as what it holds. */
async function openSession(options: PostgresStoreOptions, location: string, statementTimeoutMs: number) {
  const client = new pg.Client({
    connectionString: options.url,
    keepAlive: true,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    statement_timeout: statementTimeoutMs,
  });
  let lost = false;
  client.on('error', () => {
    lost = true;
  });
  client.on('end', () => {
    lost = true;
  });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw postgresStoreError(error, location);
  }
  return { client, lost: () => lost };
}

/** Connects to `options.url`, applies the migrations (one replica at a time) and returns the store. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const location = describePostgresUrl(options.url);
  const statementTimeoutMs = options.statementTimeoutMs ?? 30_000;

  // Migrations: under a session lock, so a second replica starting meanwhile waits, then finds them applied.
  const session = await openSession(options, location, 0);
  try {
    const migration: MigrationConnection = {
      all: async (sql, ...params) => (await session.client.query(toPostgresPlaceholders(sql), params)).rows,
      run: async (sql, ...params) => {
        await session.client.query(toPostgresPlaceholders(sql), params);
      },
      exec: async (sql) => {
        await session.client.query(sql);
      },
    };
    await session.client.query('SELECT pg_advisory_lock($1, hashtext($2))', [
      lockSpace,
      'repodesk:migrations',
    ]);
    await applyMigrations(migration, {
      kind: 'postgres',
      schemas: options.schemas,
      location,
      begin: 'BEGIN',
    });
  } catch (error) {
    throw error instanceof StoreError || fromDatabase(error) ? postgresStoreError(error, location) : error;
  } finally {
    // Ending the session releases the migration lock.
    await session.client.end().catch(() => undefined);
  }

  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    keepAlive: true,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    statement_timeout: statementTimeoutMs,
  });
  pool.on('error', (error) => options.onIdleError?.(postgresStoreError(error, location)));
  // Apart from the pool, so that locks held while their work waits on the tracker never starve the
  // statements of that work (or of anyone else) of connections.
  const lockWaitMs = options.lockWaitMs ?? 30_000;
  const lockPoolSize = options.lockPoolSize ?? 4;
  const lockPool = new pg.Pool({
    connectionString: options.url,
    max: lockPoolSize,
    keepAlive: true,
    connectionTimeoutMillis: lockWaitMs,
    lock_timeout: lockWaitMs,
  });
  lockPool.on('error', (error) => options.onIdleError?.(postgresStoreError(error, location)));
  const transactions = new AsyncLocalStorage<{ open: boolean; client: pg.PoolClient }>();
  const target = (): pg.Pool | pg.PoolClient => {
    const current = transactions.getStore();
    return current?.open ? current.client : pool;
  };
  const query = async (sql: string, params: SqlValue[]): Promise<pg.QueryResult> => {
    try {
      return await target().query(toPostgresPlaceholders(sql), params);
    } catch (error) {
      throw postgresStoreError(error, location);
    }
  };
  const store: Store = {
    kind: 'postgres',
    location,
    exclusive: false,
    run: async (sql: string, ...params: SqlValue[]) => (await query(sql, params)).rowCount ?? 0,
    get: async (sql: string, ...params: SqlValue[]) => (await query(sql, params)).rows[0] as Row | undefined,
    all: async (sql: string, ...params: SqlValue[]) => (await query(sql, params)).rows as Row[],
    async transaction<T>(work: () => Promise<T>): Promise<T> {
      // Nested calls join the outer transaction, so domain helpers compose.
      if (transactions.getStore()?.open) return work();
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw postgresStoreError(error, location);
      }
      const state = { open: true, client };
      let broken = false;
      try {
        try {
          await client.query('BEGIN');
        } catch (error) {
          broken = true;
          throw postgresStoreError(error, location);
        }
        const result = await transactions.run(state, work);
        try {
          await client.query('COMMIT');
        } catch (error) {
          broken = true;
          throw postgresStoreError(error, location);
        }
        return result;
      } catch (error) {
        if (!broken)
          await client.query('ROLLBACK').catch(() => {
            broken = true;
          });
        throw error;
      } finally {
        state.open = false;
        // A connection that failed is closed rather than handed to the next caller.
        client.release(broken);
      }
    },
    async serialize(name) {
      if (!transactions.getStore()?.open)
        throw new Error(`serialize("${name}") is only meaningful inside a transaction`);
      await query('SELECT pg_advisory_xact_lock(?, hashtext(?))', [lockSpace, `repodesk:${name}`]);
    },
    async withLock<T>(key: bigint, work: () => Promise<T>, what = `lock ${key}`): Promise<T> {
      const busy = (error: unknown, where: string) =>
        new LockBusyError(
          what,
          lockWaitMs,
          `${what} is busy in ${where}: not granted within ${lockWaitMs} ms; the work is deferred and tried again shortly`,
          { cause: error },
        );
      let client: pg.PoolClient;
      try {
        client = await lockPool.connect();
      } catch (error) {
        // Every lock connection busy for the whole wait: this process holds too many locks at once.
        throw /^timeout exceeded when trying to connect/.test((error as Error).message)
          ? busy(error, `this replica (it holds ${lockPoolSize} locks already)`)
          : postgresStoreError(error, location);
      }
      try {
        // A session lock (the one-key form: apart from the two-key locks above): if this process dies
        // while holding it, PostgreSQL drops it with the connection.
        await client.query('SELECT pg_advisory_lock($1)', [key]);
      } catch (error) {
        client.release(true);
        throw (error as { code?: unknown }).code === '55P03'
          ? busy(error, 'another replica')
          : postgresStoreError(error, location);
      }
      try {
        return await work();
      } finally {
        // A connection that cannot say it unlocked is closed, which unlocks.
        await client.query('SELECT pg_advisory_unlock($1)', [key]).then(
          () => client.release(),
          () => client.release(true),
        );
      }
    },
    async tryLeadership(name): Promise<LeaderLock | undefined> {
      const leader = await openSession(options, location, 10_000);
      try {
        // A leader whose machine vanished (no FIN, no RST) is noticed by the server within about 25 s.
        await leader.client.query(
          'SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3',
        );
        const { rows } = await leader.client.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS got', [
          lockSpace,
          `repodesk:leader:${name}`,
        ]);
        if (rows[0]?.got !== true) {
          await leader.client.end().catch(() => undefined);
          return undefined;
        }
      } catch (error) {
        await leader.client.end().catch(() => undefined);
        throw postgresStoreError(error, location);
      }
      let released = false;
      return {
        async held() {
          if (released || leader.lost()) return false;
          try {
            await leader.client.query('SELECT 1');
            return true;
          } catch {
            return false;
          }
        },
        async release() {
          if (released) return;
          released = true;
          // Ending the session releases its advisory locks.
          await leader.client.end().catch(() => undefined);
        },
      };
    },
    async check() {
      await query('SELECT 1', []);
    },
    async close() {
      if (pool.ending) return;
      await Promise.all([pool.end(), lockPool.end()]);
    },
  };
  return store;
}

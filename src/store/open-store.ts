// Opens the bot's store: PostgreSQL when a DATABASE_URL is given (several replicas share it), else one
// SQLite file in DATA_DIR (the embedded default). Both hold only in-flight work, dedupe keys and what must
// not be put in an issue; GitHub stays the system of record for tickets. Every domain's tables are
// migrated here, at open, from the list in store-schemas.ts.

import { openPostgresStore } from './postgres-store.ts';
import { openSqliteStore, sqliteStoreError } from './sqlite-store.ts';
import { storeSchemas } from './store-schemas.ts';
import { StoreError } from './store-error.ts';
import type { Store, StoreSchema } from './store.ts';

export { StoreError } from './store-error.ts';
export type { Store, StoreSchema } from './store.ts';

/** Turns a node:sqlite error into a StoreError whose message says what to do. */
export const toStoreError = sqliteStoreError;

export interface OpenStoreOptions {
  /** PostgreSQL instead of SQLite: `postgres://user:password@host:port/database`. */
  databaseUrl?: string;
  /** Folder of the SQLite file; omitted with `memory: true` or a `databaseUrl`. */
  dataDir?: string;
  /** An in-memory SQLite database: nothing survives the process (benchmarks of the cost of durability). */
  memory?: boolean;
  /** SQLite: how long a write waits for a lock held by another connection. */
  busyTimeoutMs?: number;
  /** PostgreSQL: connections in this process's pool (default 10). */
  poolSize?: number;
  /** PostgreSQL: how long `withLock` waits for a lock another replica holds (default 30 s). */
  lockWaitMs?: number;
  /** PostgreSQL: a pooled connection failed while idle (the server restarted), for /healthz. */
  onIdleError?: (error: StoreError) => void;
  /** The domains' tables (default: all of them). */
  schemas?: readonly StoreSchema[];
}

/** Opens (creating and migrating if needed) the store. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const schemas = options.schemas ?? storeSchemas;
  if (options.databaseUrl)
    return openPostgresStore({
      url: options.databaseUrl,
      schemas,
      ...(options.poolSize ? { poolSize: options.poolSize } : {}),
      ...(options.lockWaitMs === undefined ? {} : { lockWaitMs: options.lockWaitMs }),
      ...(options.onIdleError ? { onIdleError: options.onIdleError } : {}),
    });
  return openSqliteStore({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.memory ? { memory: true } : {}),
    ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
    schemas,
  });
}

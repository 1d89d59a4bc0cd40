// Whether the store a deployment points at is reachable and migrated, without changing it: `repodesk
// doctor`'s database check. PostgreSQL (DATABASE_URL) or the SQLite file in DATA_DIR (which must also
// pass its integrity check). Migrations not applied yet are fine: repodesk serve applies them at start;
// a database migrated by a newer repodesk is not.

import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { readMigrations, type MigrationConnection } from './apply-migrations.ts';
import { describePostgresUrl, postgresStoreError, toPostgresPlaceholders } from './postgres-store.ts';
import { checkIntegrity, sqliteStoreError } from './sqlite-store.ts';
import type { StoreErrorCode } from './store-error.ts';
import { storeSchemas } from './store-schemas.ts';
import type { Row, StoreKind, StoreSchema } from './store.ts';

/** What the check found: ok, or one problem with its fix. */
export type DatabaseCheck =
  | { ok: true; kind: StoreKind; location: string; found: string }
  | { ok: false; kind: StoreKind; location: string; code: StoreErrorCode; found: string; fix: string };

function verdict(
  location: string,
  kind: StoreKind,
  reached: string,
  found: { newer: string[]; missing: string[] },
): DatabaseCheck {
  if (found.newer.length > 0)
    return {
      ok: false,
      location,
      kind,
      code: 'store-newer',
      found: `${location}: the database was migrated by a newer repodesk (${found.newer.join(', ')})`,
      fix: 'run that version of repodesk (upgrade this one, on every replica), or restore a backup taken before the upgrade',
    };
  return {
    ok: true,
    location,
    kind,
    found:
      found.missing.length === 0
        ? `${reached}, every migration applied`
        : `${reached}; repodesk serve applies the missing migrations at its next start (${found.missing.join(', ')})`,
  };
}

const unreachableFix =
  'check DATABASE_URL (host, port, user, password, database) and that PostgreSQL is running and reachable from this machine';

/**
 * Checks the store of `databaseUrl` (PostgreSQL) or else of `dataDir` (SQLite), read-only: reachable (the
 * SQLite file intact), no migration newer than this repodesk.
 */
export async function checkDatabase(
  options: { databaseUrl?: string; dataDir?: string },
  schemas: readonly StoreSchema[] = storeSchemas,
): Promise<DatabaseCheck> {
  if (options.databaseUrl) {
    const location = describePostgresUrl(options.databaseUrl);
    const client = new pg.Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 10_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const connection: MigrationConnection = {
        all: async (sql, ...params) =>
          (await client.query(toPostgresPlaceholders(sql), params)).rows as Row[],
        run: async () => undefined,
        exec: async () => undefined,
      };
      return verdict(
        location,
        'postgres',
        `${location} is reachable`,
        await readMigrations(connection, schemas, 'postgres'),
      );
    } catch (error) {
      const failure = postgresStoreError(error, location);
      return {
        ok: false,
        location,
        kind: 'postgres',
        code: failure.code,
        found: failure.message,
        fix: failure.code === 'store-unreachable' ? unreachableFix : 'see the message above',
      };
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const dataDir = options.dataDir ?? '.data';
  const file = path.join(dataDir, 'repodesk.sqlite');
  if (!fs.existsSync(file)) {
    try {
      fs.mkdirSync(dataDir, { recursive: true });
      fs.accessSync(dataDir, fs.constants.W_OK);
    } catch (error) {
      return {
        ok: false,
        location: file,
        kind: 'sqlite',
        code: 'store-readonly',
        found: `${dataDir} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        fix: 'give the bot write access to DATA_DIR, or point DATA_DIR at a folder it may write',
      };
    }
    return {
      ok: true,
      location: file,
      kind: 'sqlite',
      found: `no store yet in ${dataDir}: repodesk serve creates ${file} at its first start`,
    };
  }
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { readOnly: true, timeout: 5000 });
    checkIntegrity(db, file);
    const opened = db;
    const connection: MigrationConnection = {
      all: async (sql, ...params) => opened.prepare(sql).all(...params) as Row[],
      run: async () => undefined,
      exec: async () => undefined,
    };
    return verdict(
      file,
      'sqlite',
      `${file} opens, passes its integrity check`,
      await readMigrations(connection, schemas, 'sqlite'),
    );
  } catch (error) {
    const failure = sqliteStoreError(error, file);
    return {
      ok: false,
      location: file,
      kind: 'sqlite',
      code: failure.code,
      found: failure.message,
      fix: 'restore DATA_DIR from a backup, or move the file aside: repodesk serve starts with an empty store',
    };
  } finally {
    if (db?.isOpen) db.close();
  }
}

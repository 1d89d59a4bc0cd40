// Versioned migrations, the same way on both stores: `schema_migrations` records each domain's applied
// versions; at open every missing one runs in its own transaction with its record, in order. A database a
// newer repodesk migrated (a version or a domain this code does not know) is refused in one line before
// anything is touched, so an older replica never runs on a schema it does not understand.

import { StoreError } from './store-error.ts';
import type { Row, SqlValue, StoreKind, StoreSchema } from './store.ts';

/** The one connection migrations run on (PostgreSQL: the one holding the migration lock). */
export interface MigrationConnection {
  all(sql: string, ...params: SqlValue[]): Promise<Row[]>;
  run(sql: string, ...params: SqlValue[]): Promise<void>;
  /** Runs one or more statements that take no parameter. */
  exec(sql: string): Promise<void>;
}

/** What applying found and did. */
export interface MigrationOutcome {
  /** Migrations run now, as `domain@version`. */
  applied: string[];
}

const createTable =
  'CREATE TABLE IF NOT EXISTS schema_migrations (domain TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (domain, version))';

/** Domain → versions applied. */
async function appliedVersions(connection: MigrationConnection): Promise<Map<string, Set<number>>> {
  const applied = new Map<string, Set<number>>();
  for (const row of await connection.all('SELECT domain, version FROM schema_migrations')) {
    const domain = String(row.domain);
    const versions = applied.get(domain) ?? new Set<number>();
    versions.add(Number(row.version));
    applied.set(domain, versions);
  }
  return applied;
}

/**
 * What the database holds that this code does not know, e.g. `jobs at version 5 (this repodesk knows 3)`;
 * empty when the code knows all of it.
 */
function newerThanCode(
  applied: ReadonlyMap<string, ReadonlySet<number>>,
  schemas: readonly StoreSchema[],
  kind: StoreKind,
): string[] {
  const found: string[] = [];
  for (const [domain, versions] of applied) {
    const schema = schemas.find((candidate) => candidate.domain === domain);
    const highest = Math.max(...versions);
    if (!schema) found.push(`${domain} at version ${highest} (unknown to this repodesk)`);
    else if (highest > schema[kind].length)
      found.push(`${domain} at version ${highest} (this repodesk knows ${schema[kind].length})`);
  }
  return found;
}

/** The one-line refusal of a database newer than the code. */
function newerDatabaseError(location: string, newer: readonly string[]): StoreError {
  return new StoreError(
    'store-newer',
    `${location}: the database was migrated by a newer repodesk (${newer.join(', ')}); run that version of repodesk (upgrade this one, on every replica), or restore a backup taken before the upgrade`,
  );
}

/** Reads what is applied without changing anything (for `checkDatabase`). */
export async function readMigrations(
  connection: MigrationConnection,
  schemas: readonly StoreSchema[],
  kind: StoreKind,
): Promise<{ newer: string[]; missing: string[] }> {
  const tables = await connection.all(
    kind === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
      : "SELECT to_regclass('schema_migrations') AS name",
  );
  const exists = tables.length > 0 && tables[0]?.name !== null && tables[0]?.name !== undefined;
  const applied = exists ? await appliedVersions(connection) : new Map<string, Set<number>>();
  const missing: string[] = [];
  for (const schema of schemas) {
    const versions = applied.get(schema.domain);
    const absent = schema[kind].filter((_sql, index) => !versions?.has(index + 1)).length;
    if (absent > 0) missing.push(`${schema.domain} (${absent} of ${schema[kind].length})`);
  }
  return { newer: newerThanCode(applied, schemas, kind), missing };
}

/** Applies every missing migration of `schemas`, each with its record in one transaction. */
export async function applyMigrations(
  connection: MigrationConnection,
  options: { kind: StoreKind; schemas: readonly StoreSchema[]; location: string; begin: string },
): Promise<MigrationOutcome> {
  await connection.exec(createTable);
  const applied = await appliedVersions(connection);
  const newer = newerThanCode(applied, options.schemas, options.kind);
  if (newer.length > 0) throw newerDatabaseError(options.location, newer);
  const outcome: MigrationOutcome = { applied: [] };
  for (const schema of options.schemas) {
    const versions = applied.get(schema.domain);
    for (const [index, sql] of schema[options.kind].entries()) {
      const version = index + 1;
      if (versions?.has(version)) continue;
      await connection.exec(options.begin);
      try {
        await connection.exec(sql);
        await connection.run(
          'INSERT INTO schema_migrations (domain, version) VALUES (?, ?)',
          schema.domain,
          version,
        );
        await connection.exec('COMMIT');
      } catch (error) {
        await connection.exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
      outcome.applied.push(`${schema.domain}@${version}`);
    }
  }
  return outcome;
}

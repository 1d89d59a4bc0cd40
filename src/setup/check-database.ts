// The doctor's database check: the one place the store's own check plugs in. Today the embedded SQLite
// store (store/open-store.ts): the file opens, passes its integrity check and holds the migrations table.
// When the PostgreSQL store lands (DATABASE_URL), its reachability and migration check answers here.

import fs from 'node:fs';
import path from 'node:path';
import { openStore } from '../store/open-store.ts';

export interface DatabaseCheck {
  ok: boolean;
  found: string;
  fix?: string;
}

/** Opens the store of `dataDir` read for a moment, as `repodesk serve` does at start, and closes it. */
export function checkDatabase(dataDir: string): DatabaseCheck {
  const file = path.join(dataDir, 'repodesk.sqlite');
  if (!fs.existsSync(file)) {
    try {
      fs.mkdirSync(dataDir, { recursive: true });
      fs.accessSync(dataDir, fs.constants.W_OK);
    } catch (error) {
      return {
        ok: false,
        found: `${dataDir} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        fix: 'give the bot write access to DATA_DIR, or point DATA_DIR at a folder it may write',
      };
    }
    return {
      ok: true,
      found: `no store yet in ${dataDir}: repodesk serve creates ${file} at its first start`,
    };
  }
  try {
    const store = openStore({ dataDir });
    try {
      store.check();
      const domains = store.db
        .prepare('SELECT domain, max(version) AS version FROM schema_migrations GROUP BY domain')
        .all();
      return {
        ok: true,
        found: `${file} opens, passes its integrity check, ${domains.length} domains migrated`,
      };
    } finally {
      store.close();
    }
  } catch (error) {
    return {
      ok: false,
      found: error instanceof Error ? error.message : String(error),
      fix: 'restore DATA_DIR from a backup, or move the file aside: repodesk serve starts with an empty store',
    };
  }
}

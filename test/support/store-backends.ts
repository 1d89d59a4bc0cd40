// The store implementations a contract test runs over: SQLite always, PostgreSQL when its programs are
// installed (else one skip line; under CI=true the file fails). Each gives fresh empty databases.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { postgresPrograms, startPostgres } from './postgres-server.ts';

export interface StoreBackend {
  name: 'SQLite' | 'PostgreSQL';
  /** A new empty database: a folder (SQLite) or a URL (PostgreSQL). */
  fresh(): Promise<string>;
  open(location: string): Promise<Store>;
  stop(): Promise<void>;
}

function sqliteBackend(): StoreBackend {
  const dirs: string[] = [];
  return {
    name: 'SQLite',
    async fresh() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-store-'));
      dirs.push(dir);
      return dir;
    },
    open: (dataDir) => openStore({ dataDir }),
    async stop() {
      for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** SQLite, and PostgreSQL (a private cluster started now) when installed; `file` names the asking test. */
export async function storeBackends(file: string): Promise<StoreBackend[]> {
  const backends = [sqliteBackend()];
  const programs = postgresPrograms(file);
  if (!programs) return backends;
  const server = await startPostgres(programs);
  backends.push({
    name: 'PostgreSQL',
    fresh: () => server.createDatabase(),
    open: (databaseUrl) => openStore({ databaseUrl }),
    stop: () => server.stop(),
  });
  return backends;
}

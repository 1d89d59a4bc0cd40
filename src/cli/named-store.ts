// The bot's store for a command that reads or adds to it only when the environment names it: DATABASE_URL's
// PostgreSQL, else DATA_DIR's SQLite file. Without either (GitHub Actions), none: opening a default
// folder would create an empty store that the bot never reads.

import { openStore, type Store } from '../store/open-store.ts';

/** The store `env` names, opened (and migrated), or undefined when it names none. */
export async function openNamedStore(env: NodeJS.ProcessEnv): Promise<Store | undefined> {
  if (env.DATABASE_URL) return openStore({ databaseUrl: env.DATABASE_URL });
  if (env.DATA_DIR) return openStore({ dataDir: env.DATA_DIR });
  return undefined;
}

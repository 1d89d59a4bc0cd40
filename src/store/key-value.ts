// Small persisted values a domain needs across restarts (round-robin position, GitHub pause, caches),
// each stored as JSON under a namespaced key. On PostgreSQL every replica reads and writes the same values.

import type { Store, StoreSchema } from './store.ts';

export interface KeyValue {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

export const keyValueSchema: StoreSchema = {
  domain: 'key-value',
  sqlite: ['CREATE TABLE key_value (key TEXT PRIMARY KEY, value TEXT NOT NULL)'],
  postgres: ['CREATE TABLE key_value (key TEXT PRIMARY KEY, value TEXT NOT NULL)'],
};

const read = 'SELECT value FROM key_value WHERE key = ?';
const write =
  'INSERT INTO key_value (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value';

/** The key-value table of `store` (made by `keyValueSchema` when the store opens). */
export function openKeyValue(store: Store): KeyValue {
  return {
    async get<T>(key: string) {
      const row = await store.get(read, key);
      return row ? (JSON.parse(String(row.value)) as T) : undefined;
    },
    async set(key, value) {
      await store.run(write, key, JSON.stringify(value));
    },
  };
}

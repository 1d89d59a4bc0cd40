// Small persisted values a domain needs across restarts (round-robin position, GitHub pause, caches),
// each stored as JSON under a namespaced key.

import type { Store } from './open-store.ts';

export interface KeyValue {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

/** Opens the key-value table of `store`. */
export function openKeyValue(store: Store): KeyValue {
  store.migrate('key-value', ['CREATE TABLE key_value (key TEXT PRIMARY KEY, value TEXT NOT NULL)']);
  const read = store.db.prepare('SELECT value FROM key_value WHERE key = ?');
  const write = store.db.prepare(
    'INSERT INTO key_value (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  return {
    get<T>(key: string) {
      const row = read.get(key);
      return row ? (JSON.parse(String(row.value)) as T) : undefined;
    },
    set(key, value) {
      write.run(key, JSON.stringify(value));
    },
  };
}

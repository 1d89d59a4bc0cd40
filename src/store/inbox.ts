// The durable inbox: every accepted input (form submission, webhook delivery, email) is written with
// its dedupe key before the HTTP answer. A second delivery with the same key changes nothing and gets
// the first one's result back (a double click returns the same reference).

import type { Store } from './open-store.ts';

/** The channel an input arrived by; dedupe keys are unique per source. */
export type InboxSource = 'form' | 'github' | 'email' | (string & {});

export interface InboxEntry {
  id: number;
  source: InboxSource;
  dedupeKey: string;
  receivedAt: number;
  payload: unknown;
  result: unknown;
}

export interface Accepted<R> {
  /** What the first acceptance returned (e.g. `{ ref }`). */
  result: R;
  /** True when this key was seen before and nothing new was stored. */
  duplicate: boolean;
  /**
   * For a duplicate: whether its payload is the stored one (same content, keys in any order). A key sent
   * again with other content is not a retry: callers refuse it rather than hand back the first result.
   */
  samePayload: boolean;
  inboxId: number;
}

export interface Inbox {
  /**
   * Stores `payload` under `(source, dedupeKey)` and runs `onNew` in the same transaction (it enqueues
   * the job and returns the result to remember). A known key returns the stored result instead.
   */
  accept<R>(
    input: { source: InboxSource; dedupeKey: string; payload: unknown; now: number },
    onNew: (inboxId: number) => R,
  ): Accepted<R>;
  get(id: number): InboxEntry | undefined;
  /** Whether `(source, dedupeKey)` was already accepted (a retry of an accepted input). */
  has(source: InboxSource, dedupeKey: string): boolean;
  /** Inputs received, per source (for /metrics). */
  countBySource(): Record<string, number>;
}

const migrations = [
  `CREATE TABLE inbox (
     id INTEGER PRIMARY KEY,
     source TEXT NOT NULL,
     dedupe_key TEXT NOT NULL,
     received_at INTEGER NOT NULL,
     payload TEXT NOT NULL,
     result TEXT,
     UNIQUE (source, dedupe_key)
   )`,
];

/** JSON with object keys sorted, so that two equal payloads compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/** Opens the inbox tables of `store`. */
export function openInbox(store: Store): Inbox {
  store.migrate('inbox', migrations);
  const find = store.db.prepare('SELECT id, result FROM inbox WHERE source = ? AND dedupe_key = ?');
  const insert = store.db.prepare(
    'INSERT INTO inbox (source, dedupe_key, received_at, payload) VALUES (?, ?, ?, ?) RETURNING id',
  );
  const setResult = store.db.prepare('UPDATE inbox SET result = ? WHERE id = ?');
  const byId = store.db.prepare('SELECT * FROM inbox WHERE id = ?');
  const counts = store.db.prepare('SELECT source, count(*) AS n FROM inbox GROUP BY source');
  return {
    accept(input, onNew) {
      return store.transaction(() => {
        const existing = find.get(input.source, input.dedupeKey);
        if (existing) {
          const stored = byId.get(Number(existing.id));
          return {
            result: JSON.parse(String(existing.result ?? 'null')),
            duplicate: true,
            samePayload:
              canonicalJson(JSON.parse(String(stored?.payload ?? 'null'))) === canonicalJson(input.payload),
            inboxId: Number(existing.id),
          };
        }
        const row = insert.get(input.source, input.dedupeKey, input.now, JSON.stringify(input.payload));
        const inboxId = Number(row?.id);
        const result = onNew(inboxId);
        setResult.run(JSON.stringify(result ?? null), inboxId);
        return { result, duplicate: false, samePayload: true, inboxId };
      });
    },
    get(id) {
      const row = byId.get(id);
      if (!row) return undefined;
      return {
        id: Number(row.id),
        source: String(row.source),
        dedupeKey: String(row.dedupe_key),
        receivedAt: Number(row.received_at),
        payload: JSON.parse(String(row.payload)),
        result: JSON.parse(String(row.result ?? 'null')),
      };
    },
    has(source, dedupeKey) {
      return find.get(source, dedupeKey) !== undefined;
    },
    countBySource() {
      const out: Record<string, number> = {};
      for (const row of counts.all()) out[String(row.source)] = Number(row.n);
      return out;
    },
  };
}

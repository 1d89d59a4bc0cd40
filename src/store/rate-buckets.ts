// Token buckets kept in the store, for rate limits several replicas share (on PostgreSQL a client spreading
// its requests over replicas meets one bucket). One statement per request: the refill, the take and the
// answer computed by the database, so two replicas taking from one bucket at once never both get its last
// token. On PostgreSQL the table is UNLOGGED: losing it in a crash only grants a fresh burst (as a restart
// of an in-memory limiter does), and its writes cost no WAL flush.

import type { Store, StoreSchema } from './store.ts';

/** What a take answers (the same shape as http/rate-limiter.ts's decision). */
export type BucketDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface RateBuckets {
  /** Takes a token from bucket `key` (`burst` tokens, one regained every `refillMs`) at `now`. */
  take(key: string, limit: { burst: number; refillMs: number }, now: number): Promise<BucketDecision>;
  /** Forgets buckets untouched since `before` (full again by then); returns how many. */
  prune(before: number): Promise<number>;
}

export const rateBucketsSchema: StoreSchema = {
  domain: 'rate-buckets',
  sqlite: [
    'CREATE TABLE rate_buckets (key TEXT PRIMARY KEY, tokens REAL NOT NULL, at INTEGER NOT NULL, refill_ms REAL NOT NULL, allowed INTEGER NOT NULL)',
  ],
  postgres: [
    'CREATE UNLOGGED TABLE rate_buckets (key TEXT PRIMARY KEY, tokens DOUBLE PRECISION NOT NULL, at BIGINT NOT NULL, refill_ms DOUBLE PRECISION NOT NULL, allowed INTEGER NOT NULL)',
  ],
};

// The new row carries the limit: `excluded.tokens + 1` is the burst, `excluded.refill_ms` the refill time,
// `excluded.at` now. Time never runs backwards for a bucket (replicas' clocks differ by a little).
const elapsed = '(CASE WHEN excluded.at > b.at THEN excluded.at - b.at ELSE 0 END)';
const grown = `b.tokens + ${elapsed} / excluded.refill_ms`;
const refilled = `(CASE WHEN ${grown} > excluded.tokens + 1 THEN excluded.tokens + 1 ELSE ${grown} END)`;
const take = `INSERT INTO rate_buckets AS b (key, tokens, at, refill_ms, allowed) VALUES (?, ?, ?, ?, 1)
  ON CONFLICT (key) DO UPDATE SET
    tokens = CASE WHEN ${refilled} >= 1 THEN ${refilled} - 1 ELSE ${refilled} END,
    allowed = CASE WHEN ${refilled} >= 1 THEN 1 ELSE 0 END,
    at = CASE WHEN excluded.at > b.at THEN excluded.at ELSE b.at END,
    refill_ms = excluded.refill_ms
  RETURNING tokens, allowed`;
const prune = 'DELETE FROM rate_buckets WHERE at < ?';

/** The rate buckets of `store` (made by `rateBucketsSchema` when the store opens). */
export function openRateBuckets(store: Store): RateBuckets {
  return {
    async take(key, limit, now) {
      const row = await store.get(take, key, limit.burst - 1, now, limit.refillMs);
      if (Number(row?.allowed) === 1) return { allowed: true };
      const tokens = Number(row?.tokens ?? 0);
      return { allowed: false, retryAfterMs: Math.ceil((1 - tokens) * limit.refillMs) };
    },
    prune(before) {
      return store.run(prune, before);
    },
  };
}

// Per-key token buckets in memory (per IP, per email address), for one bot on SQLite. Persisting them is not
// needed: a restart that forgets who sent what only grants a fresh burst, and the write budget still bounds
// GitHub writes. Replicas on PostgreSQL share buckets kept in the database instead (store/rate-buckets.ts),
// behind the same interface.

export interface RateLimit {
  /** Requests allowed at once. */
  burst: number;
  /** One request regained every `refillMs`. */
  refillMs: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface RateLimiter {
  take(key: string, now: number): Promise<RateDecision>;
}

/** Creates a limiter holding at most `maxKeys` buckets (the least recently used are forgotten first). */
export function createRateLimiter(limit: RateLimit, maxKeys = 50_000): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    async take(key, now) {
      const bucket = buckets.get(key) ?? { tokens: limit.burst, at: now };
      buckets.delete(key);
      // Time never runs backwards for a bucket: a clock stepped back (NTP) grants nothing and takes nothing,
      // where a negative refill would lock the client out for as long as the step (as store/rate-buckets.ts).
      const elapsed = Math.max(0, now - bucket.at);
      bucket.tokens = Math.min(limit.burst, bucket.tokens + elapsed / limit.refillMs);
      bucket.at = Math.max(bucket.at, now);
      buckets.set(key, bucket);
      if (buckets.size > maxKeys) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) * limit.refillMs) };
    },
  };
}

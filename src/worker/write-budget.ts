// GitHub's content-creation limits (about 80 a minute and 500 an hour per installation) bound how fast
// tickets can be written. The budget keeps a log of our own writes in the store (a restart does not
// reset it; replicas on PostgreSQL share it) and allows a write only when every window still has room. A sliding log rather than a token
// bucket: a bucket of 500 refilling 500/h lets up to 1,000 through in one rolling hour; the log cannot.

import type { Store } from '../store/store.ts';
import { openWriteLog } from '../store/write-log.ts';

/** A limit: at most `max` writes in any window of `windowMs`. */
export interface WriteLimit {
  max: number;
  windowMs: number;
}

/** GitHub's documented content-creation limits. */
export const githubContentLimits: readonly WriteLimit[] = [
  { max: 80, windowMs: 60_000 },
  { max: 500, windowMs: 3_600_000 },
];

/** The earliest time at or after `now` when one more write fits every limit (pure). */
export function nextWriteAt(writes: readonly number[], now: number, limits: readonly WriteLimit[]): number {
  let at = now;
  for (const limit of limits) {
    const recent = writes.filter((time) => time > now - limit.windowMs).sort((a, b) => a - b);
    if (recent.length >= limit.max) {
      // The oldest write that must leave the window before there is room again.
      const leaving = recent[recent.length - limit.max] ?? now;
      at = Math.max(at, leaving + limit.windowMs);
    }
  }
  return at;
}

export interface WriteBudget {
  /**
   * Takes `count` writes now if they fit (recorded durably, and on PostgreSQL counted against every
   * replica's writes); else returns when to try again.
   */
  take(now: number, count?: number): Promise<{ granted: true } | { granted: false; retryAt: number }>;
  /** Writes recorded in the last `windowMs` (for /metrics). */
  used(now: number, windowMs: number): Promise<number>;
  readonly limits: readonly WriteLimit[];
}

/** Opens the persisted write log of `store` under `limits`. */
export function openWriteBudget(
  store: Store,
  limits: readonly WriteLimit[] = githubContentLimits,
): WriteBudget {
  const log = openWriteLog(store);
  const longest = Math.max(...limits.map((limit) => limit.windowMs));
  return {
    limits,
    take(now, writes = 1) {
      return log.claim<{ granted: true } | { granted: false; retryAt: number }>(now, longest, (recent) => {
        const taken = [...recent];
        for (let index = 0; index < writes; index += 1) {
          const at = nextWriteAt(taken, now, limits);
          if (at > now) return { record: 0, result: { granted: false, retryAt: at } };
          taken.push(now);
        }
        return { record: writes, result: { granted: true } };
      });
    },
    used(now, windowMs) {
      return log.countSince(now - windowMs);
    },
  };
}

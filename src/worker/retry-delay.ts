// When to try a failed job again: exponential backoff with jitter, but never sooner than GitHub said
// (`retry-after`, `x-ratelimit-reset`), and at least a minute after a rate limit that gave no time.

/** What the worker reads from a failure (a TrackerError, a mail error, anything with these fields). */
export interface FailureFacts {
  code?: string;
  retryAfterMs?: number;
}

export interface RetryPolicy {
  /** First delay; doubles with each attempt. */
  baseMs: number;
  /** Longest delay between two attempts. */
  capMs: number;
  /** Attempts after which the job is dead-lettered. */
  maxAttempts: number;
}

/** 2 s, 4 s, 8 s … capped at 30 min; 20 attempts span about six hours (GitHub down for two hours is survived). */
export const defaultRetryPolicy: RetryPolicy = { baseMs: 2000, capMs: 30 * 60_000, maxAttempts: 20 };

/** Codes of failures that another attempt cannot fix: the job is dead-lettered at once. */
export const permanentCodes: ReadonlySet<string> = new Set(['validation', 'not-found', 'gone']);

/** Delay before attempt `attempt + 1` (pure; `random` in [0, 1) gives the jitter). */
export function retryDelay(
  attempt: number,
  failure: FailureFacts,
  policy: RetryPolicy,
  random: number,
): number {
  const exponential = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  // "Equal jitter": half fixed, half random, so retries spread out but never collapse to zero.
  const backoff = exponential / 2 + (random * exponential) / 2;
  if (failure.retryAfterMs !== undefined && failure.retryAfterMs >= 0) {
    // Obey GitHub's own time; a little jitter so queued jobs do not all fire at the same millisecond.
    return failure.retryAfterMs + Math.floor(random * 1000);
  }
  if (failure.code === 'rate-limited') return Math.max(60_000, backoff);
  return backoff;
}

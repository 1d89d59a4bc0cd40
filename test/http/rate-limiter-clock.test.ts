// A clock stepped back (an NTP correction, a VM resumed) must not lock a client out: the in-memory limiter
// behaves as the PostgreSQL buckets do, time never running backwards for a bucket.
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/http/rate-limiter.ts';

const limit = { burst: 2, refillMs: 1_000 };

describe('rate limiter when the clock goes backwards', () => {
  it('a step back of 5 s neither refills nor drains: the next token comes one refill later, as before the step', async () => {
    const limiter = createRateLimiter(limit);
    expect(await limiter.take('client', 10_000)).toEqual({ allowed: true });
    expect(await limiter.take('client', 10_000)).toEqual({ allowed: true });
    expect(await limiter.take('client', 5_000)).toEqual({ allowed: false, retryAfterMs: 1_000 });
    // One refill after the step back (measured from the latest instant the bucket saw), a token is back.
    expect(await limiter.take('client', 11_000)).toEqual({ allowed: true });
  });

  it.each([1_000, 60_000, 3_600_000])(
    'after a step back of %i ms a full bucket still allows its burst',
    async (step) => {
      const limiter = createRateLimiter(limit);
      const start = 10_000_000;
      expect(await limiter.take('client', start)).toEqual({ allowed: true });
      // Refilled while the clock read later, then the clock is set back.
      expect(await limiter.take('client', start + 5_000)).toEqual({ allowed: true });
      expect(await limiter.take('client', start + 5_000 - step)).toEqual({ allowed: true });
      expect(await limiter.take('client', start + 5_000 - step)).toEqual({
        allowed: false,
        retryAfterMs: 1_000,
      });
    },
  );
});

import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { githubContentLimits, nextWriteAt, openWriteBudget } from '../../src/worker/write-budget.ts';
import { defaultRetryPolicy, retryDelay } from '../../src/worker/retry-delay.ts';

describe('write budget', () => {
  it.each([
    { name: 'an empty log allows a write now', writes: [], now: 1000, expected: 1000 },
    {
      name: '80 writes in the last minute wait for the oldest to leave',
      writes: Array.from({ length: 80 }, (_, i) => 10_000 + i),
      now: 20_000,
      expected: 70_000,
    },
    {
      name: '79 writes in the last minute leave room',
      writes: Array.from({ length: 79 }, (_, i) => 10_000 + i),
      now: 20_000,
      expected: 20_000,
    },
    {
      name: '500 writes in the last hour wait for the hour window',
      writes: Array.from({ length: 500 }, (_, i) => i * 6000),
      now: 3_000_000,
      expected: 3_600_000,
    },
  ])('$name', ({ writes, now, expected }) => {
    expect(nextWriteAt(writes, now, githubContentLimits)).toBe(expected);
  });

  it('never lets more than 80 a minute or 500 an hour through, and a reopen does not reset it', async () => {
    const store = await openStore({ memory: true });
    let budget = openWriteBudget(store);
    const granted: number[] = [];
    for (let now = 0; now < 2 * 3_600_000; now += 250) {
      if (now === 1_800_000) budget = openWriteBudget(store);
      if ((await budget.take(now)).granted) granted.push(now);
    }
    for (const start of granted) {
      expect(granted.filter((t) => t >= start && t < start + 60_000).length).toBeLessThanOrEqual(80);
      expect(granted.filter((t) => t >= start && t < start + 3_600_000).length).toBeLessThanOrEqual(500);
    }
    expect(granted.length).toBe(1000);
  });
});

describe('retry delay', () => {
  it.each([
    {
      name: 'obeys retry-after',
      attempt: 1,
      failure: { code: 'rate-limited', retryAfterMs: 30_000 },
      min: 30_000,
      max: 31_000,
    },
    {
      name: 'waits at least a minute on a rate limit without a time',
      attempt: 1,
      failure: { code: 'rate-limited' },
      min: 60_000,
      max: 60_000,
    },
    {
      name: 'backs off exponentially on an outage',
      attempt: 4,
      failure: { code: 'unavailable' },
      min: 8000,
      max: 16_000,
    },
    { name: 'caps the delay', attempt: 30, failure: { code: 'unavailable' }, min: 900_000, max: 1_800_000 },
  ])('$name', ({ attempt, failure, min, max }) => {
    for (const random of [0, 0.5, 0.999]) {
      const delay = retryDelay(attempt, failure, defaultRetryPolicy, random);
      expect(delay).toBeGreaterThanOrEqual(min);
      expect(delay).toBeLessThanOrEqual(max);
    }
  });
});

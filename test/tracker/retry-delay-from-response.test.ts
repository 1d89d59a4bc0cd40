import { describe, expect, it } from 'vitest';
import { retryDelayFromResponse } from '../../src/tracker/retry-delay-from-response.ts';

const now = Date.parse('2026-11-22T10:00:00Z');
const nowSeconds = now / 1000;

describe('retryDelayFromResponse', () => {
  it.each([
    ['403 secondary limit with retry-after waits as told', 403, { 'retry-after': '30' }, '', 30_000],
    ['429 with retry-after waits as told', 429, { 'retry-after': '5' }, '', 5_000],
    [
      '429 with remaining 0 waits until the reset plus one second',
      429,
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(nowSeconds + 120) },
      '',
      121_000,
    ],
    [
      '403 primary limit with remaining 0 waits until the reset plus one second',
      403,
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(nowSeconds + 10) },
      'API rate limit exceeded for installation ID 1.',
      11_000,
    ],
    [
      'a reset already past still waits one second',
      429,
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(nowSeconds - 100) },
      '',
      1_000,
    ],
    [
      'retry-after wins over the reset time',
      403,
      { 'retry-after': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(nowSeconds + 3600) },
      '',
      60_000,
    ],
    [
      '403 secondary limit without headers waits at least one minute',
      403,
      {},
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      60_000,
    ],
    ['429 without any header waits at least one minute', 429, {}, '', 60_000],
    [
      'retry-after as an HTTP date is honoured',
      503,
      { 'retry-after': new Date(now + 90_000).toUTCString() },
      '',
      90_000,
    ],
    ['502 without retry-after is left to the caller backoff', 502, {}, '', undefined],
    [
      '403 permission error is not a rate limit',
      403,
      {},
      'Resource not accessible by integration',
      undefined,
    ],
    [
      '403 with remaining left is not a rate limit',
      403,
      { 'x-ratelimit-remaining': '4000' },
      'Forbidden',
      undefined,
    ],
    ['404 is never retried on a delay', 404, {}, 'Not Found', undefined],
  ])('%s', (_name, status, headers, message, expected) => {
    expect(retryDelayFromResponse(status, headers, now, message)).toBe(expected);
  });
});

// How long GitHub asks us to wait, read from one error response. Pure, so the outbox and the tests agree on
// GitHub's documented rules:
// https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#handle-rate-limit-errors-appropriately

/** Wait when GitHub says "secondary rate limit" but gives no `retry-after`: "at least one minute". */
const secondaryLimitFallbackMs = 60_000;

/** One second past `x-ratelimit-reset`, as GitHub recommends (the reset is rounded down to the second). */
const resetMarginMs = 1_000;

/**
 * Milliseconds to wait before the same request may succeed, or `undefined` when the response is not
 * a rate limit and carries no `retry-after` (a plain 403, 404, 422… or a 5xx left to the caller's backoff).
 * `headers` are lower-cased names; `message` is the error body's `message`, which alone tells a secondary
 * limit without headers from a permission error on a 403.
 */
export function retryDelayFromResponse(
  status: number,
  headers: Readonly<Record<string, string | number | undefined>>,
  now: number,
  message = '',
): number | undefined {
  const retryAfter = parseRetryAfter(headers['retry-after'], now);
  if (retryAfter !== undefined) return retryAfter;
  if (status !== 403 && status !== 429) return undefined;
  const remaining = headers['x-ratelimit-remaining'];
  const reset = Number(headers['x-ratelimit-reset']);
  if (String(remaining) === '0' && Number.isFinite(reset) && reset > 0) {
    return Math.max(reset * 1000 - now, 0) + resetMarginMs;
  }
  if (status === 429 || /rate limit/i.test(message)) return secondaryLimitFallbackMs;
  return undefined;
}

/** `retry-after` is delta-seconds on GitHub; RFC 9110 also allows an HTTP date. */
function parseRetryAfter(value: string | number | undefined, now: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(date - now, 0);
}

// Turns whatever Octokit threw into a TrackerError. Only the fields we act on are read; the original error
// stays reachable as `cause` for debugging (it can hold the request, so it is never logged whole).

import { retryDelayFromResponse } from './retry-delay-from-response.ts';
import { TrackerError, type TrackerErrorCode } from './tracker-error.ts';

interface OctokitLikeError {
  status?: unknown;
  message?: unknown;
  request?: { method?: unknown; url?: unknown };
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

/** `method` and `path` describe the call when the error does not (e.g. a network failure before sending). */
export function toTrackerError(error: unknown, method: string, path: string, now: number): TrackerError {
  if (error instanceof TrackerError) return error;
  const failure = (typeof error === 'object' && error !== null ? error : {}) as OctokitLikeError;
  const requestMethod = typeof failure.request?.method === 'string' ? failure.request.method : method;
  const requestPath = typeof failure.request?.url === 'string' ? pathOf(failure.request.url) : path;
  const response = failure.response;
  const isWrite = requestMethod !== 'GET' && requestMethod !== 'HEAD';
  if (response === undefined) {
    // No answer at all (connection refused, reset, timeout): a write may have reached GitHub.
    const message = typeof failure.message === 'string' ? failure.message : String(error);
    return new TrackerError(message, {
      code: 'unavailable',
      method: requestMethod,
      path: requestPath,
      ambiguous: isWrite,
      cause: error,
    });
  }
  const status = typeof failure.status === 'number' ? failure.status : 0;
  const headers = response.headers ?? {};
  const bodyMessage = messageOf(response.data);
  const retryAfterMs = retryDelayFromResponse(status, headers, now, bodyMessage);
  const code = codeFor(status, retryAfterMs);
  return new TrackerError(bodyMessage || `HTTP ${status}`, {
    code,
    method: requestMethod,
    path: requestPath,
    status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    // GitHub may have applied a write that answered 5xx (the 502-after-create case).
    ambiguous: isWrite && status >= 500,
    cause: error,
  });
}

function codeFor(status: number, retryAfterMs: number | undefined): TrackerErrorCode {
  if ((status === 403 || status === 429) && retryAfterMs !== undefined) return 'rate-limited';
  if (status >= 500) return 'unavailable';
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 409:
    case 412:
      return 'conflict';
    case 410:
      return 'gone';
    case 422:
      return 'validation';
    default:
      return 'failed';
  }
}

function messageOf(data: unknown): string {
  if (typeof data === 'object' && data !== null && 'message' in data) {
    const { message, errors } = data as { message?: unknown; errors?: unknown };
    const text = typeof message === 'string' ? message : '';
    if (Array.isArray(errors) && errors.length > 0) {
      const details = errors
        .map((item: unknown) => {
          if (typeof item !== 'object' || item === null) return String(item);
          const { field, code, message: detail } = item as Record<string, unknown>;
          const head = [field, code].filter((part) => typeof part === 'string').join(' ');
          return typeof detail === 'string' ? `${head}: ${detail}` : head;
        })
        .join('; ');
      return details ? `${text} (${details})` : text;
    }
    return text;
  }
  return typeof data === 'string' ? data.slice(0, 200) : '';
}

/** The path of a request URL, without host or query (which may carry tokens in some APIs). */
function pathOf(url: string): string {
  try {
    return new URL(url, 'http://tracker.invalid').pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}

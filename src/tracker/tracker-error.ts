// The one error kind the Tracker adapter throws. Octokit's RequestError stops here: callers (the durable
// outbox, the sweep) decide from `code`, `retryAfterMs` and `ambiguous` whether to wait, reconcile or give up.

/** Why a tracker call failed, in terms the caller can act on. */
export type TrackerErrorCode =
  /** Primary or secondary rate limit: wait `retryAfterMs`, then try again. */
  | 'rate-limited'
  /** 5xx, connection refused, timeout: transient; a write may or may not have been applied (`ambiguous`). */
  | 'unavailable'
  /** 401: the token or App credentials are wrong or expired. */
  | 'unauthorized'
  /** 403 that is not a rate limit: the token lacks a permission. */
  | 'forbidden'
  /** 404 (also what GitHub answers for a private repo the token cannot see). */
  | 'not-found'
  /** 422: the request was refused as invalid (e.g. a body over 65,536 characters, an unknown assignee). */
  | 'validation'
  /** 409 / 412: the resource changed under us. */
  | 'conflict'
  /** 410: the issue was deleted or transferred. */
  | 'gone'
  /** Anything else (4xx we do not expect). */
  | 'failed';

export interface TrackerErrorDetails {
  code: TrackerErrorCode;
  method: string;
  /** The request path without query string or host (never a token). */
  path: string;
  /** HTTP status, absent when no response arrived (connection refused, reset, timeout). */
  status?: number;
  /** How long to wait before trying again, when the tracker said so or the kind implies it. */
  retryAfterMs?: number;
  /** True when a write failed in a way that may have applied it anyway (502 after create): reconcile first. */
  ambiguous?: boolean;
  cause?: unknown;
}

export class TrackerError extends Error {
  override readonly name = 'TrackerError';
  readonly code: TrackerErrorCode;
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly ambiguous: boolean;

  constructor(message: string, details: TrackerErrorDetails) {
    const where = `${details.method} ${details.path}`;
    const status = details.status === undefined ? 'no response' : String(details.status);
    super(`${where} failed (${status}, ${details.code}): ${message}`, { cause: details.cause });
    this.code = details.code;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.ambiguous = details.ambiguous ?? false;
  }
}

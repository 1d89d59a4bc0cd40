// Faults the stand-in can be told to produce, so that tests and benchmarks meet GitHub's failure modes on
// purpose: the ambiguous 502 (after the write was applied), a 502 before it, secondary and primary rate
// limits, an outage for a while, and a request held until the test lets it go.

export type FaultKind =
  /** Apply the request, then answer 502: the client cannot tell whether the write happened. */
  | 'error-after-apply'
  /** Answer 502 (or `status`) without applying anything. */
  | 'error-before-apply'
  /** 403 "secondary rate limit", with `retry-after` when `retryAfterSeconds` is given. */
  | 'secondary-limit'
  /** 429 (or `status` 403) with `x-ratelimit-remaining: 0` and `x-ratelimit-reset` in `resetInSeconds`. */
  | 'rate-limit'
  /**
   * The tracker is down: 503 (default), the connection reset without an answer (`mode: "reset"`), or the
   * port closed for `forMs` so connections are refused (`mode: "refuse"`; admin calls are refused too).
   */
  | 'down'
  /**
   * The request waits, unanswered and not applied, until `releaseHeld()`; then it goes on as if no fault
   * were there. Orders two clients' requests on purpose (a race made deterministic).
   */
  | 'hold';

export interface FaultSpec {
  kind: FaultKind;
  /** `issues/create` (operationId) or `POST /repos/{owner}/{repo}/issues`; every API request when absent. */
  operation?: string;
  /** How many matching requests get the fault (default 1; for `down`, unlimited while `forMs` runs). */
  times?: number;
  /** For `down`: how long the outage lasts, in milliseconds of real time. */
  forMs?: number;
  status?: number;
  retryAfterSeconds?: number;
  resetInSeconds?: number;
  mode?: '503' | 'reset' | 'refuse';
}

export interface ActiveFault extends FaultSpec {
  id: number;
  remaining: number;
  until: number | undefined;
}

export class FaultInjector {
  #faults: ActiveFault[] = [];
  #nextId = 1;

  add(spec: FaultSpec, now: number): ActiveFault {
    const timed = spec.kind === 'down' && spec.forMs !== undefined;
    const fault: ActiveFault = {
      ...spec,
      id: this.#nextId++,
      remaining: spec.times ?? (timed ? Number.POSITIVE_INFINITY : 1),
      until: timed ? now + (spec.forMs ?? 0) : undefined,
    };
    this.#faults.push(fault);
    return fault;
  }

  clear(): void {
    this.#faults = [];
  }

  /** Faults still pending (spent and expired ones are dropped). */
  list(now: number): ActiveFault[] {
    this.#prune(now);
    return this.#faults.map((fault) => ({ ...fault }));
  }

  /** The first fault matching this request, consumed once. */
  take(operationId: string, method: string, path: string, now: number): ActiveFault | undefined {
    this.#prune(now);
    const fault = this.#faults.find(
      (candidate) =>
        candidate.operation === undefined ||
        candidate.operation === operationId ||
        candidate.operation === `${method} ${path}`,
    );
    if (fault) fault.remaining -= 1;
    return fault ? { ...fault } : undefined;
  }

  #prune(now: number): void {
    this.#faults = this.#faults.filter(
      (fault) => fault.remaining > 0 && (fault.until === undefined || fault.until > now),
    );
  }
}

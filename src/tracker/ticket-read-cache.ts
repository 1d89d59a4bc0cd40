// What the status endpoint reads from GitHub for one ticket (the issue, its comments, repodesk's logins),
// kept a short while per issue so that a customer reloading the page, or anyone replaying a valid status
// link, costs at most one read per issue per `ttlMs` whatever the language or the number of callers:
// callers arriving while a read is in flight share it. A webhook about the issue forgets the copy at once,
// so an agent's reply shows on the next call. Memory only: a restart costs one fresh read.

import type { CommentWriter } from '../tickets/comment-kind.ts';
import type { IssueComment, IssueWithBody } from './tracker.ts';

/** One read of a ticket from the tracker. */
export interface TicketRead {
  issue: IssueWithBody;
  comments: IssueComment[];
  logins: string[];
  /** Who wrote each comment, by comment id (tracker/comment-writer.ts), read with them. */
  writers: ReadonlyMap<number, CommentWriter>;
}

/** An issue's key in the cache: issue numbers are per repository (`owner/repo#12`). */
export const issueKey = (repository: string, number: number): string => `${repository}#${number}`;

export interface TicketReadCache {
  /** The copy of issue `key` (`issueKey`) read less than `ttlMs` ago, else a fresh one from `read` (shared by concurrent callers). */
  get(key: string, now: number, read: () => Promise<TicketRead>): Promise<TicketRead>;
  /** The last copy read, however old (the answer while GitHub fails). */
  last(key: string): TicketRead | undefined;
  /** Drops the copy of issue `key` (a webhook said it changed). */
  forget(key: string): void;
}

/** Issues kept at most (the least recently read are dropped first). */
const maxIssues = 10_000;

/** Creates a cache whose copies stay fresh for `ttlMs`. */
export function createTicketReadCache(ttlMs: number): TicketReadCache {
  const copies = new Map<string, { at: number; value: TicketRead }>();
  // A read in flight; `stale` once a webhook said the issue changed after it started (not kept as fresh).
  const inFlight = new Map<string, { state: { stale: boolean }; promise: Promise<TicketRead> }>();
  return {
    get(key, now, read) {
      const copy = copies.get(key);
      if (copy && now - copy.at < ttlMs) return Promise.resolve(copy.value);
      const running = inFlight.get(key);
      if (running) return running.promise;
      const state = { stale: false };
      const promise = read()
        .then((value) => {
          if (!state.stale) {
            copies.delete(key);
            copies.set(key, { at: now, value });
            if (copies.size > maxIssues) copies.delete(copies.keys().next().value ?? '');
          }
          return value;
        })
        .finally(() => {
          if (inFlight.get(key)?.state === state) inFlight.delete(key);
        });
      inFlight.set(key, { state, promise });
      return promise;
    },
    last(key) {
      return copies.get(key)?.value;
    },
    forget(key) {
      const copy = copies.get(key);
      // Still there for `last` (the answer while GitHub fails), but no longer fresh.
      if (copy) copy.at = Number.NEGATIVE_INFINITY;
      const running = inFlight.get(key);
      if (running) running.state.stale = true;
      inFlight.delete(key);
    },
  };
}

// Group commit: writes that arrive together (concurrent form submissions, webhook deliveries) share one
// transaction and one fsync. Each caller still gets its answer only after the commit, so "stored before
// the 202" holds, and each write runs in its own savepoint, so one failing write does not undo the others.

import type { Store } from './open-store.ts';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export type GroupCommit = <T>(work: () => T) => Promise<T>;

/** Creates a committer over `store`; writes queued in the same turn of the event loop commit together. */
export function createGroupCommit(store: Store): GroupCommit {
  let queue: Pending[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      store.transaction(() => {
        for (const pending of batch) {
          store.db.exec('SAVEPOINT group_item');
          try {
            outcomes.push({ ok: true, value: pending.work() });
            store.db.exec('RELEASE group_item');
          } catch (error) {
            store.db.exec('ROLLBACK TO group_item');
            store.db.exec('RELEASE group_item');
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The commit itself failed (disk full, locked): nothing of the batch is stored, every caller hears it.
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) pending.resolve(outcome.value);
      else pending.reject(outcome?.error);
    });
  };
  return <T>(work: () => T) =>
    new Promise<T>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
    });
}

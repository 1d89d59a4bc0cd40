// Group commit: writes that arrive together (concurrent form submissions, webhook deliveries) share one
// transaction and one fsync. Each caller still gets its answer only after the commit, so "stored before
// the 202" holds on both stores, and each write runs in its own savepoint, so one failing write does not
// undo the others. On PostgreSQL each replica groups its own writes; the server's commit is durable
// (synchronous_commit on) before the answer. On SQLite the store's transaction resolves only after its
// fdatasync of the WAL, which runs off the event loop: the next group is written while the previous one's
// flush runs, and groups that commit during one flush share the next (sqlite-store.ts).

import type { Store } from './store.ts';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export type GroupCommit = <T>(work: () => T | Promise<T>) => Promise<T>;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Creates a committer over `store`; writes queued in the same turn of the event loop commit together. */
export function createGroupCommit(store: Store): GroupCommit {
  let queue: Pending[] = [];
  const flush = async () => {
    const batch = queue;
    queue = [];
    const outcomes: Outcome[] = [];
    try {
      await store.transaction(async () => {
        if (batch.length === 1) {
          // Alone: its failure is the transaction's (nothing else to keep), no savepoint needed.
          try {
            outcomes.push({ ok: true, value: await batch[0]!.work() });
          } catch (error) {
            outcomes.push({ ok: false, error });
            throw error;
          }
          return;
        }
        for (const pending of batch) {
          await store.run('SAVEPOINT group_item');
          try {
            outcomes.push({ ok: true, value: await pending.work() });
            await store.run('RELEASE group_item');
          } catch (error) {
            await store.run('ROLLBACK TO group_item');
            await store.run('RELEASE group_item');
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The commit itself failed (disk full, locked, connection lost): nothing of the batch is stored, every
      // caller hears it (a lone write hears its own error).
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) pending.resolve(outcome.value);
      else pending.reject(outcome?.error);
    });
  };
  return <T>(work: () => T | Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      if (queue.length === 0) setImmediate(() => void flush());
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
    });
}

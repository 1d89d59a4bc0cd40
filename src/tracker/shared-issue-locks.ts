// The issue's turn across every replica on one PostgreSQL: first the in-process queue (a replica's jobs
// waiting on one issue hold no connection), then the store's lock on the issue's key (a session advisory
// lock held on a connection of its own for the work; PostgreSQL drops it if the replica dies). A lock another
// replica keeps longer than the store's wait fails `store-locked`: the job gets its attempt back and runs
// again later, the sweep leaves the issue for its next run.

import type { Store } from '../store/store.ts';
import { InProcessIssueLocks } from './in-process-issue-locks.ts';
import { issueLockKey } from './issue-lock-key.ts';
import type { IssueLocks } from './issue-locks.ts';

/** Runs work on one issue of `repository` after the work queued on it before, in any replica. */
export class SharedIssueLocks implements IssueLocks {
  #local = new InProcessIssueLocks();
  #store: Store;
  #repository: string;

  constructor(store: Store, repository: string) {
    this.#store = store;
    this.#repository = repository;
  }

  run<T>(number: number, work: () => Promise<T>): Promise<T> {
    return this.#local.run(number, () =>
      this.#store.withLock(
        issueLockKey(this.#repository, number),
        work,
        `the turn of issue #${number} of ${this.#repository}`,
      ),
    );
  }
}

// The issue's turn across every replica on one PostgreSQL: first the in-process queue (a replica's jobs
// waiting on one issue hold no connection), then the store's lock on the issue's key (a session advisory
// lock held on a connection of its own for the work; PostgreSQL drops it if the replica dies). A lock another
// replica keeps longer than the store's wait throws a LockBusyError ("issue #N of owner/repo is busy in
// another replica"), no store failure: the worker defers the job (attempt given back, tried again shortly),
// the sweep leaves the issue for its next run; `onBusy` counts it (/metrics).

import { LockBusyError } from '../store/lock-busy-error.ts';
import type { Store } from '../store/store.ts';
import { InProcessIssueLocks } from './in-process-issue-locks.ts';
import { issueLockKey } from './issue-lock-key.ts';
import type { IssueLocks } from './issue-locks.ts';

/** Runs work on one issue of `repository` after the work queued on it before, in any replica. */
export class SharedIssueLocks implements IssueLocks {
  #local: IssueLocks;
  #store: Store;
  #repository: string;
  #onBusy: () => void;

  /**
   * `onBusy` is told each time another replica kept an issue's turn past the store's wait; `local` is this
   * process's queue of `repository`'s issues (given by `forRepository`, which shares it across repositories).
   */
  constructor(
    store: Store,
    repository: string,
    onBusy: () => void = () => {},
    local: IssueLocks = new InProcessIssueLocks(repository),
  ) {
    this.#store = store;
    this.#repository = repository;
    this.#onBusy = onBusy;
    this.#local = local;
  }

  forRepository(repository: string): SharedIssueLocks {
    return new SharedIssueLocks(this.#store, repository, this.#onBusy, this.#local.forRepository(repository));
  }

  run<T>(number: number, work: () => Promise<T>): Promise<T> {
    return this.#local.run(number, async () => {
      try {
        return await this.#store.withLock(
          issueLockKey(this.#repository, number),
          work,
          `issue #${number} of ${this.#repository}`,
        );
      } catch (error) {
        if (error instanceof LockBusyError) this.#onBusy();
        throw error;
      }
    });
  }
}

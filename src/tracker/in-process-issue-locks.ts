// The issue's turn inside this process: a queue of promises per repository and issue number. Enough on
// SQLite, where the data folder's lock keeps every other `repodesk serve` out; the first stage of the shared
// lock on PostgreSQL, so that jobs of one replica waiting on one issue hold no database connection.

import type { IssueLocks } from './issue-locks.ts';

/** Runs work on one issue after the work queued on it before in this process, one at a time per issue. */
export class InProcessIssueLocks implements IssueLocks {
  /** Shared by the locks of every repository (`forRepository`), keyed `owner/name#N` in lower case. */
  #tails: Map<string, Promise<void>>;
  #repository: string;

  /** The locks of `repository`'s issues (`owner/name`; '' for a desk that names none). */
  constructor(repository = '', tails = new Map<string, Promise<void>>()) {
    this.#repository = repository;
    this.#tails = tails;
  }

  forRepository(repository: string): InProcessIssueLocks {
    return new InProcessIssueLocks(repository, this.#tails);
  }

  async run<T>(number: number, work: () => Promise<T>): Promise<T> {
    const key = `${this.#repository.toLowerCase()}#${number}`;
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}

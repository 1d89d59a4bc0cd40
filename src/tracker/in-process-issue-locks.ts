// The issue's turn inside this process: a queue of promises per issue number. Enough on SQLite, where the
// data folder's lock keeps every other `repodesk serve` out; the first stage of the shared lock on
// PostgreSQL, so that jobs of one replica waiting on one issue hold no database connection.

import type { IssueLocks } from './issue-locks.ts';

/** Runs work on one issue after the work queued on it before in this process, one at a time per issue. */
export class InProcessIssueLocks implements IssueLocks {
  #tails = new Map<number, Promise<void>>();

  async run<T>(number: number, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(number) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.#tails.set(number, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.#tails.get(number) === tail) this.#tails.delete(number);
    }
  }
}

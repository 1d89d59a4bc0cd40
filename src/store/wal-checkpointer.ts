// Checkpoints of the embedded store off the event loop. SQLite's automatic checkpoint runs inside COMMIT,
// copying about 1,000 pages and syncing the log and the database file while every request waits. Instead,
// after every `everyCommits` commits the main thread asks a worker thread (`wal-checkpointer-thread.ts`, a
// second connection to the same file: SQLite's normal locking mode allows it, and the data folder's lock
// keeps other processes out) to checkpoint; requests made while one runs become one. The worker starts at
// the first request (a store that writes little never pays for a thread) and, once its connection is open,
// the bot's connection stops checkpointing by itself (`selfCheckpoints(false)`: wal_autocheckpoint = 0);
// if the worker dies, it takes over again, so the log stays bounded either way. `stop()` ends the worker
// before the bot's connection closes, which is then the last one and checkpoints the file as before.
// A failed checkpoint is the store's failure until one succeeds: `failure` (store.check(), /healthz).

import { Worker } from 'node:worker_threads';
import { StoreError } from './store-error.ts';
import type { CheckpointerReport } from './wal-checkpointer-thread.ts';

export interface WalCheckpointerOptions {
  /** Commits between two checkpoints (default 100). */
  everyCommits?: number;
  /** Pages in the log above which the checkpoint waits for a moment without writer to restart it (default 4,000). */
  restartAbovePages?: number;
  /** Time without a commit after which the log is emptied (TRUNCATE; default 1 s). */
  idleMs?: number;
  /** Every checkpoint fails with this SQLite error (the store tests' failing disk). */
  failWith?: { message: string; errcode: number };
}

export interface WalCheckpointer {
  /** Counts a commit; every `everyCommits`, asks for a checkpoint. */
  committed(): void;
  /** The last checkpoint's failure, until a later one succeeds. */
  readonly failure: StoreError | undefined;
  /** Waits for the checkpoint running, then ends the worker. */
  stop(): Promise<void>;
}

interface Connection {
  /** The SQLite file. */
  file: string;
  /** How long the checkpointer's connection waits for a lock. */
  busyTimeoutMs: number;
  /** Turns the error SQLite gave the checkpointer into the store's. */
  storeError: (error: unknown) => StoreError;
  /** Lets the bot's connection checkpoint by itself (SQLite's automatic checkpoint) or not. */
  selfCheckpoints: (on: boolean) => void;
}

/** A checkpointer of the bot's connection's file. */
export function createWalCheckpointer(
  { file, busyTimeoutMs, storeError, selfCheckpoints }: Connection,
  options: WalCheckpointerOptions = {},
): WalCheckpointer {
  const everyCommits = options.everyCommits ?? 100;
  let worker: Worker | undefined;
  let exited: Promise<void> | undefined;
  let commits = 0;
  let asked = false;
  let failure: StoreError | undefined;
  let stopping = false;
  const ask = () => {
    worker ??= start();
    commits = 0;
    asked = true;
    worker.postMessage('checkpoint');
  };
  const start = () => {
    const started = new Worker(new URL('./wal-checkpointer-thread.ts', import.meta.url), {
      workerData: {
        file,
        busyTimeoutMs,
        restartAbovePages: options.restartAbovePages ?? 4000,
        idleMs: options.idleMs ?? 1000,
        failWith: options.failWith,
      },
    });
    // The bot's stop closes the store (and so this worker); a process that exits without it need not wait.
    started.unref();
    started.on('message', (report: CheckpointerReport) => {
      if (report.kind === 'ready') {
        selfCheckpoints(false);
        return;
      }
      failure =
        report.kind === 'failed'
          ? storeError(
              Object.assign(
                new Error(`copying the write-ahead log into the database failed (${report.message})`),
                { errcode: report.errcode },
              ),
            )
          : undefined;
      if (!report.reply) return;
      asked = false;
      if (commits >= everyCommits && !stopping) ask();
    });
    started.on('error', (error) => {
      failure = new StoreError('store-failed', `${file}: the checkpointer stopped: ${error.message}`, {
        cause: error,
      });
    });
    exited = new Promise((resolve) =>
      started.once('exit', () => {
        if (worker === started) worker = undefined;
        asked = false;
        if (!stopping) selfCheckpoints(true);
        resolve();
      }),
    );
    return started;
  };
  return {
    committed() {
      commits += 1;
      if (commits >= everyCommits && !asked && !stopping) ask();
    },
    get failure() {
      return failure;
    },
    async stop() {
      stopping = true;
      if (!worker) return;
      // Unreferenced, the worker would not keep the process alive until it has closed its connection.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}

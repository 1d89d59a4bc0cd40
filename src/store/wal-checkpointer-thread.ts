// The embedded store's checkpointer, run in a worker thread by `wal-checkpointer.ts`: a second connection
// to the SQLite file that copies the write-ahead log into the database, so that this copy and its two
// fsyncs (SQLite syncs the WAL before a checkpoint and the database after it) never run inside a COMMIT on
// the bot's event loop. Told to checkpoint after a number of commits, it runs a PASSIVE checkpoint (no
// waiting for anyone: what is committed is copied while the bot keeps writing), a RESTART one when the
// log has grown past its bound anyway (writes that never stop would leave no moment for the log to start
// over), and a TRUNCATE one when no commit has come for a while, so an idle bot's log is empty.
// Every outcome is reported to the main thread: a failure reaches /healthz there.

import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

interface Settings {
  file: string;
  busyTimeoutMs: number;
  restartAbovePages: number;
  idleMs: number;
  /** The error every checkpoint meets (the store tests' failing disk). */
  failWith?: { message: string; errcode: number };
}

const settings = workerData as Settings;
const port = parentPort!;

/** What the main thread hears: after each request (`reply`), and after a checkpoint of its own when idle. */
export type CheckpointerReport =
  | { kind: 'ready' }
  | { kind: 'checkpointed'; reply: boolean; walPages: number }
  | { kind: 'failed'; reply: boolean; message: string; errcode?: number };

let db: DatabaseSync | undefined;

function open(): DatabaseSync {
  if (settings.failWith)
    throw Object.assign(new Error(settings.failWith.message), { errcode: settings.failWith.errcode });
  if (db?.isOpen) return db;
  db = new DatabaseSync(settings.file, { timeout: settings.busyTimeoutMs });
  // NORMAL: a checkpoint syncs the log before copying it and the database after (FULL does no more).
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA wal_autocheckpoint = 0');
  return db;
}

/** Runs the checkpoints, reporting how many pages the log holds after them, or their failure. */
function checkpoint(reply: boolean, modes: () => number): void {
  let report: CheckpointerReport;
  try {
    open();
    report = { kind: 'checkpointed', reply, walPages: modes() };
  } catch (error) {
    report = {
      kind: 'failed',
      reply,
      message: error instanceof Error ? error.message : String(error),
      errcode: (error as { errcode?: number }).errcode,
    };
  }
  port.postMessage(report);
}

/** Pages in the log after a checkpoint in `mode`. */
function run(mode: 'PASSIVE' | 'RESTART' | 'TRUNCATE'): number {
  // Its row: busy, log (frames in the log), checkpointed (frames copied).
  const row = db!.prepare(`PRAGMA wal_checkpoint(${mode})`).get() as { log: number };
  return Number(row.log);
}

// Ready once connected: the bot's connection stops checkpointing by itself only then.
try {
  open();
  port.postMessage({ kind: 'ready' } satisfies CheckpointerReport);
} catch {
  // The first checkpoint asked reports it (its failure then reaches /healthz).
}

let idle: NodeJS.Timeout | undefined;
port.on('message', (message: 'checkpoint' | 'stop') => {
  clearTimeout(idle);
  if (message === 'stop') {
    if (db?.isOpen) db.close();
    port.close();
    return;
  }
  checkpoint(true, () => {
    const pages = run('PASSIVE');
    return pages > settings.restartAbovePages ? run('RESTART') : pages;
  });
  idle = setTimeout(() => checkpoint(false, () => run('TRUNCATE')), settings.idleMs);
});

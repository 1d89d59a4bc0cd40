// One bot per data folder. Two bots on one DATA_DIR would both take back "running" jobs at start and send
// the same acknowledgement twice, so the bot holds an exclusive SQLite lock on DATA_DIR/repodesk.lock for
// as long as it runs: an operating-system lock on the file (fcntl), which the kernel drops when the process
// ends, kill -9 included, so a crash never leaves a stale lock behind. Who holds it (pid, start time, host)
// is written beside it, for the refusal to name; that file is only ever read to explain, never trusted.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { StoreError } from './store-error.ts';

/** Who holds a data folder. */
export interface LockHolder {
  pid: number;
  /** ISO time the holder started. */
  startedAt: string;
  host: string;
}

export interface DataDirLock {
  /** Lets another bot have the folder (at stop). */
  release(): void;
}

const lockFile = 'repodesk.lock';
const holderFile = 'repodesk.lock.json';

function readHolder(dataDir: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(fs.readFileSync(path.join(dataDir, holderFile), 'utf8')) as Partial<LockHolder>;
    if (typeof holder.pid === 'number' && typeof holder.startedAt === 'string')
      return { pid: holder.pid, startedAt: holder.startedAt, host: String(holder.host ?? '') };
  } catch {
    // Not written yet (the holder is starting) or unreadable: the refusal says so.
  }
  return undefined;
}

/**
 * Takes `dataDir` for this process, or throws a `store-in-use` StoreError naming the process that has it.
 * `startedAt` is recorded for that message.
 */
export function lockDataDir(dataDir: string, startedAt: Date, pid = process.pid): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, lockFile);
  let db: DatabaseSync;
  try {
    // No wait: a second bot must refuse at once, not queue behind the first.
    db = new DatabaseSync(file, { timeout: 0 });
    // A rollback journal, not WAL: in WAL mode an exclusive transaction does not keep readers out.
    db.exec('PRAGMA journal_mode = DELETE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    const busy = ((error as { errcode?: number }).errcode ?? 0) & 0xff;
    if (busy !== 5 && busy !== 6)
      throw new StoreError(
        'store-failed',
        `${file}: cannot take the data folder's lock: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    const holder = readHolder(dataDir);
    const who = holder
      ? `pid ${holder.pid}${holder.host && holder.host !== os.hostname() ? ` on ${holder.host}` : ''}, started ${holder.startedAt}`
      : 'a process that is still starting';
    throw new StoreError(
      'store-in-use',
      `DATA_DIR ${dataDir} is in use by another repodesk bot (${who}); stop it first, or give this bot its own DATA_DIR`,
      { cause: error },
    );
  }
  const holder: LockHolder = { pid, startedAt: startedAt.toISOString(), host: os.hostname() };
  const temporary = path.join(dataDir, `.${holderFile}.${pid}`);
  fs.writeFileSync(temporary, JSON.stringify(holder) + '\n');
  fs.renameSync(temporary, path.join(dataDir, holderFile));
  return {
    release() {
      if (!db.isOpen) return;
      // Ours only: a holder file another bot wrote since is left alone.
      if (readHolder(dataDir)?.pid === pid) fs.rmSync(path.join(dataDir, holderFile), { force: true });
      db.exec('ROLLBACK');
      db.close();
    },
  };
}

// The bot's SQLite connection never checkpoints inside COMMIT: a worker thread's connection copies the
// write-ahead log into the database (wal-checkpointer.ts). Through the real store and the real disk: the
// log stays bounded however many writes come, a checkpoint's failure is the store's (what /healthz shows),
// and closing leaves the file checkpointed.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError, type Store } from '../../src/store/open-store.ts';
import { openSqliteStore, type SqliteStoreOptions } from '../../src/store/sqlite-store.ts';
import { storeSchemas } from '../../src/store/store-schemas.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(
  checkpoints?: SqliteStoreOptions['checkpoints'],
): Promise<{ store: Store; dataDir: string; wal: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-checkpoints-'));
  const store = await openSqliteStore({ dataDir, schemas: storeSchemas, checkpoints });
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  cleanups.push(() => store.close());
  return { store, dataDir, wal: path.join(dataDir, 'repodesk.sqlite-wal') };
}

/** Waits (without timing anything) until `check` answers. */
async function until<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until the worker thread's connection is open: the bot's then checkpoints no more. */
const checkpointerRunning = (store: Store) =>
  until(async () => {
    const row = await store.get('PRAGMA wal_autocheckpoint');
    return row?.wal_autocheckpoint === 0 ? row : undefined;
  });

const value = 'x'.repeat(3000);
const write = (store: Store, index: number) =>
  store.run('INSERT INTO key_value (key, value) VALUES (?, ?)', `key-${index}`, value);

describe('checkpoints run off the bot’s connection', () => {
  it('once the checkpointer runs, the bot’s connection no longer checkpoints by itself', async () => {
    const { store } = await open({ everyCommits: 3 });
    expect(await store.get('PRAGMA wal_autocheckpoint')).toEqual({ wal_autocheckpoint: 1000 });
    for (let index = 0; index < 3; index += 1) await write(store, index);
    await checkpointerRunning(store);
    await store.check();
  });

  it.each([
    ['one write at a time', 1],
    ['writes eight at a time', 8],
  ])(
    'the write-ahead log stays bounded over 3,000 writes (%s), and every write is kept',
    async (_name, together) => {
      const { store, wal } = await open({ everyCommits: 10, restartAbovePages: 64 });
      await write(store, -1);
      let written = 0;
      while (!(await store.get('PRAGMA wal_autocheckpoint'))?.wal_autocheckpoint)
        await write(store, written++);
      // The log file never shrinks (a checkpoint lets the next write start it over, in place). Unchecked,
      // 3,000 writes of 3 kB add 40 to 50 MB to it (each writes its row, index and overflow pages);
      // checkpointed every 10 commits, it grows by 64 pages plus what was written while a checkpoint ran:
      // a few MB at most, even when a loaded disk makes a checkpoint's fsyncs slow.
      const before = fs.statSync(wal).size;
      for (let index = written; index < written + 3000; index += together)
        await Promise.all(Array.from({ length: together }, (_, offset) => write(store, index + offset)));
      expect(fs.statSync(wal).size - before).toBeLessThan(10 * 1024 * 1024);
      expect(await store.get('SELECT count(*) AS n FROM key_value')).toEqual({ n: written + 3001 });
    },
    60_000,
  );

  it('closing leaves the database file checkpointed: no log left, every write in the file', async () => {
    const { store, dataDir, wal } = await open({ everyCommits: 5 });
    for (let index = 0; index < 200; index += 1) await write(store, index);
    await store.close();
    expect(fs.existsSync(wal)).toBe(false);
    const reopened = await openSqliteStore({ dataDir, schemas: storeSchemas });
    cleanups.push(() => reopened.close());
    expect(await reopened.get('SELECT count(*) AS n FROM key_value')).toEqual({ n: 200 });
  });

  it.each([
    [
      10,
      'disk I/O error',
      'store-failed',
      'the disk reported an I/O error; check the volume holding DATA_DIR',
    ],
    [13, 'database or disk is full', 'store-full', 'the disk holding DATA_DIR is full'],
  ])(
    'a checkpoint that fails (SQLite error %i) is a store failure that /healthz shows, and writes stay durable',
    async (errcode, message, code, fix) => {
      const { store } = await open({ everyCommits: 3, failWith: { message, errcode } });
      await store.check();
      for (let index = 0; index < 3; index += 1) await write(store, index);
      const error = await until(() =>
        store.check().then(
          () => undefined,
          (failure: unknown) => failure,
        ),
      );
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe(code);
      expect((error as StoreError).message).toContain(
        `repodesk.sqlite: copying the write-ahead log into the database failed (${message}); ${fix}`,
      );
      await write(store, 3);
      expect(await store.get('SELECT count(*) AS n FROM key_value')).toEqual({ n: 4 });
    },
  );
});

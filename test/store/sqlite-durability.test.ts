// The SQLite store answers a write only once the write-ahead log is flushed to disk (the promise behind
// every 202), with that flush off the event loop: the fdatasync is the store's one port to the disk here,
// held or failed by the test, while the database, the group commit and the inbox are the real ones.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../src/store/group-commit.ts';
import { openInbox } from '../../src/store/inbox.ts';
import { StoreError, type Store } from '../../src/store/open-store.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { storeSchemas } from '../../src/store/store-schemas.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A flush the test lets finish (or fail) when it chooses; `calls` counts the fdatasyncs asked for. */
function heldDisk() {
  const waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  let called: (() => void) | undefined;
  let held = true;
  const disk = {
    calls: 0,
    fdatasync: (fd: number) => {
      expect(fd).toBeGreaterThan(2);
      disk.calls += 1;
      called?.();
      if (!held) return Promise.resolve();
      return new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
    },
    /** Every flush running or to come finishes at once (before the store closes). */
    release() {
      held = false;
      for (const next of waiting.splice(0)) next.resolve();
    },
    /** Resolves once `count` fdatasyncs have been asked for. */
    async asked(count: number): Promise<void> {
      while (disk.calls < count) await new Promise<void>((resolve) => (called = resolve));
    },
    finish(error?: Error) {
      const next = waiting.shift();
      if (!next) throw new Error('no fdatasync is running');
      if (error) next.reject(error);
      else next.resolve();
    },
  };
  return disk;
}

async function openHeld(disk: ReturnType<typeof heldDisk>): Promise<Store> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-durability-'));
  const store = await openSqliteStore({ dataDir, schemas: storeSchemas, fdatasync: disk.fdatasync });
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  cleanups.push(async () => {
    disk.release();
    await store.close();
  });
  return store;
}

/** Lets every callback, timer-free, run: what could settle without the disk has settled. */
async function quiet(): Promise<void> {
  for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

function tracked<T>(promise: Promise<T>) {
  const state = { settled: false, promise };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

describe('a write is answered only once the write-ahead log is on disk', () => {
  it('submissions accepted together wait for their fdatasync; those that arrive meanwhile are written at once and share the next one', async () => {
    const disk = heldDisk();
    const store = await openHeld(disk);
    const commit = createGroupCommit(store);
    const inbox = openInbox(store);
    const accept = (key: string) =>
      tracked(
        commit(() => inbox.accept({ source: 'form', dedupeKey: key, payload: { key }, now: 1 }, () => key)),
      );
    const first = ['a', 'b', 'c'].map(accept);
    await disk.asked(1);
    await quiet();
    expect(first.map((call) => call.settled)).toEqual([false, false, false]);
    // The connection is free while the flush runs: the next group is written now, and waits for its own.
    const second = ['d', 'e', 'f', 'g'].map(accept);
    await quiet();
    expect(await inbox.countBySource()).toEqual({ form: 7 });
    expect(disk.calls).toBe(1);
    disk.finish();
    expect((await Promise.all(first.map((call) => call.promise))).map((done) => done.result)).toEqual([
      'a',
      'b',
      'c',
    ]);
    await disk.asked(2);
    await quiet();
    expect(second.map((call) => call.settled)).toEqual([false, false, false, false]);
    disk.finish();
    expect((await Promise.all(second.map((call) => call.promise))).map((done) => done.duplicate)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(disk.calls).toBe(2);
  });

  it.each([
    [
      'a write outside any transaction',
      (store: Store) => store.run("INSERT INTO key_value (key, value) VALUES ('k', 'v')"),
    ],
    [
      'a transaction of its own',
      (store: Store) =>
        store.transaction(() => store.run("INSERT INTO key_value (key, value) VALUES ('k', 'v')")),
    ],
  ])('%s waits for its fdatasync; a read needs none', async (_name, write) => {
    const disk = heldDisk();
    const store = await openHeld(disk);
    expect(await store.all('SELECT count(*) AS n FROM inbox')).toEqual([{ n: 0 }]);
    expect(disk.calls).toBe(0);
    const written = tracked(write(store));
    await disk.asked(1);
    await quiet();
    expect(written.settled).toBe(false);
    disk.finish();
    await written.promise;
    expect(await store.get("SELECT value FROM key_value WHERE key = 'k'")).toEqual({ value: 'v' });
    expect(disk.calls).toBe(1);
  });

  it.each([
    ['EIO', 'store-failed', 'the disk reported an I/O error; check the volume holding DATA_DIR'],
    ['ENOSPC', 'store-full', 'the disk holding DATA_DIR is full'],
  ])(
    'a failed fdatasync (%s) is the caller’s error (%s), and the retry of the same key gets the first reference back',
    async (code, storeCode, fix) => {
      const disk = heldDisk();
      const store = await openHeld(disk);
      const commit = createGroupCommit(store);
      const inbox = openInbox(store);
      const accept = () =>
        commit(() =>
          inbox.accept({ source: 'form', dedupeKey: 'k', payload: { n: 1 }, now: 1 }, () => ({
            ref: 'RD-0000-0001',
          })),
        );
      const failed = accept().catch((error: unknown) => error);
      await disk.asked(1);
      disk.finish(Object.assign(new Error(`${code}: fdatasync failed`), { code }));
      const error = await failed;
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe(storeCode);
      expect((error as StoreError).message).toContain(
        `repodesk.sqlite: flushing the write-ahead log to disk failed (${code}: fdatasync failed); ${fix}`,
      );
      const retried = tracked(accept());
      await disk.asked(2);
      disk.finish();
      expect(await retried.promise).toMatchObject({
        result: { ref: 'RD-0000-0001' },
        duplicate: true,
        samePayload: true,
      });
      expect(await inbox.countBySource()).toEqual({ form: 1 });
    },
  );
});

// The store's contract, run against every implementation: SQLite (the embedded default) and PostgreSQL
// (DATABASE_URL), so both keep the same promises to the inbox, the queue and the references.

import { createSecretKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../src/store/group-commit.ts';
import { openInbox } from '../../src/store/inbox.ts';
import { openJobQueue } from '../../src/store/job-queue.ts';
import { openStore, StoreError, type Store } from '../../src/store/open-store.ts';
import { newReference, openTicketReferences, parseReference } from '../../src/store/reference.ts';
import { loadStatusSecret, signStatusToken, verifyStatusToken } from '../../src/store/status-token.ts';
import { storeBackends } from '../support/store-backends.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-store-'));
  dirs.push(dir);
  return dir;
}
const opened: Store[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const backends = await storeBackends(import.meta.filename);
afterAll(async () => {
  for (const backend of backends) await backend.stop();
});

describe.each(backends)('store contract on $name', (backend) => {
  /**
   * A fresh empty database, a way to open it (again), and `replicas(n)`: what n bots see of it at once.
   * On SQLite that is one connection shared by the callers of one bot (a second bot on the same folder is
   * refused by the data folder's lock); on PostgreSQL, n connection pools, as n replicas have.
   */
  async function database() {
    const location = await backend.fresh();
    const open = async () => {
      const store = await backend.open(location);
      opened.push(store);
      return store;
    };
    return {
      open,
      async replicas(count: number): Promise<Store[]> {
        if (backend.name === 'SQLite') {
          const store = await open();
          return Array.from({ length: count }, () => store);
        }
        const stores: Store[] = [];
        for (let index = 0; index < count; index += 1) stores.push(await open());
        return stores;
      },
    };
  }

  describe('inbox', () => {
    it('stores an input once and returns the first result for the same dedupe key', async () => {
      const store = await (await database()).open();
      const inbox = openInbox(store);
      const first = await inbox.accept(
        { source: 'form', dedupeKey: 'k1', payload: { a: 1 }, now: 1 },
        () => ({
          ref: 'RD-AAAA-BBBB',
        }),
      );
      const second = await inbox.accept(
        { source: 'form', dedupeKey: 'k1', payload: { a: 2 }, now: 2 },
        () => ({
          ref: 'RD-CCCC-DDDD',
        }),
      );
      expect(first).toMatchObject({ duplicate: false, result: { ref: 'RD-AAAA-BBBB' } });
      expect(second).toMatchObject({
        duplicate: true,
        samePayload: false,
        result: { ref: 'RD-AAAA-BBBB' },
        inboxId: first.inboxId,
      });
      // The same content, keys in another order: a genuine retry.
      const nested = await inbox.accept(
        { source: 'form', dedupeKey: 'k3', payload: { b: { y: 1, x: [2, 3] }, a: 1 }, now: 3 },
        () => ({ ref: 'RD-EEEE-FFFF' }),
      );
      const retry = await inbox.accept(
        { source: 'form', dedupeKey: 'k3', payload: { a: 1, b: { x: [2, 3], y: 1 } }, now: 4 },
        () => ({ ref: 'RD-GGGG-HHHH' }),
      );
      expect(nested.samePayload).toBe(true);
      expect(retry).toMatchObject({ duplicate: true, samePayload: true, result: { ref: 'RD-EEEE-FFFF' } });
      expect((await inbox.get(first.inboxId))?.payload).toEqual({ a: 1 });
      expect(await inbox.has('form', 'k3')).toBe(true);
      expect(await inbox.has('form', 'k4')).toBe(false);
      expect(await inbox.countBySource()).toEqual({ form: 2 });
    });

    it('keeps the input and its job together: a failure in the same transaction stores neither', async () => {
      const store = await (await database()).open();
      const inbox = openInbox(store);
      const jobs = openJobQueue(store);
      await expect(
        inbox.accept({ source: 'form', dedupeKey: 'k2', payload: {}, now: 1 }, async () => {
          await jobs.enqueue('create-ticket', {}, 1);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await inbox.countBySource()).toEqual({});
      expect((await jobs.countByState()).queued).toBe(0);
    });

    it('survives a reopen: what was accepted is still there', async () => {
      const db = await database();
      const store = await db.open();
      await openInbox(store).accept(
        { source: 'github', dedupeKey: 'delivery-1', payload: {}, now: 1 },
        () => null,
      );
      await store.close();
      const again = await db.open();
      expect(await openInbox(again).countBySource()).toEqual({ github: 1 });
    });

    it('the same key accepted at once through two connections is stored once, both get the first result', async () => {
      const db = await database();
      const [one, two] = (await db.replicas(2)) as [Store, Store];
      const outcomes = await Promise.all(
        [one, two].flatMap((store, side) =>
          Array.from({ length: 10 }, (_, index) =>
            openInbox(store).accept(
              { source: 'github', dedupeKey: `delivery-${index}`, payload: { index }, now: 1 },
              async (inboxId) => {
                await openJobQueue(store).enqueue('github-event', { inboxId }, 1);
                return { side };
              },
            ),
          ),
        ),
      );
      expect(outcomes.filter((outcome) => !outcome.duplicate)).toHaveLength(10);
      for (let index = 0; index < 10; index += 1)
        expect(outcomes[index]?.result).toEqual(outcomes[index + 10]?.result);
      expect(await openInbox(one).countBySource()).toEqual({ github: 10 });
      expect((await openJobQueue(one).countByState()).queued).toBe(10);
    });
  });

  describe('job queue', () => {
    it('puts a job left running by a crash back in the queue with its attempt counted', async () => {
      const db = await database();
      const store = await db.open();
      // SQLite: this bot alone uses the store, every running job is a crash's; PostgreSQL: once its lease ran out.
      const jobs = openJobQueue(store, { leaseMs: 50 });
      const id = await jobs.enqueue('create-ticket', { ref: 'x' }, 100);
      expect((await jobs.claimDue(100))?.attempts).toBe(1);
      await store.close();
      const queue = openJobQueue(await db.open(), { leaseMs: 50 });
      expect(await queue.recoverInterrupted(200)).toBe(1);
      expect(await queue.claimDue(200)).toMatchObject({ id, attempts: 2, payload: { ref: 'x' } });
    });

    it('does not hand out a job before its time', async () => {
      const jobs = openJobQueue(await (await database()).open());
      await jobs.enqueue('k', {}, 0, 1000);
      expect(await jobs.claimDue(999)).toBeUndefined();
      expect((await jobs.claimDue(1000))?.kind).toBe('k');
    });

    it('finds a due job of an allowed kind behind many of another kind (mail keeps flowing while GitHub is paused)', async () => {
      const store = await (await database()).open();
      const jobs = openJobQueue(store);
      await store.transaction(async () => {
        for (let index = 0; index < 200; index += 1) await jobs.enqueue('create-ticket', {}, 1);
      });
      await jobs.enqueue('mail-send', { key: 'ack' }, 2);
      expect((await jobs.claimDue(10, ['mail-send']))?.payload).toEqual({ key: 'ack' });
      expect(await jobs.claimDue(10, [])).toBeUndefined();
      expect((await jobs.claimDue(10))?.kind).toBe('create-ticket');
    });

    it('hands each job to one claimer only, however many claim at once', async () => {
      const db = await database();
      const stores = await db.replicas(3);
      const queues = stores.map((store, index) => openJobQueue(store, { owner: `replica-${index}` }));
      await stores[0]!.transaction(async () => {
        for (let index = 0; index < 60; index += 1) await queues[0]!.enqueue('create-ticket', { index }, 1);
      });
      const claimed: number[] = [];
      await Promise.all(
        queues.map(async (queue) => {
          for (;;) {
            const job = await queue.claimDue(10);
            if (!job) return;
            claimed.push(job.id);
            await queue.complete(job.id, 10);
          }
        }),
      );
      expect(claimed).toHaveLength(60);
      expect(new Set(claimed).size).toBe(60);
      expect(await queues[0]!.countByState()).toMatchObject({ queued: 0, running: 0, done: 60 });
    });

    it('a job whose lease ran out goes to another claimer; the first can no longer complete it as its own', async () => {
      const db = await database();
      const [one, two] = (await db.replicas(2)) as [Store, Store];
      const first = openJobQueue(one, { owner: 'replica-a', leaseMs: 1000 });
      const second = openJobQueue(two, { owner: 'replica-b', leaseMs: 1000 });
      const id = await first.enqueue('create-ticket', {}, 0);
      expect((await first.claimDue(10))?.id).toBe(id);
      expect(await second.claimDue(500)).toBeUndefined();
      expect(await first.renewLease(id, 900)).toBe(true);
      expect(await second.claimDue(1500)).toBeUndefined();
      expect(await second.claimDue(2000)).toMatchObject({ id, attempts: 2 });
      expect(await first.renewLease(id, 2001)).toBe(false);
    });
  });

  it('maps a reference to its issue number once known', async () => {
    const refs = openTicketReferences(await (await database()).open());
    await refs.add({ ref: 'RD-AAAA-BBBB', inboxId: 1, lang: 'fr', form: 'incident', createdAt: 5 });
    expect((await refs.get('RD-AAAA-BBBB'))?.issueNumber).toBeUndefined();
    await refs.setIssueNumber('RD-AAAA-BBBB', 42);
    expect((await refs.byIssueNumber(42))?.ref).toBe('RD-AAAA-BBBB');
    expect(await refs.get('RD-AAAA-BBBB')).toMatchObject({ issueNumber: 42, lang: 'fr', createdAt: 5 });
  });

  it('group commit: concurrent writes commit together; a failing write is undone alone and its caller hears it', async () => {
    const store = await (await database()).open();
    const inbox = openInbox(store);
    const commit = createGroupCommit(store);
    const results = await Promise.allSettled([
      commit(() => inbox.accept({ source: 'form', dedupeKey: 'a', payload: {}, now: 1 }, () => 'a')),
      commit(() =>
        inbox.accept({ source: 'form', dedupeKey: 'b', payload: {}, now: 1 }, () => {
          throw new Error('refused');
        }),
      ),
      commit(() => inbox.accept({ source: 'form', dedupeKey: 'c', payload: {}, now: 1 }, () => 'c')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await inbox.countBySource()).toEqual({ form: 2 });
  });

  it('refuses to start on a database migrated by a newer repodesk, in one line that says what to do', async () => {
    const db = await database();
    const store = await db.open();
    await store.run("INSERT INTO schema_migrations (domain, version) VALUES ('inbox', 99)");
    await store.close();
    const refused = await db.open().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StoreError);
    expect((refused as StoreError).code).toBe('store-newer');
    expect((refused as StoreError).message).toMatch(/newer repodesk \(inbox at version 99 /);
    expect((refused as StoreError).message).not.toContain('\n');
  });
});

describe('store failures', () => {
  it('names a damaged database file and the fix instead of starting on it', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'repodesk.sqlite'), 'this is not a database, just text'.repeat(200));
    const caught = await openStore({ dataDir: dir }).catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(StoreError);
    expect((caught as StoreError).code).toBe('store-corrupt');
    expect((caught as StoreError).message).toMatch(
      /repodesk\.sqlite: .*restore DATA_DIR from a backup|not a SQLite database/,
    );
  });
});

describe('references and status tokens', () => {
  it('makes references customers can read back, whatever the case or confusable letters', () => {
    const ref = newReference();
    expect(ref).toMatch(/^RD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(parseReference(ref.toLowerCase())).toBe(ref);
    expect(parseReference('rd 0o1l-abcd')).toBe('RD-0011-ABCD');
    expect(parseReference('RD-1234')).toBeUndefined();
  });

  it('signs a status token that verifies only for its own reference and survives a restart', () => {
    const dir = tempDir();
    const secret = createSecretKey(loadStatusSecret(dir));
    const token = signStatusToken(secret, 'RD-AAAA-BBBB');
    expect(verifyStatusToken(createSecretKey(loadStatusSecret(dir)), 'RD-AAAA-BBBB', token)).toBe(true);
    expect(verifyStatusToken(secret, 'RD-AAAA-BBBC', token)).toBe(false);
    expect(verifyStatusToken(secret, 'RD-AAAA-BBBB', token.slice(1))).toBe(false);
    expect(fs.statSync(path.join(dir, 'status-token.key')).mode & 0o777).toBe(0o600);
  });
});

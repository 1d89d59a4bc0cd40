import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openInbox } from '../../src/store/inbox.ts';
import { openJobQueue } from '../../src/store/job-queue.ts';
import { openStore, StoreError } from '../../src/store/open-store.ts';
import { newReference, openTicketReferences, parseReference } from '../../src/store/reference.ts';
import { loadStatusSecret, signStatusToken, verifyStatusToken } from '../../src/store/status-token.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('inbox', () => {
  it('stores an input once and returns the first result for the same dedupe key', () => {
    const store = openStore({ dataDir: tempDir() });
    const inbox = openInbox(store);
    const first = inbox.accept({ source: 'form', dedupeKey: 'k1', payload: { a: 1 }, now: 1 }, () => ({
      ref: 'RD-AAAA-BBBB',
    }));
    const second = inbox.accept({ source: 'form', dedupeKey: 'k1', payload: { a: 2 }, now: 2 }, () => ({
      ref: 'RD-CCCC-DDDD',
    }));
    expect(first).toMatchObject({ duplicate: false, result: { ref: 'RD-AAAA-BBBB' } });
    expect(second).toMatchObject({
      duplicate: true,
      samePayload: false,
      result: { ref: 'RD-AAAA-BBBB' },
      inboxId: first.inboxId,
    });
    // The same content, keys in another order: a genuine retry.
    const nested = inbox.accept(
      { source: 'form', dedupeKey: 'k3', payload: { b: { y: 1, x: [2, 3] }, a: 1 }, now: 3 },
      () => ({ ref: 'RD-EEEE-FFFF' }),
    );
    const retry = inbox.accept(
      { source: 'form', dedupeKey: 'k3', payload: { a: 1, b: { x: [2, 3], y: 1 } }, now: 4 },
      () => ({ ref: 'RD-GGGG-HHHH' }),
    );
    expect(nested.samePayload).toBe(true);
    expect(retry).toMatchObject({ duplicate: true, samePayload: true, result: { ref: 'RD-EEEE-FFFF' } });
    expect(inbox.get(first.inboxId)?.payload).toEqual({ a: 1 });
    expect(inbox.countBySource()).toEqual({ form: 2 });
    store.close();
  });

  it('keeps the input and its job together: a failure in the same transaction stores neither', () => {
    const store = openStore({ dataDir: tempDir() });
    const inbox = openInbox(store);
    const jobs = openJobQueue(store);
    expect(() =>
      inbox.accept({ source: 'form', dedupeKey: 'k2', payload: {}, now: 1 }, () => {
        jobs.enqueue('create-ticket', {}, 1);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(inbox.countBySource()).toEqual({});
    expect(jobs.countByState().queued).toBe(0);
    store.close();
  });

  it('survives a reopen: what was accepted is still there', () => {
    const dir = tempDir();
    const store = openStore({ dataDir: dir });
    openInbox(store).accept({ source: 'github', dedupeKey: 'delivery-1', payload: {}, now: 1 }, () => null);
    store.close();
    const again = openStore({ dataDir: dir });
    expect(openInbox(again).countBySource()).toEqual({ github: 1 });
    again.close();
  });
});

describe('job queue', () => {
  it('puts a job left running by a crash back in the queue with its attempt counted', () => {
    const dir = tempDir();
    const store = openStore({ dataDir: dir });
    const jobs = openJobQueue(store);
    const id = jobs.enqueue('create-ticket', { ref: 'x' }, 100);
    expect(jobs.claimDue(100)?.attempts).toBe(1);
    store.close();
    const reopened = openStore({ dataDir: dir });
    const queue = openJobQueue(reopened);
    expect(queue.recoverInterrupted(200)).toBe(1);
    expect(queue.claimDue(200)).toMatchObject({ id, attempts: 2, payload: { ref: 'x' } });
    reopened.close();
  });

  it('does not hand out a job before its time', () => {
    const store = openStore({ memory: true });
    const jobs = openJobQueue(store);
    jobs.enqueue('k', {}, 0, 1000);
    expect(jobs.claimDue(999)).toBeUndefined();
    expect(jobs.claimDue(1000)?.kind).toBe('k');
  });
});

describe('store failures', () => {
  it('names a damaged database file and the fix instead of starting on it', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'repodesk.sqlite'), 'this is not a database, just text'.repeat(200));
    let caught: unknown;
    try {
      openStore({ dataDir: dir });
    } catch (error) {
      caught = error;
    }
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
    const secret = loadStatusSecret(dir);
    const token = signStatusToken(secret, 'RD-AAAA-BBBB');
    expect(verifyStatusToken(loadStatusSecret(dir), 'RD-AAAA-BBBB', token)).toBe(true);
    expect(verifyStatusToken(secret, 'RD-AAAA-BBBC', token)).toBe(false);
    expect(verifyStatusToken(secret, 'RD-AAAA-BBBB', token.slice(1))).toBe(false);
    expect(fs.statSync(path.join(dir, 'status-token.key')).mode & 0o777).toBe(0o600);
  });

  it('maps a reference to its issue number once known', () => {
    const store = openStore({ memory: true });
    const refs = openTicketReferences(store);
    refs.add({ ref: 'RD-AAAA-BBBB', inboxId: 1, lang: 'fr', form: 'incident', createdAt: 5 });
    expect(refs.get('RD-AAAA-BBBB')?.issueNumber).toBeUndefined();
    refs.setIssueNumber('RD-AAAA-BBBB', 42);
    expect(refs.byIssueNumber(42)?.ref).toBe('RD-AAAA-BBBB');
  });
});

describe('group commit', () => {
  it('commits concurrent writes together; a failing write is undone alone and its caller hears it', async () => {
    const { createGroupCommit } = await import('../../src/store/group-commit.ts');
    const store = openStore({ dataDir: tempDir() });
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
    expect(inbox.countBySource()).toEqual({ form: 2 });
    store.close();
  });
});

describe('claiming jobs by kind', () => {
  it('finds a due job of an allowed kind behind many of another kind (mail keeps flowing while GitHub is paused)', () => {
    const store = openStore({ memory: true });
    const jobs = openJobQueue(store);
    for (let index = 0; index < 200; index += 1) jobs.enqueue('create-ticket', {}, 1);
    jobs.enqueue('mail-send', { key: 'ack' }, 2);
    expect(jobs.claimDue(10, ['mail-send'])?.payload).toEqual({ key: 'ack' });
    expect(jobs.claimDue(10, [])).toBeUndefined();
    expect(jobs.claimDue(10)?.kind).toBe('create-ticket');
  });
});

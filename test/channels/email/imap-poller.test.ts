import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/config/logger.ts';
import { acceptRawMessage } from '../../../src/channels/email/accept-raw-message.ts';
import { openMailStore } from '../../../src/store/mail-store.ts';
import type { MailStore } from '../../../src/store/mail-store.ts';
import { startImapPoller } from '../../../src/channels/email/imap-poller.ts';
import type { ImapPoller } from '../../../src/channels/email/imap-poller.ts';
import { openStore } from '../../../src/store/open-store.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { dovecotInstalled, startDovecot } from './dovecot.ts';
import type { Dovecot } from './dovecot.ts';
import { rawMail, readEmail } from '../../support/email-fixtures.ts';
import { startTcpCutter } from './tcp-cutter.ts';

const log = createLogger({ level: 'error', write: () => {} });

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!dovecotInstalled(import.meta.filename))('IMAP poller against a real Dovecot', () => {
  let dovecot: Dovecot;
  let store: Store;
  let mailStore: MailStore;
  let poller: ImapPoller | undefined;
  const queued: number[] = [];

  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(async () => {
    await dovecot?.stop();
  });
  afterEach(async () => {
    await poller?.close();
    poller = undefined;
    await store?.close();
    queued.length = 0;
  });

  async function freshStore(): Promise<void> {
    store = await openStore({ memory: true });
    mailStore = openMailStore(store);
  }

  const accept = async (raw: Uint8Array) => {
    await acceptRawMessage(
      {
        mailStore,
        enqueue: async (id) => {
          queued.push(id);
        },
        now: Date.now(),
      },
      raw,
      'imap',
    );
  };

  it('takes every message in the inbox, stores it, then flags and moves it to repodesk-done', async () => {
    await freshStore();
    await dovecot.append(readEmail('french-latin1.eml'));
    await dovecot.append(readEmail('outlook-reply-fr.eml'));
    poller = startImapPoller({ url: dovecot.url, accept, log, pollMs: 60_000 });
    await waitFor(() => poller?.status().handled === 2);
    expect(await mailStore.counts()).toEqual({ queued: 2, done: 0, quarantined: 0 });
    expect(queued).toHaveLength(2);
    expect(await dovecot.list('INBOX')).toEqual([]);
    const done = await dovecot.list('repodesk-done');
    // The first test of the suite: the done folder was created by the poller and holds exactly these two.
    expect(done).toHaveLength(2);
    expect(done.every((message) => message.flags.includes('\\Seen'))).toBe(true);
  });

  it('a message arriving while connected is picked up through IDLE, without waiting for the poll', async () => {
    await freshStore();
    poller = startImapPoller({ url: dovecot.url, accept, log, pollMs: 600_000 });
    await waitFor(() => poller?.status().connected === true);
    await dovecot.append(rawMail({ messageId: 'idle-1@exemple-client.fr' }));
    await waitFor(() => poller?.status().handled === 1);
    expect((await mailStore.counts()).queued).toBe(1);
  });

  it('a message is marked done only after it was stored: while storing, it is still unseen in the inbox', async () => {
    await freshStore();
    await dovecot.append(rawMail({ messageId: 'order-1@exemple-client.fr' }));
    const seenDuringAccept: { uid: number; flags: string[] }[][] = [];
    poller = startImapPoller({
      url: dovecot.url,
      log,
      accept: async (raw) => {
        seenDuringAccept.push(await dovecot.list('INBOX'));
        await accept(raw);
      },
    });
    await waitFor(() => poller?.status().handled === 1);
    expect(seenDuringAccept).toHaveLength(1);
    expect(seenDuringAccept[0]).toHaveLength(1);
    expect(seenDuringAccept[0]?.[0]?.flags).not.toContain('\\Seen');
  });

  it('a store that cannot persist leaves the message in the inbox, and it is taken once the store works', async () => {
    await freshStore();
    await dovecot.append(rawMail({ messageId: 'store-down-1@exemple-client.fr' }));
    let failing = true;
    poller = startImapPoller({
      url: dovecot.url,
      log,
      backoffMs: { min: 100, max: 200 },
      accept: async (raw) => {
        if (failing) throw new Error('disk full');
        await accept(raw);
      },
    });
    await waitFor(() => (poller?.status().failures ?? 0) >= 1);
    expect(await dovecot.list('INBOX')).toHaveLength(1);
    expect((await mailStore.counts()).queued).toBe(0);
    failing = false;
    await waitFor(() => poller?.status().handled === 1);
    expect(await dovecot.list('INBOX')).toEqual([]);
    expect((await mailStore.counts()).queued).toBe(1);
  });

  it('the connection dropped after storing but before the move: the message is fetched again, stored once, moved', async () => {
    await freshStore();
    const cutter = await startTcpCutter(dovecot.port);
    await dovecot.append(rawMail({ messageId: 'drop-1@exemple-client.fr' }));
    const doneBefore = (await dovecot.list('repodesk-done')).length;
    let calls = 0;
    poller = startImapPoller({
      url: dovecot.url.replace(`:${dovecot.port}/`, `:${cutter.port}/`),
      log,
      backoffMs: { min: 100, max: 400 },
      accept: async (raw) => {
        calls += 1;
        await accept(raw);
        // The network goes away before the flag and move commands.
        if (calls === 1) cutter.cutAll();
      },
    });
    await waitFor(() => poller?.status().handled === 1, 30_000);
    await cutter.close();
    expect(calls).toBe(2);
    expect(await mailStore.counts()).toEqual({ queued: 1, done: 0, quarantined: 0 });
    expect(queued).toHaveLength(1);
    expect(await dovecot.list('INBOX')).toEqual([]);
    expect(await dovecot.list('repodesk-done')).toHaveLength(doneBefore + 1);
  });

  it('the connection killed in the middle of fetching a 2 MB message: nothing half-stored, stored once after reconnecting', async () => {
    await freshStore();
    const cutter = await startTcpCutter(dovecot.port);
    const big = rawMail({
      messageId: 'midfetch-1@exemple-client.fr',
      body: 'x'.repeat(76).concat('\r\n').repeat(27_000),
    });
    await dovecot.append(big);
    const sizes: number[] = [];
    poller = startImapPoller({
      url: dovecot.url.replace(`:${dovecot.port}/`, `:${cutter.port}/`),
      log,
      backoffMs: { min: 100, max: 400 },
      accept: async (raw) => {
        sizes.push(raw.byteLength);
        await accept(raw);
      },
    });
    // Login, folder list and search are a few kilobytes; the cut lands inside the 2 MB literal.
    cutter.cutAfterDownstreamBytes(300_000);
    await waitFor(() => poller?.status().handled === 1, 30_000);
    await cutter.close();
    expect(cutter.cuts()).toBe(1);
    expect(sizes).toEqual([big.byteLength]);
    const stored = await mailStore.getInbound(1);
    expect(stored && Buffer.from(stored.raw).equals(big)).toBe(true);
    expect(await mailStore.counts()).toEqual({ queued: 1, done: 0, quarantined: 0 });
    expect(await dovecot.list('INBOX')).toEqual([]);
  });

  it('kill -9 of the poller after the durable write, before the move: after restart, stored once and moved', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-imap-crash-'));
    await dovecot.append(rawMail({ messageId: 'kill9-1@exemple-client.fr' }));
    const childScript = path.resolve(import.meta.dirname, 'imap-crash-child.ts');
    const start = (mode: string, killWhen: (line: string) => boolean) => {
      const proc = spawn(process.execPath, [childScript, dataDir, dovecot.url, mode], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const lines: string[] = [];
      proc.stdout.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          lines.push(line);
          if (killWhen(line)) proc.kill('SIGKILL');
        }
      });
      const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
      return { lines, exited, kill: () => proc.kill('SIGKILL') };
    };
    const first = start('slow', (line) => line.startsWith('stored'));
    await first.exited;
    expect(first.lines).toEqual(['stored 1 new']);
    expect(await dovecot.list('INBOX')).toHaveLength(1);
    const second = start('', () => false);
    try {
      await waitFor(async () => (await dovecot.list('INBOX')).length === 0);
      // The restarted poller found it again, the store recognised it, and only then it was moved.
      expect(second.lines).toEqual(['stored 1 duplicate']);
      const check = await openStore({ dataDir });
      expect(await openMailStore(check).counts()).toEqual({ queued: 1, done: 0, quarantined: 0 });
      await check.close();
    } finally {
      second.kill();
      await second.exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

// RELIABILITY 29 and 39 with real damage (issue 11, item 8): garbage written into the bot's SQLite file.
// A damaged header, or a damaged page of a table, stops `repodesk serve` at start with one line naming the
// file and the fix (PRAGMA quick_check finds the page), never a stack trace. A page damaged while the bot
// runs, in a table only the worker reads, turns /healthz red with the reason instead of failing every job
// behind a green health check.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import {
  eventually,
  incidentSubmission,
  postRequest,
  startHarness,
  type Harness,
} from '../support/bot-harness.ts';
import { startServe, type ServeChild } from '../support/serve-child.ts';

let harness: Harness | undefined;
let standin: Standin | undefined;
const children: ServeChild[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) await child.stop();
  await harness?.close();
  harness = undefined;
  await standin?.close();
  standin = undefined;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Overwrites `length` bytes at `offset` of `file` with a pattern no SQLite page has. */
function scribble(file: string, offset: number, length: number): void {
  const handle = fs.openSync(file, 'r+');
  try {
    fs.writeSync(handle, Buffer.alloc(length, 0xa5), 0, length, offset);
  } finally {
    fs.closeSync(handle);
  }
}

/** Where table `name`'s first page starts in the file, its size, after moving every page out of the WAL. */
function tablePage(file: string, name: string): { offset: number; size: number } {
  const db = new DatabaseSync(file);
  try {
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const root = Number(db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(name)?.rootpage);
    const size = Number(db.prepare('PRAGMA page_size').get()?.page_size);
    return { offset: (root - 1) * size, size };
  } finally {
    db.close();
  }
}

/** What a process printed to stderr that is not a JSON log line. */
const plainLines = (log: string) =>
  log.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));

async function stoppedBotFolder(): Promise<{ dataDir: string; serve: () => ServeChild }> {
  standin = await startStandin({
    users: [{ login: 'repodesk-bot', token: 'bot-token', type: 'Bot' }],
    repos: ['acme/support'],
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-corrupt-'));
  dirs.push(dataDir);
  const url = standin.url;
  const serve = () => {
    const child = startServe({ standinUrl: url, dataDir, env: { SWEEP_EVERY: 'off' } });
    children.push(child);
    return child;
  };
  // A bot that ran once and accepted a request, then stopped cleanly.
  const first = serve();
  const botUrl = await first.url;
  expect((await postRequest(botUrl, incidentSubmission(Date.now()))).status).toBe(202);
  await first.stop();
  return { dataDir, serve };
}

describe('a damaged store file at start', () => {
  it.each([
    {
      what: 'a damaged header',
      damage: (file: string) => scribble(file, 0, 100),
      says: 'file is not a database; its header is damaged or it is not a SQLite database; restore it from a backup, or move it aside to start with an empty store',
    },
    {
      what: 'a damaged page of the inbox table',
      damage: (file: string) => {
        const page = tablePage(file, 'inbox');
        scribble(file, page.offset + 8, page.size - 8);
      },
      says: 'the integrity check (PRAGMA quick_check) found damage: ',
    },
  ])('$what: repodesk serve exits 1 with one line naming the file and the fix', async ({ damage, says }) => {
    const { dataDir, serve } = await stoppedBotFolder();
    const file = path.join(dataDir, 'repodesk.sqlite');
    damage(file);
    const child = serve();
    const outcome = await Promise.race([
      child.exited.then(({ code }) => `exited ${code}`),
      child.url.then(
        () => 'listening',
        // Exiting is the other branch's answer.
        () => new Promise<string>(() => {}),
      ),
    ]);
    expect(outcome).toBe('exited 1');
    const lines = plainLines(child.log());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`repodesk serve: cannot start: ${file}: `);
    expect(lines[0]).toContain(says);
    expect(lines[0]).toMatch(
      /; restore (it|DATA_DIR) from a backup, or move (it|the file) aside to start with an empty store$/,
    );
    expect(child.log()).not.toMatch(/^\s+at /m);
  });
});

describe('a page damaged while the bot runs', () => {
  it('in a table only the worker reads: /healthz turns red with the reason, and the job waits instead of dying', async () => {
    harness = await startHarness({ runWorker: false });
    const accepted = await postRequest(harness.url, incidentSubmission(harness.bot.context.clock()));
    expect(accepted.status).toBe(202);
    const file = path.join(harness.dataDir, 'repodesk.sqlite');
    const page = tablePage(file, 'inbox');
    scribble(file, page.offset + 8, page.size - 8);
    // Another connection's write makes the bot read its pages from disk again, as after any change.
    const other = new DatabaseSync(file);
    other.exec('CREATE TABLE poke (x); DROP TABLE poke;');
    other.close();

    harness.bot.worker.start();
    // The worker's first look at the queue meets the damaged page.
    const job = await eventually(async () => {
      const row = await harness!.bot.context.store.get(
        "SELECT state, attempts, last_error FROM jobs WHERE kind = 'create-ticket'",
      );
      return row?.last_error ? row : undefined;
    });
    const response = await fetch(`${harness.url}/healthz`);
    const health = {
      status: response.status,
      body: (await response.json()) as { store: { ok: boolean; error?: string }; worker: { alive: boolean } },
    };
    expect(health.body.worker.alive).toBe(true);
    expect(health.status).toBe(503);
    expect(health.body.store.error).toMatch(
      /^store-corrupt: .*repodesk\.sqlite: database disk image is malformed; the database file is damaged; restore DATA_DIR from a backup or move the file aside$/,
    );
    // Not dead-lettered for what is the store's fault: queued again, its attempt given back.
    expect(job).toMatchObject({ state: 'queued', attempts: 0 });
    expect(String(job?.last_error)).toMatch(/^store-corrupt: /);
  });
});

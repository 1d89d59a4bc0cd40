// RELIABILITY 38 (issue 11, item 7) with real processes: a second `repodesk serve` on a data folder in use
// refuses to start, in one line naming the first (pid, start time), and exits non-zero, before it touches
// the queue; the first keeps serving. A bot killed with kill -9 leaves no lock behind: the next one starts.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { startServe, type ServeChild } from '../support/serve-child.ts';

const children: ServeChild[] = [];
let standin: Standin | undefined;
let dataDir = '';
afterEach(async () => {
  for (const child of children.splice(0)) await child.stop();
  await standin?.close();
  standin = undefined;
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function setup(): Promise<{ serve: () => ServeChild }> {
  standin = await startStandin({
    users: [{ login: 'repodesk-bot', token: 'bot-token', type: 'Bot' }],
    repos: ['acme/support'],
  });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-lock-'));
  const url = standin.url;
  return {
    serve() {
      const child = startServe({ standinUrl: url, dataDir, env: { SWEEP_EVERY: 'off' } });
      children.push(child);
      return child;
    },
  };
}

/** What a refused start printed that is not a JSON log line. */
const plainLines = (log: string) =>
  log.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));

describe('two bots on one data folder', () => {
  it('the second refuses to start in one line naming the first, and exits 1; the first keeps serving', async () => {
    const { serve } = await setup();
    const first = serve();
    const firstUrl = await first.url;
    const second = serve();
    const outcome = await Promise.race([
      second.exited.then(({ code }) => `exited ${code}`),
      second.url.then(
        () => 'listening',
        // Exiting is the other branch's answer.
        () => new Promise<string>(() => {}),
      ),
    ]);
    expect(outcome).toBe('exited 1');
    const lines = plainLines(second.log());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^repodesk serve: cannot start: DATA_DIR ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by another repodesk bot \\(pid ${first.process.pid}, started \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\); stop it first, or give this bot its own DATA_DIR$`,
      ),
    );
    // It never listened, and the first is untouched.
    expect(second.log()).not.toContain('"msg":"bot listening"');
    expect((await fetch(`${firstUrl}/healthz`)).status).toBe(200);
  });

  it('a bot killed with kill -9 leaves no lock: the next one starts on the same folder', async () => {
    const { serve } = await setup();
    const first = serve();
    await first.url;
    first.process.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const next = serve();
    const url = await next.url;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    // And the one after a clean stop too.
    await next.stop();
    const third = serve();
    expect((await fetch(`${await third.url}/healthz`)).status).toBe(200);
  });
});

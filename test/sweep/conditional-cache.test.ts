// `repodesk sweep --cache FILE` (what the Actions workflow keeps with actions/cache) remembers the ETags
// of the open-issue pages, so the next run, a fresh process, asks with If-None-Match and an unchanged desk
// costs 304s, which GitHub does not count against the rate limit. Requests are counted at the stand-in.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ticketMarker } from '../../src/intake/render-issue-body.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { ticketFactsMarker } from '../../src/tickets/markers.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/repodesk.js', import.meta.url).pathname;
const root = new URL('../fixtures/sla/rules', import.meta.url).pathname;
const listRoute = 'GET /repos/{owner}/{repo}/issues';
let standin: Standin;
let dir: string;
let cacheFile: string;

async function sweep(): Promise<void> {
  await run(process.execPath, [bin, 'sweep', '--root', root, '--cache', cacheFile], {
    env: {
      ...process.env,
      GITHUB_TOKEN: 'bot-token',
      GITHUB_REPOSITORY: 'acme/support',
      GITHUB_API_URL: standin.url,
    },
  });
}

beforeAll(async () => {
  standin = await startStandin({ users: [{ login: 'repodesk-bot', token: 'bot-token' }] });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-sweep-cache-'));
  cacheFile = path.join(dir, 'sweep.json');
  // 150 fresh tickets, two pages of open issues; nothing can be due yet, so no timeline is read.
  const body = `${ticketMarker('R-1', 'k')}${ticketFactsMarker({ channel: 'web', language: 'fr' })}\nMon mot de passe ne marche plus`;
  for (let index = 0; index < 150; index += 1) {
    const response = await fetch(`${standin.url}/repos/acme/support/issues`, {
      method: 'POST',
      headers: { authorization: 'token bot-token', 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Demande ${index}`, body, labels: ['status: new', 'team: it'] }),
    });
    expect(response.status).toBe(201);
  }
}, 120_000);

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('an unchanged desk costs 304s for the open-issue pages on the next run, and the file keeps no request text', async () => {
  standin.resetStats();
  await sweep();
  // The first run reads both pages in full.
  expect(standin.stats()).toMatchObject({ notModified: 0, writes: 0 });
  expect(standin.stats().requests[listRoute]).toBe(2);
  const saved = fs.readFileSync(cacheFile, 'utf8');
  expect(saved).not.toContain('Mon mot de passe');
  expect(saved).toContain('<!-- repodesk:facts channel=web language=fr -->');

  standin.resetStats();
  await sweep();
  // A fresh process with the cache file: both pages answered 304, nothing else but who we are.
  expect(standin.stats()).toMatchObject({ notModified: 2, writes: 0, total: 3 });
  expect(standin.stats().requests[listRoute]).toBe(2);

  // The same run without the saved ETags (a cache of the previous format) pays for both pages again.
  const withoutPages = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(cacheFile, JSON.stringify({ ...withoutPages, version: 1, pages: undefined }));
  standin.resetStats();
  await sweep();
  expect(standin.stats()).toMatchObject({ notModified: 0, writes: 0, total: 3 });

  // A change on the desk is seen: the page holding the new ticket is read again.
  await fetch(`${standin.url}/repos/acme/support/issues`, {
    method: 'POST',
    headers: { authorization: 'token bot-token', 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Nouvelle demande', body: 'Bonjour', labels: ['status: new'] }),
  });
  standin.resetStats();
  await sweep();
  expect(standin.stats().notModified).toBe(1);
  expect(standin.stats().requests[listRoute]).toBe(2);
});

// Issue 19 item 6: the form rate limits are desk.yaml's `rateLimits`, validated, applied by `repodesk serve`
// at start and on reload (SIGHUP), through its real startup path and POST /api/requests.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startStandin } from '../../src/standin/start-standin.ts';
import { eventually, incidentSubmission, postRequest, repoRoot } from '../support/bot-harness.ts';
import { startServe } from '../support/serve-child.ts';

const run = promisify(execFile);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A copy of the template's rules/ and kb/ whose desk.yaml ends with `rateLimits` (YAML text). */
function deskWith(rateLimits: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-limits-'));
  cleanups.push(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.cpSync(path.join(repoRoot, 'rules'), path.join(root, 'rules'), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'kb'), path.join(root, 'kb'), { recursive: true });
  setRateLimits(root, rateLimits);
  return root;
}

function setRateLimits(root: string, rateLimits: string): void {
  const file = path.join(root, 'rules/desk.yaml');
  const desk = fs.readFileSync(file, 'utf8').replace(/\nrateLimits:\n(?: {2}.*\n)*/, '\n');
  fs.writeFileSync(file, `${desk.trimEnd()}\n\nrateLimits:\n${rateLimits}`);
}

async function serveOver(root: string) {
  const standin = await startStandin({ users: [{ login: 'repodesk-bot', token: 'bot-token', type: 'Bot' }] });
  cleanups.push(() => standin.close());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-limits-data-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const child = startServe({ standinUrl: standin.url, dataDir, env: { REPODESK_ROOT: root } });
  cleanups.push(() => child.stop());
  return { child, url: await child.url };
}

/** A valid submission from its own address (so only the per-IP limit counts). */
function from(index: number) {
  return incidentSubmission(Date.now(), {
    requester: { name: `Client ${index}`, email: `client${index}@example.org` },
  });
}

async function statuses(url: string, count: number, start: number): Promise<number[]> {
  const seen: number[] = [];
  for (let index = start; index < start + count; index += 1) {
    seen.push((await postRequest(url, from(index))).status);
  }
  return seen;
}

describe('rateLimits in desk.yaml', () => {
  it('sets the per-IP limit the bot applies, and a reload applies a new one', async () => {
    const root = deskWith(
      '  perIp: { burst: 2, refillSeconds: 45 }\n  perEmail: { burst: 100, refillSeconds: 1 }\n',
    );
    const { child, url } = await serveOver(root);
    expect(await statuses(url, 2, 0)).toEqual([202, 202]);
    const limited = await postRequest(url, from(2));
    expect(limited.status).toBe(429);
    // 45 s for the spent request, less what refilled while the test ran: the setting, not the default 60.
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(30);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(45);

    // An admin behind a company proxy raises the limit; SIGHUP reloads it.
    setRateLimits(
      root,
      '  perIp: { burst: 4, refillSeconds: 45 }\n  perEmail: { burst: 100, refillSeconds: 1 }\n',
    );
    const reloadsBefore = child.log().split('"msg":"rules reloaded"').length;
    child.process.kill('SIGHUP');
    await eventually(async () => child.log().split('"msg":"rules reloaded"').length > reloadsBefore);
    expect(await statuses(url, 5, 10)).toEqual([202, 202, 202, 202, 429]);
  });

  it('sets the per-address limit, and the defaults are the limits the bot applied before', async () => {
    const root = deskWith('  perEmail: { burst: 2, refillSeconds: 120 }\n');
    const { url } = await serveOver(root);
    const same = () => incidentSubmission(Date.now());
    const seen = [];
    for (let index = 0; index < 3; index += 1) seen.push(await postRequest(url, same()));
    expect(seen.map((response) => response.status)).toEqual([202, 202, 429]);
    // Not the default 600 s: the setting's 120, less what refilled meanwhile.
    expect(Number(seen[2]?.headers.get('retry-after'))).toBeGreaterThan(100);
    expect(Number(seen[2]?.headers.get('retry-after'))).toBeLessThanOrEqual(120);
    expect(((await seen[2]?.json()) as { error: string }).error).toContain('email address');
    // perIp was left out: its default, 10 at once, still holds (2 taken above, the third was refused by address).
    expect(await statuses(url, 8, 20)).toEqual([202, 202, 202, 202, 202, 202, 202, 429]);
  });

  it.each([
    [
      'a burst of zero',
      '  perIp: { burst: 0 }\n',
      /rules\/desk\.yaml:\d+:\d+ error rateLimits\.perIp\.burst: .*1/,
    ],
    [
      'a negative refill',
      '  perEmail: { refillSeconds: -5 }\n',
      /rules\/desk\.yaml:\d+:\d+ error rateLimits\.perEmail\.refillSeconds: /,
    ],
    [
      'an unknown key',
      '  perAddress: { burst: 3 }\n',
      /rules\/desk\.yaml:\d+:\d+ error rateLimits\.perAddress: /,
    ],
    [
      'text for a number',
      "  perIp: { burst: 'ten' }\n",
      /rules\/desk\.yaml:\d+:\d+ error rateLimits\.perIp\.burst: /,
    ],
  ])('refuses %s with the file, line and field', async (_name, rateLimits, says) => {
    const root = deskWith(rateLimits);
    const outcome = await run(process.execPath, [
      path.join(repoRoot, 'src/cli/main.ts'),
      'validate',
      '--root',
      root,
    ]).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(says);
  });
});

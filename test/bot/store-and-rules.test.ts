// RELIABILITY 29 and 30 as the bot lives them: a store it cannot write answers 503 (never a silent 202)
// and turns /healthz red; invalid rules are refused at start and on reload, the last valid ones stay
// (reloads through the watcher and SIGHUP of a running `repodesk serve`: rules-reload.test.ts).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createChallenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { afterEach, describe, expect, it } from 'vitest';
import { reloadRules } from '../../src/bot/watch-rules.ts';
import {
  incidentSubmission,
  manualClock,
  postRequest,
  repoRoot,
  startHarness,
  type Harness,
} from '../support/bot-harness.ts';

let harness: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function copyOfRoot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-root-'));
  dirs.push(dir);
  fs.cpSync(path.join(repoRoot, 'rules'), path.join(dir, 'rules'), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'kb'), path.join(dir, 'kb'), { recursive: true });
  return dir;
}

function breakRouting(root: string): void {
  const file = path.join(root, 'rules', 'routing.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/team: (\S+)/, 'team: no-such-team'));
}

describe('a store the bot cannot write', () => {
  it('answers 503 with Retry-After instead of accepting, and /healthz turns red', async () => {
    harness = await startHarness({ runWorker: false, storeBusyTimeoutMs: 100 });
    const locker = new DatabaseSync(path.join(harness.dataDir, 'repodesk.sqlite'));
    locker.exec('BEGIN EXCLUSIVE');
    try {
      const response = await postRequest(harness.url, incidentSubmission(harness.bot.context.clock()));
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('30');
      const health = await fetch(`${harness.url}/healthz`);
      expect(health.status).toBe(503);
      expect(((await health.json()) as { store: { ok: boolean; error: string } }).store).toMatchObject({
        ok: false,
        error: expect.stringContaining('another process holds the database file'),
      });
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    expect((await postRequest(harness.url, incidentSubmission(harness.bot.context.clock()))).status).toBe(
      202,
    );
  });
});

describe('rules', () => {
  it('repodesk serve refuses to start on invalid rules and prints each problem with file:line:col', () => {
    const root = copyOfRoot();
    breakRouting(root);
    const result = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'src/cli/main.ts'), 'serve', '--root', root, '--port', '0'],
      {
        env: {
          PATH: process.env.PATH,
          GITHUB_TOKEN: 't',
          GITHUB_REPOSITORY: 'acme/support',
          WEBHOOK_SECRET: 's',
          DATA_DIR: path.join(root, '.data'),
        },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/rules\/routing\.yaml:\d+:\d+ error .*no-such-team/);
  });

  it('repodesk serve names each missing variable and its fix', () => {
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'src/cli/main.ts'), 'serve'], {
      env: { PATH: process.env.PATH, GITHUB_REPOSITORY: 'not a repo', RULES_WATCH: 'sometimes' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('GITHUB_TOKEN: missing; set GITHUB_TOKEN');
    expect(result.stderr).toContain('GITHUB_REPOSITORY: expected "owner/repo", found "not a repo"');
    expect(result.stderr).toContain('WEBHOOK_SECRET: missing');
    expect(result.stderr).toContain(
      'RULES_WATCH: expected on or off, found "sometimes"; for example RULES_WATCH=off to reload rules on SIGHUP only',
    );
  });

  it('a reload with invalid rules keeps the last valid ones; a valid reload applies', async () => {
    harness = await startHarness({ runWorker: false });
    const root = copyOfRoot();
    const before = harness.bot.context.rules.current;
    breakRouting(root);
    expect(await reloadRules(harness.bot.context, root)).toBe('refused');
    expect(harness.bot.context.rules.current).toBe(before);
    fs.cpSync(path.join(repoRoot, 'rules', 'routing.yaml'), path.join(root, 'rules', 'routing.yaml'));
    expect(await reloadRules(harness.bot.context, root)).toBe('applied');
    expect(harness.bot.context.rules.current).not.toBe(before);
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    expect(metrics).toContain('repodesk_rules_reloads_total{outcome="refused"} 1');
    expect(metrics).toContain('repodesk_rules_reloads_total{outcome="applied"} 1');
  });
});

describe('proof of work (REQUIRE_ALTCHA=1)', () => {
  async function solvedChallenge(url: string): Promise<string> {
    const challenge = (await (await fetch(`${url}/api/altcha`)).json()) as Awaited<
      ReturnType<typeof createChallenge>
    >;
    const solution = await solveChallenge({ challenge, deriveKey });
    expect(solution).not.toBeNull();
    return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
  }

  it('refuses a submission without a solved challenge, accepts a solved one once', async () => {
    harness = await startHarness({ runWorker: false, requireAltcha: true });
    const now = harness.bot.context.clock();
    const missing = await postRequest(harness.url, incidentSubmission(now));
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('altcha');
    const altcha = await solvedChallenge(harness.url);
    const first = incidentSubmission(now, { altcha });
    const accepted = await postRequest(harness.url, first);
    expect(accepted.status).toBe(202);
    const { ref } = (await accepted.json()) as { ref: string };
    // The same solution again (a replay with another idempotency key) is refused.
    expect((await postRequest(harness.url, incidentSubmission(now, { altcha }))).status).toBe(422);
    // The same submission again (a double click, a lost answer) gets its reference back.
    const again = await postRequest(harness.url, first);
    expect(again.status).toBe(202);
    expect(((await again.json()) as { ref: string }).ref).toBe(ref);
  });

  it('refuses a solution to a challenge older than ten minutes on the bot clock', async () => {
    const clock = manualClock();
    harness = await startHarness({ runWorker: false, requireAltcha: true, clock: clock.now });
    const altcha = await solvedChallenge(harness.url);
    clock.advance(10 * 60_000 + 1);
    const late = await postRequest(harness.url, incidentSubmission(clock.now(), { altcha }));
    expect(late.status).toBe(422);
    expect(((await late.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('altcha');
  });
});

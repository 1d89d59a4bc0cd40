// `repodesk doctor` checks every repository desk.yaml lists (confidential queues, issue 13), not only
// GITHUB_REPOSITORY: each must be reachable and writable with the bot's credentials, or the check fails naming
// the repository and the fix. Run through the CLI against the GitHub stand-in.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startStandin, type StandinOptions } from '../../src/standin/start-standin.ts';
import { repoRoot } from '../support/bot-harness.ts';
import { runCli } from '../support/cli-child.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The template desk with `acme/support` as its default repository and `list` as its repositories. */
function desk(list: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-doctor-queues-'));
  cleanups.push(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.cpSync(path.join(repoRoot, 'rules'), path.join(root, 'rules'), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'kb'), path.join(root, 'kb'), { recursive: true });
  const file = path.join(root, 'rules', 'desk.yaml');
  fs.writeFileSync(
    file,
    fs
      .readFileSync(file, 'utf8')
      .replace('repository: cassiopee/support\n', `repository: acme/support\nrepositories: ${list}\n`),
  );
  return root;
}

async function repositoryCheck(
  list: string,
  options: Pick<StandinOptions, 'repos' | 'users'>,
): Promise<{ status: string; found: string; fix?: string }> {
  const github = await startStandin(options);
  cleanups.push(async () => {
    expect(github.responseErrors()).toEqual([]);
    await github.close();
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-doctor-data-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const result = await runCli(['doctor', '--format', 'json'], {
    GITHUB_TOKEN: 'bot-token',
    GITHUB_REPOSITORY: 'acme/support',
    GITHUB_API_URL: github.url,
    WEBHOOK_SECRET: 'doctor-secret-value',
    DATA_DIR: dataDir,
    REPODESK_ROOT: desk(list),
  });
  const report = JSON.parse(result.stdout) as {
    checks: { name: string; status: string; found: string; fix?: string }[];
  };
  expect(report.checks.find((check) => check.name === 'rules')?.status).toBe('ok');
  return report.checks.find((check) => check.name === 'repository')!;
}

const both = ['acme/support', 'acme/support-hr'];

describe('repodesk doctor: the desk’s repositories', () => {
  it('passes when the token reaches and may write every listed repository, naming each', async () => {
    const check = await repositoryCheck('[acme/support, acme/support-hr]', {
      repos: both,
      users: [{ login: 'repodesk-bot', token: 'bot-token', scopes: ['repo'] }],
    });
    expect(check).toEqual({
      name: 'repository',
      status: 'ok',
      found: 'acme/support is reachable\nacme/support-hr is reachable',
    });
  });

  it.each([
    [
      'a listed repository the token cannot see',
      { repos: both, role: { 'acme/support': 'write' } as const },
      'acme/support is reachable\nacme/support-hr: GET /repos/acme/support-hr failed (404, not-found): Not Found',
      "fix repositories in rules/desk.yaml, or give the token's account access to acme/support-hr",
    ],
    [
      'a listed repository that does not exist',
      { repos: ['acme/support'], role: 'write' as const },
      'acme/support is reachable\nacme/support-hr: GET /repos/acme/support-hr failed (404, not-found): Not Found',
      "fix repositories in rules/desk.yaml, or give the token's account access to acme/support-hr",
    ],
    [
      'a listed repository the token may only read',
      { repos: both, role: { 'acme/support': 'write', 'acme/support-hr': 'read' } as const },
      'acme/support is reachable\nacme/support-hr is reachable, but read-only for these credentials',
      'give the account at least triage (better write) access to acme/support-hr',
    ],
  ])('fails on %s, naming it and the fix', async (_case, setup, found, fix) => {
    const check = await repositoryCheck('[acme/support, acme/support-hr]', {
      repos: setup.repos,
      users: [{ login: 'repodesk-bot', token: 'bot-token', scopes: ['repo'], role: setup.role }],
    });
    expect(check).toEqual({ name: 'repository', status: 'failed', found, fix });
  });
});

describe('repodesk doctor --fix: the desk labels in every repository', () => {
  /** A stand-in with both repositories, empty of labels, and `repodesk doctor` run against it with `list`. */
  async function standinWithBoth() {
    const github = await startStandin({
      repos: both,
      users: [{ login: 'repodesk-bot', token: 'bot-token', scopes: ['repo'] }],
    });
    cleanups.push(async () => {
      expect(github.responseErrors()).toEqual([]);
      await github.close();
    });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-doctor-data-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const doctor = async (list: string, ...args: string[]) => {
      const result = await runCli(['doctor', '--format', 'json', ...args], {
        GITHUB_TOKEN: 'bot-token',
        GITHUB_REPOSITORY: 'acme/support',
        GITHUB_API_URL: github.url,
        WEBHOOK_SECRET: 'doctor-secret-value',
        DATA_DIR: dataDir,
        REPODESK_ROOT: desk(list),
      });
      const report = JSON.parse(result.stdout) as {
        checks: { name: string; status: string; found: string; fix?: string }[];
      };
      return report.checks.find((check) => check.name === 'labels')!;
    };
    const labels = async (repository: string) => {
      const response = await fetch(`${github.url}/repos/${repository}/labels?per_page=100`, {
        headers: { authorization: 'token bot-token' },
      });
      return ((await response.json()) as { name: string }[]).map((label) => label.name);
    };
    return { doctor, labels };
  }

  const listed = '[acme/support, acme/support-hr]';

  it(
    'reports the missing labels of each repository, then --fix creates them in both and says so per repository',
    { timeout: 120_000 },
    async () => {
      const { doctor, labels } = await standinWithBoth();
      const before = await doctor(listed);
      expect(before.status).toBe('failed');
      expect(before.fix).toBe('run `repodesk doctor --fix` to create them');
      expect(before.found.split('\n').map((line) => line.replace(/: ".*$/, ''))).toEqual([
        'acme/support: 15 of the 15 desk labels are missing',
        'acme/support-hr: 15 of the 15 desk labels are missing',
      ]);

      const fixed = await doctor(listed, '--fix');
      expect(fixed.status).toBe('ok');
      expect(fixed.found.split('\n').map((line) => line.replace(/: ".*$/, ''))).toEqual([
        'acme/support: created the 15 missing desk labels',
        'acme/support-hr: created the 15 missing desk labels',
      ]);
      expect(await labels('acme/support-hr')).toHaveLength(15);
      expect((await labels('acme/support-hr')).sort()).toEqual((await labels('acme/support')).sort());

      expect(await doctor(listed)).toEqual({
        name: 'labels',
        status: 'ok',
        found: 'acme/support: the 15 desk labels exist\nacme/support-hr: the 15 desk labels exist',
      });
    },
  );

  it(
    'labels present in the default repository only: the check fails naming the HR repository; --fix creates them there only',
    { timeout: 120_000 },
    async () => {
      const { doctor, labels } = await standinWithBoth();
      // A desk of one repository first: its labels are created, reported on one line as before.
      const single = await doctor('[acme/support]', '--fix');
      expect(single.found).toMatch(/^created the 15 missing desk labels: "status: new"/);
      expect(await labels('acme/support-hr')).toEqual([]);

      const before = await doctor(listed);
      expect(before.status).toBe('failed');
      expect(before.found.split('\n').map((line) => line.replace(/: ".*$/, ''))).toEqual([
        'acme/support: the 15 desk labels exist',
        'acme/support-hr: 15 of the 15 desk labels are missing',
      ]);
      const fixed = await doctor(listed, '--fix');
      expect(fixed.found.split('\n').map((line) => line.replace(/: ".*$/, ''))).toEqual([
        'acme/support: the 15 desk labels exist',
        'acme/support-hr: created the 15 missing desk labels',
      ]);
      expect(await labels('acme/support-hr')).toHaveLength(15);
      expect(await labels('acme/support')).toHaveLength(15);
    },
  );
});

// The pull-request preview users copy (actions/workflows/preview.yml): its script runs as the runner would
// run it (bash with pipefail, `npx repodesk` being this checkout's CLI), against a desk in a git repository
// and the GitHub stand-in, where a pull request's comments are issue comments on its number. However many
// times it runs, the pull request holds one preview comment, edited in place.

import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { repoRoot } from '../support/bot-harness.ts';
import { deskFixture } from '../support/desk-fixture.ts';
import { deskRepository, rulesOf, ticketIssue } from './desk-change.ts';

const run = promisify(execFile);
const marker = '<!-- repodesk:simulate -->';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

const workflow = parse(fs.readFileSync(path.join(repoRoot, 'actions/workflows/preview.yml'), 'utf8')) as {
  on: { pull_request: { paths: string[] } };
  permissions: Record<string, string>;
  jobs: { preview: { steps: Step[] } };
};
const steps = workflow.jobs.preview.steps;
const simulateStep = steps.find((step) => step.run?.includes('repodesk simulate'))!;

let standin: Standin;
let pullRequest: number;
const repo = deskRepository(
  {
    'rules/routing.yaml': (text) =>
      text.replace('then: { team: billing, reply: ack }', 'then: { team: billing, reply: ack, stop: true }'),
  },
  [],
);
const summary = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-preview-')), 'summary.md');

async function api<T>(route: string, method: string, body: unknown, token: string): Promise<T> {
  const response = await fetch(`${standin.url}/repos/acme/support${route}`, {
    method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`stand-in answered ${response.status} to ${route}`);
  return (await response.json()) as T;
}

/** The step's script as the runner runs it, with the values GitHub would put in its environment. */
async function runPreviewStep(): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = simulateStep.run!.replaceAll(
    'npx repodesk',
    `node ${path.join(repoRoot, 'bin/repodesk.js')}`,
  );
  const env = {
    PATH: `${path.join(repoRoot, 'node_modules/.bin')}:${process.env.PATH}`,
    GITHUB_API_URL: standin.url,
    GITHUB_REPOSITORY: 'acme/support',
    GITHUB_STEP_SUMMARY: summary,
    // What the step's `env:` gives, with the repository's secrets and variables unset.
    GITHUB_TOKEN: 'actions-token',
    REPODESK_REPOSITORY: 'acme/support',
    REPODESK_BOT_LOGIN: 'github-actions[bot]',
    REPODESK_OTHER_LOGINS: 'repodesk-bot',
    REPODESK_COMMENT_TOKEN: 'actions-token',
    REPODESK_COMMENT_LOGIN: simulateStep.env!.REPODESK_COMMENT_LOGIN,
    BASE_REF: repo.base,
    PULL_REQUEST: String(pullRequest),
  };
  try {
    const { stdout, stderr } = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd: repo.root,
      env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function comments(): Promise<{ id: number; body: string; user: { login: string } }[]> {
  const response = await fetch(`${standin.url}/repos/acme/support/issues/${pullRequest}/comments`, {
    headers: { authorization: 'token actions-token' },
  });
  return (await response.json()) as { id: number; body: string; user: { login: string } }[];
}

const commentWrites = () =>
  standin
    .writeLog()
    .filter((write) => write.login === 'github-actions[bot]')
    .map((write) => write.request);

beforeAll(async () => {
  standin = await startStandin({
    users: [
      { login: 'repodesk-bot', token: 'bot-token' },
      { login: 'github-actions[bot]', token: 'actions-token', type: 'Bot' },
      { login: 'camille', token: 'camille-token' },
      { login: 'mallory', token: 'mallory-token', role: 'read' },
    ],
  });
  const rules = await rulesOf(deskFixture('base'));
  const invoice = ticketIssue(
    {
      channel: 'email',
      subject: 'Ma facture de mars',
      body: 'Bonjour.',
      requester: { name: 'Client', email: 'client@example.org' },
      language: 'fr',
      fields: {},
      labels: [],
      sender: 'verified',
    },
    rules,
    'RD-TEST-0001',
  );
  await api('/issues', 'POST', invoice, 'bot-token');
  // The pull request (its comments are issue comments), and someone else's comment copying the marker.
  pullRequest = (
    await api<{ number: number }>('/issues', 'POST', { title: 'Invoices stop at billing' }, 'camille-token')
  ).number;
  await api(
    `/issues/${pullRequest}/comments`,
    'POST',
    { body: `${marker}\nmine, not the bot's` },
    'mallory-token',
  );
}, 60_000);

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

describe('actions/workflows/preview.yml', () => {
  it('runs on pull requests that touch rules/ or kb/, with the whole history and a token that may comment', () => {
    expect(workflow.on.pull_request.paths).toEqual(['kb/**', 'rules/**']);
    expect(workflow.permissions).toEqual({ contents: 'read', issues: 'read', 'pull-requests': 'write' });
    expect(steps[0]).toEqual({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
    expect(steps[1]).toEqual({ uses: './actions/validate' });
    expect(simulateStep.shell).toBe('bash');
    expect(simulateStep.env).toMatchObject({
      REPODESK_COMMENT_TOKEN: '${{ github.token }}',
      BASE_REF: 'origin/${{ github.base_ref }}',
      PULL_REQUEST: '${{ github.event.pull_request.number }}',
    });
  });

  it('the first run writes one comment with the summary first, and the run summary', async () => {
    standin.resetStats();
    const result = await runPreviewStep();
    expect(result.stderr).toBe(`repodesk simulate: wrote the preview comment on #${pullRequest}\n`);
    expect(result.code).toBe(0);
    expect(commentWrites()).toEqual(['POST /repos/{owner}/{repo}/issues/{issue_number}/comments']);
    const ours = (await comments()).filter((comment) => comment.user.login === 'github-actions[bot]');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body.split('\n').slice(0, 4)).toEqual([
      marker,
      expect.stringMatching(
        /^### `repodesk simulate: base [0-9a-f]{40} \(rules [0-9a-f]{12}\) → head HEAD \(rules [0-9a-f]{12}\), at /,
      ),
      '',
      // The stand-in has no pull requests: the issue standing for one is read as a ticket too (GitHub marks
      // pull requests in the issue list, and the tracker skips them).
      '- Routing: 1 of 2 tickets change (team 1, labels 1)',
    ]);
    expect(fs.readFileSync(summary, 'utf8')).toContain('- Routing: 1 of 2 tickets change (team 1, labels 1)');
  });

  it('a second run after another push edits that comment in place: still one, with the new preview', async () => {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=A', '-c', 'user.email=a@example.org', ...args], {
        cwd: repo.root,
      });
    const sla = path.join(repo.root, 'rules/sla.yaml');
    fs.writeFileSync(
      sla,
      fs
        .readFileSync(sla, 'utf8')
        .replace('firstResponse: 4h, resolution: 3d', 'firstResponse: 2h, resolution: 3d'),
    );
    fs.rmSync(path.join(repo.root, 'rules/replies/ack.en.md'));
    fs.writeFileSync(
      path.join(repo.root, 'rules/replies/ack.fr.md'),
      fs
        .readFileSync(path.join(repo.root, 'rules/replies/ack.fr.md'), 'utf8')
        .replace('Bonjour', 'Bonjour à vous'),
    );
    git('add', '-A');
    git('commit', '-q', '-m', 'second push');
    standin.resetStats();
    const result = await runPreviewStep();
    expect(result.stderr).toBe(`repodesk simulate: updated the preview comment on #${pullRequest}\n`);
    expect(commentWrites()).toEqual(['PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}']);
    const all = await comments();
    const ours = all.filter((comment) => comment.user.login === 'github-actions[bot]');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain('2 canned replies');
    // Someone else's comment with the marker is neither taken for ours nor touched.
    expect(all.find((comment) => comment.user.login === 'mallory')!.body).toBe(
      `${marker}\nmine, not the bot's`,
    );
    const history = standin.editHistory('acme/support', pullRequest);
    expect(history.comments.find((comment) => comment.id === ours[0]!.id)!.edits).toHaveLength(2);
  });

  it('a third run edits the same comment again, never a second one', async () => {
    await runPreviewStep();
    expect((await comments()).filter((comment) => comment.user.login === 'github-actions[bot]')).toHaveLength(
      1,
    );
  });
});

// The sweep as the Actions workflow runs it: with an installation token (GitHub refuses it GET /user, and
// so does the stand-in), the login it writes as named by REPODESK_BOT_LOGIN; and a desk where the bot and
// the workflow write as different accounts, each told the other's login with REPODESK_OTHER_LOGINS.

import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/load-rules.ts';
import type { Rules } from '../../src/rules/types.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { runSweep } from '../../src/sweep/run-sweep.ts';
import { customerMessageMarker } from '../../src/tickets/comment-kind.ts';
import { createOctokit } from '../../src/tracker/create-octokit.ts';
import { GithubTracker } from '../../src/tracker/github-tracker.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/repodesk.js', import.meta.url).pathname;
const root = new URL('../fixtures/sla/rules', import.meta.url).pathname;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const day = 86_400_000;
let clock = Date.now();
let standin: Standin;
let installationToken: string;
let rules: Rules;

function trackerAs(token: string, options: { selfLogin?: string; otherLogins?: string[] } = {}) {
  const octokit = createOctokit({ baseUrl: standin.url, token }, { log: quiet });
  return new GithubTracker({ octokit, repository: 'acme/support', now: () => clock, ...options });
}

async function repodesk(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  // Only what the test gives: never a REPODESK_BOT_LOGIN from the shell running the tests.
  const { REPODESK_BOT_LOGIN: _ignored, ...inherited } = process.env;
  const environment = {
    ...inherited,
    GITHUB_TOKEN: installationToken,
    GITHUB_REPOSITORY: 'acme/support',
    GITHUB_API_URL: standin.url,
    ...env,
  };
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: environment });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  standin = await startStandin({
    users: [
      { login: 'repodesk-bot', token: 'bot-token', type: 'Bot' },
      { login: 'camille', token: 'camille-token' },
    ],
    // The Actions GITHUB_TOKEN is an installation token of the GitHub Actions App.
    app: { id: 15368, slug: 'github-actions', publicKey, installationId: 7 },
    now: () => clock,
  });
  const app = createOctokit(
    {
      baseUrl: standin.url,
      appId: 15368,
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      installationId: 7,
    },
    { log: quiet },
  );
  installationToken = ((await app.auth({ type: 'installation' })) as { token: string }).token;
  const loaded = await loadRules(root, { now: new Date() });
  rules = loaded.rules!;
});

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

describe('the sweep with an installation token', () => {
  let ticket: number;
  beforeAll(async () => {
    // A normal ticket of team it opened a week ago, never answered: breached, one mention of @hugo.
    clock = Date.now() - 7 * day;
    ticket = (
      await trackerAs('camille-token').createIssue({
        title: 'Imprimante hors service',
        body: 'Bonjour',
        labels: ['status: new', 'priority: normal', 'team: it'],
        assignees: [],
      })
    ).number;
    clock = Date.now();
  });

  it('without REPODESK_BOT_LOGIN: GET /user is refused and the error names the fix', async () => {
    standin.resetStats();
    const result = await repodesk(['sweep', '--root', root], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'repodesk sweep: cannot tell which login this token writes as: GET /user answered 403 (GitHub refuses it ' +
        'to installation tokens such as the Actions GITHUB_TOKEN); set REPODESK_BOT_LOGIN to the login the ' +
        'token writes as, for example REPODESK_BOT_LOGIN=github-actions[bot]\n',
    );
    expect(standin.stats().writes).toBe(0);
  });

  it('with REPODESK_BOT_LOGIN=github-actions[bot]: escalates once; the next run finds its own marker and writes nothing', async () => {
    const env = { REPODESK_BOT_LOGIN: 'github-actions[bot]' };
    standin.resetStats();
    const first = await repodesk(['sweep', '--root', root], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('2 writes sent');
    const comments = await trackerAs('camille-token').listComments(ticket);
    expect(comments.map((comment) => [comment.author, comment.body.split('\n')[1]?.slice(0, 30)])).toEqual([
      ['github-actions[bot]', '@hugo SLA **standard**: the fi'],
    ]);
    expect(standin.stats().requests['GET /user']).toBeUndefined();

    standin.resetStats();
    const second = await repodesk(['sweep', '--root', root, '--format', 'json'], env);
    expect(JSON.parse(second.stdout)).toMatchObject({ plans: [], writes: 0 });
    expect(standin.stats().writes).toBe(0);

    const explained = await repodesk(['sla', 'explain', String(ticket), '--root', root], env);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain('the next sweep changes nothing');
  });
});

describe('a desk where the bot and the Actions workflow write as different accounts', () => {
  const server = () => trackerAs('bot-token', { otherLogins: ['github-actions[bot]'] });
  const actions = () =>
    trackerAs(installationToken, { selfLogin: 'github-actions[bot]', otherLogins: ['repodesk-bot'] });
  let silent: number;
  let answered: number;

  beforeAll(async () => {
    // Two tickets pending since Friday 20 November 2026, 16:00 Paris.
    clock = Date.parse('2026-11-20T15:00:00Z');
    const agent = trackerAs('camille-token');
    const create = async (title: string) => {
      const issue = await trackerAs('bot-token').createIssue({
        title,
        body: 'Bonjour',
        labels: ['status: pending', 'team: it'],
        assignees: [],
      });
      await agent.createComment(issue.number, '/reply Pouvez-vous nous envoyer la facture ?');
      return issue.number;
    };
    silent = await create('Facture introuvable');
    answered = await create('Remboursement');
    // Monday: the bot mirrors the customer's mail on one of them.
    clock = Date.parse('2026-11-23T08:30:00Z');
    await trackerAs('bot-token').createComment(answered, `${customerMessageMarker}\nVoici la facture.`);
  });

  it('the workflow reads the bot’s mirrored customer message as the customer’s, and the bot the workflow’s reminder as its own', async () => {
    // Tuesday 17:00 Paris, the Actions sweep: one reminder for the silent ticket; the answered one is
    // open again (no reminder), its next response overdue (one mention).
    clock = Date.parse('2026-11-24T16:00:00Z');
    const byActions = await runSweep({ tracker: actions(), rules, now: new Date(clock) });
    expect(byActions.errors).toEqual([]);
    expect((await trackerAs('camille-token').getIssue(answered)).labels.sort()).toEqual([
      'sla: breached',
      'status: open',
      'team: it',
    ]);
    expect(
      (await trackerAs('camille-token').listComments(answered)).map((comment) => comment.body.split('\n')[0]),
    ).toEqual([
      '/reply Pouvez-vous nous envoyer la facture ?',
      customerMessageMarker,
      expect.stringContaining('<!-- repodesk:sla clock=nextResponse step=100'),
    ]);
    const reminders = (await trackerAs('camille-token').listComments(silent)).filter(
      (comment) => comment.author === 'github-actions[bot]',
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.body).toContain('step=pending-reminder');

    // Then the bot's own sweep at the same time plans nothing: the reminder and the mention are there.
    standin.resetStats();
    const byServer = await runSweep({ tracker: server(), rules, now: new Date(clock) });
    expect(byServer.plans).toEqual([]);
    expect(standin.stats().writes).toBe(0);
  });

  it('without the other login, the bot would remind the customer and mention the contact a second time', async () => {
    const result = await runSweep({
      tracker: trackerAs('bot-token'),
      rules,
      now: new Date(clock),
      dryRun: true,
    });
    expect(result.plans.map((plan) => [plan.number, plan.actions.map((action) => action.kind)])).toEqual([
      [silent, ['comment']],
      [answered, ['comment']],
    ]);
  });
});

describe('the sweep composite action', () => {
  it('names github-actions[bot] as the login of the workflow’s own token and passes both login settings', async () => {
    const { readFile } = await import('node:fs/promises');
    const { parse } = await import('yaml');
    const action = parse(await readFile('actions/sweep/action.yml', 'utf8')) as {
      runs: { steps: { name?: string; env?: Record<string, string> }[] };
    };
    const sweep = action.runs.steps.find((step) => step.name === 'Sweep')!;
    expect(sweep.env).toMatchObject({
      REPODESK_BOT_LOGIN:
        "${{ inputs.bot-login || (inputs.token == github.token && 'github-actions[bot]' || '') }}",
      REPODESK_OTHER_LOGINS: '${{ inputs.other-logins }}',
    });
  });
});

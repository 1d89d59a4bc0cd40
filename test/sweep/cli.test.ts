// `repodesk sweep` and `repodesk sla` as a user runs them: the real binary in a child process, the
// environment pointing at the GitHub stand-in.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { createOctokit } from '../../src/tracker/create-octokit.ts';
import { GithubTracker } from '../../src/tracker/github-tracker.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/repodesk.js', import.meta.url).pathname;
const root = new URL('../fixtures/sla/rules', import.meta.url).pathname;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let clock = Date.now();
let standin: Standin;
let breached: number;

async function repodesk(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    GITHUB_TOKEN: 'bot-token',
    GITHUB_REPOSITORY: 'acme/support',
    GITHUB_API_URL: standin.url,
  };
  try {
    // A command that never answers is killed rather than left running after the test fails.
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env, timeout: 25_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  standin = await startStandin({
    users: [
      { login: 'repodesk-bot', token: 'bot-token' },
      { login: 'camille', token: 'camille-token' },
    ],
    now: () => clock,
  });
  const octokit = createOctokit({ baseUrl: standin.url, token: 'bot-token' }, { log: quiet });
  const bot = new GithubTracker({ octokit, repository: 'acme/support' });
  // An urgent ticket (24×7, first response 1h) opened three hours ago and never answered.
  clock = Date.now() - 3 * 3_600_000;
  breached = (
    await bot.createIssue({
      title: 'Serveur en panne',
      body: 'Bonjour',
      labels: ['status: new', 'priority: urgent', 'team: billing'],
      assignees: [],
    })
  ).number;
  clock = Date.now();
});

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

describe('repodesk sla due', () => {
  it('prints the due instant: Friday 16:30 Paris + 4h is Monday 12:30', async () => {
    const result = await repodesk([
      'sla',
      'due',
      '--root',
      root,
      '--calendar',
      'paris',
      '--from',
      '2026-11-20T16:30:00+01:00',
      '--duration',
      '4h',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('2026-11-23T11:30:00.000Z');
    expect(result.stdout).toContain('ends 2026-11-23T11:30:00.000Z (Mon 23 Nov 2026 12:30 Europe/Paris)');
  });

  // Worked out by hand: Paris is UTC+1 in November and December; 2026-11-20 is a Friday; the fixture's
  // paris calendar is Monday to Friday 09:00-17:00 with Christmas a holiday.
  it.each([
    [
      'Friday after closing: Monday 09:00',
      '2026-11-20T17:30:00+01:00',
      '2026-11-23T08:00:00.000Z',
      'from 2026-11-20T16:30:00.000Z (Fri 20 Nov 2026 17:30 Europe/Paris) is due at the first open instant, 2026-11-23T08:00:00.000Z (Mon 23 Nov 2026 09:00 Europe/Paris)',
    ],
    [
      'Friday at 17:00 sharp, the closing instant: Monday 09:00',
      '2026-11-20T17:00:00+01:00',
      '2026-11-23T08:00:00.000Z',
      'is due at the first open instant, 2026-11-23T08:00:00.000Z (Mon 23 Nov 2026 09:00 Europe/Paris)',
    ],
    [
      'Saturday: Monday 09:00',
      '2026-11-21T11:00:00+01:00',
      '2026-11-23T08:00:00.000Z',
      'is due at the first open instant, 2026-11-23T08:00:00.000Z (Mon 23 Nov 2026 09:00 Europe/Paris)',
    ],
    [
      'Christmas Day, a holiday on a Friday: Monday 28 December 09:00',
      '2026-12-25T10:00:00+01:00',
      '2026-12-28T08:00:00.000Z',
      'is due at the first open instant, 2026-12-28T08:00:00.000Z (Mon 28 Dec 2026 09:00 Europe/Paris)',
    ],
    [
      'Tuesday 10:15, inside hours: the instant itself',
      '2026-11-24T10:15:00+01:00',
      '2026-11-24T09:15:00.000Z',
      'is due at the first open instant, 2026-11-24T09:15:00.000Z (Tue 24 Nov 2026 10:15 Europe/Paris)',
    ],
  ])('--duration 0m, %s', async (_name, from, due, line) => {
    const result = await repodesk([
      'sla',
      'due',
      '--root',
      root,
      '--calendar',
      'paris',
      '--from',
      from,
      '--duration',
      '0m',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [first, second] = result.stdout.split('\n');
    expect(first).toBe(due);
    expect(second).toContain(line);
    expect(second).toMatch(/^0m on calendar paris from /);
  });

  it.each([
    [
      ['--duration', '4 hours', '--calendar', 'paris'],
      '--duration: invalid duration "4 hours": expected whole numbers with units d, h, m in that order, e.g. 30m, 4h, 1h30m, 2d',
    ],
    [
      // Before, the command walked 9,999,999 days of business time a day at a time and never answered.
      ['--duration', '9999999d', '--calendar', 'paris'],
      '--duration: invalid duration "9999999d": at most 365d (a year of counted time), e.g. 30m, 4h, 2d',
    ],
    [
      ['--duration', '-1h', '--calendar', 'paris'],
      '--duration: invalid duration "-1h": expected whole numbers with units d, h, m in that order, e.g. 30m, 4h, 1h30m, 2d',
    ],
    [
      ['--duration', '4h', '--calendar', 'pariss'],
      '--calendar: unknown calendar "pariss"; known calendars: paris, always',
    ],
  ])('explains a wrong argument %j', async (args, message) => {
    const result = await repodesk([
      'sla',
      'due',
      '--root',
      root,
      '--from',
      '2026-11-20T16:30:00+01:00',
      ...args,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`repodesk sla due: ${message}\n`);
  });
});

describe('repodesk sweep and sla explain', () => {
  it('explains the clocks of a ticket', async () => {
    const result = await repodesk(['sla', 'explain', String(breached), '--root', root]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('policy: urgent\n  policy "urgent": conditions match');
    expect(result.stdout).toContain(
      'first response: target 1h, breached\n  why      not answered within the target',
    );
    expect(result.stdout).toContain('the next sweep would:\n  add-label "sla: breached"');
    expect(result.stdout).toContain('  assign camille');
  });

  it('a dry run prints the plan and writes nothing', async () => {
    standin.resetStats();
    const result = await repodesk(['sweep', '--dry-run', '--root', root]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `#${breached} Serveur en panne (policy urgent)\n  add label "sla: breached"\n      because sla policy urgent firstResponse step 100`,
    );
    expect(result.stdout).toContain('1 tickets to change, 2 actions, 0 writes sent (budget 100)');
    expect(standin.stats().writes).toBe(0);
  });

  it('a sweep applies the plan once; the next one writes nothing', async () => {
    standin.resetStats();
    const first = await repodesk(['sweep', '--root', root]);
    expect(first.code).toBe(0);
    // The breach label and the escalation contact together: one write (executor/issue-write.ts).
    expect(first.stdout).toContain('1 tickets to change, 2 actions, 1 writes sent');
    expect(standin.stats().writes).toBe(1);
    standin.resetStats();
    const second = await repodesk(['sweep', '--root', root, '--format', 'json']);
    expect(JSON.parse(second.stdout)).toMatchObject({ plans: [], writes: 0, requests: { writes: 0 } });
    expect(standin.stats().writes).toBe(0);
  });

  it('refuses --now without --dry-run', async () => {
    const result = await repodesk(['sweep', '--now', '2026-11-23T09:00:00Z', '--root', root]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--now is only allowed with --dry-run');
  });
});

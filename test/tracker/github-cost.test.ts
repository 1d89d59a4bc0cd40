// What repodesk's tracker operations cost in GitHub API requests, counted at the stand-in: the numbers the
// benchmarks report, pinned so that a change that adds a request shows up here.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { createOctokit } from '../../src/tracker/create-octokit.ts';
import { GithubTracker } from '../../src/tracker/github-tracker.ts';

let standin: Standin;
let tracker: GithubTracker;

beforeAll(async () => {
  standin = await startStandin({
    users: [
      { login: 'repodesk-bot', token: 'bot-token' },
      { login: 'camille-durand', token: 'c' },
      { login: 'lucas-martin', token: 'l' },
    ],
  });
  const octokit = createOctokit(
    { baseUrl: standin.url, token: 'bot-token' },
    { log: { debug() {}, info() {}, warn() {}, error() {} } },
  );
  tracker = new GithubTracker({ octokit, repository: 'acme/support' });
});

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

async function drain<T>(items: AsyncIterable<T>): Promise<number> {
  let count = 0;
  for await (const _item of items) count += 1;
  return count;
}

describe('GitHub cost of tracker operations', () => {
  it('creates 100 tickets with 100 requests, all of them content writes', async () => {
    standin.resetStats();
    for (let i = 1; i <= 100; i += 1) {
      await tracker.createIssue({
        title: `Demande ${i}`,
        body: `Texte\n<!-- repodesk:ref=R-${i} -->`,
        labels: ['status:new', i % 2 ? 'priority:p3' : 'priority:p2'],
        assignees: [i % 2 ? 'camille-durand' : 'lucas-martin'],
      });
    }
    expect(standin.stats()).toMatchObject({ total: 100, writes: 100, contentWrites: 100 });
  });

  it('lists 100 open tickets in one request, and again in one free 304', async () => {
    standin.resetStats();
    expect(await drain(tracker.listOpenIssues())).toBe(100);
    expect(standin.stats()).toMatchObject({ total: 1, writes: 0, notModified: 0 });
    expect(await drain(tracker.listOpenIssues())).toBe(100);
    expect(standin.stats()).toMatchObject({ total: 2, notModified: 1 });
  });

  it('counts open tickets per agent with one list pass', async () => {
    standin.resetStats();
    expect(await tracker.countOpenByAssignee(['camille-durand', 'lucas-martin'])).toEqual({
      'camille-durand': 50,
      'lucas-martin': 50,
    });
    expect(standin.stats()).toMatchObject({ total: 1, notModified: 1 });
  });

  it('reads a ticket timeline in one request once the bot login is known', async () => {
    await tracker.selfLogin();
    standin.resetStats();
    await tracker.listTimeline(42, { agentLogins: [] });
    expect(standin.stats().requests).toEqual({
      'GET /repos/{owner}/{repo}/issues/{issue_number}/timeline': 1,
    });
  });

  it('reconciles an ambiguous creation with one list request when the ticket is recent', async () => {
    standin.resetStats();
    const found = await tracker.findIssueByMarker(
      '<!-- repodesk:ref=R-100 -->',
      new Date(Date.now() - 3_600_000).toISOString(),
    );
    expect(found?.title).toBe('Demande 100');
    expect(standin.stats()).toMatchObject({ total: 1, writes: 0 });
  });
});

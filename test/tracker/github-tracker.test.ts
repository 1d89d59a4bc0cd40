// GithubTracker against the stand-in, through the real Octokit client built by createOctokit.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { customerMessageMarker } from '../../src/tickets/comment-kind.ts';
import { createOctokit, type OctokitLog } from '../../src/tracker/create-octokit.ts';
import { GithubTracker, permissionCacheMs } from '../../src/tracker/github-tracker.ts';
import { TrackerError } from '../../src/tracker/tracker-error.ts';

const quiet: OctokitLog = { debug() {}, info() {}, warn() {}, error() {} };
const now = Date.parse('2026-11-20T09:00:00Z');

let standin: Standin;

function trackerAs(login: string, repository = 'acme/support'): GithubTracker {
  const token = standin.tokens[login];
  if (token === undefined) throw new Error(`no token for ${login}`);
  const octokit = createOctokit({ baseUrl: standin.url, token }, { log: quiet });
  return new GithubTracker({ octokit, repository, now: () => now });
}

async function caught(promise: Promise<unknown>): Promise<TrackerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TrackerError) return error;
    throw error;
  }
  throw new Error('expected a TrackerError');
}

beforeAll(async () => {
  standin = await startStandin({
    repos: ['acme/support', 'acme/big'],
    // Outsiders with no role comment here: public repositories, as only there can they.
    publicRepos: ['acme/support', 'acme/big'],
    users: [
      { login: 'repodesk-bot', token: 'bot-token' },
      { login: 'camille-durand', token: 'camille-token' },
      { login: 'lucas-martin', token: 'lucas-token' },
      { login: 'mallory', token: 'mallory-token', role: 'none' },
      { login: 'rita-reader', token: 'rita-token', role: 'read' },
      { login: 'walt-writer', token: 'walt-token', role: 'write' },
      { login: 'ines-agent', token: 'ines-token', association: 'NONE' },
    ],
    now: () => now,
  });
});

afterEach(() => standin.clearFaults());

afterAll(async () => {
  // Every answer the stand-in gave during these tests matched GitHub's OpenAPI description.
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

describe('GithubTracker over the stand-in', () => {
  it('rewrites an issue body and a comment; GitHub shows only the new text and keeps the old in its edit history', async () => {
    const bot = trackerAs('repodesk-bot');
    const issue = await bot.createIssue({
      title: 'Facture',
      body: 'De : Jeanne Dupont <jeanne@example.org>',
      labels: [],
      assignees: [],
    });
    const comment = await bot.createComment(issue.number, 'Merci Jeanne Dupont, 06 12 34 56 78');
    const updated = await bot.updateIssue(issue.number, { body: 'De : [effacé]' });
    expect(updated.body).toBe('De : [effacé]');
    const edited = await bot.updateComment(comment.id, 'Merci [effacé]');
    expect(edited).toMatchObject({ id: comment.id, body: 'Merci [effacé]' });
    expect((await bot.getIssue(issue.number)).body).toBe('De : [effacé]');
    expect((await bot.listComments(issue.number)).map((listed) => listed.body)).toEqual(['Merci [effacé]']);
    // What an erasure by editing cannot reach: every revision, the original first, as on github.com.
    const history = await (await fetch(`${standin.url}/_standin/edits/acme/support/${issue.number}`)).json();
    expect(history).toEqual({
      issue: [
        { at: expect.any(String), editor: 'repodesk-bot', body: 'De : Jeanne Dupont <jeanne@example.org>' },
        { at: expect.any(String), editor: 'repodesk-bot', body: 'De : [effacé]' },
      ],
      comments: [
        {
          id: comment.id,
          edits: [
            { at: expect.any(String), editor: 'repodesk-bot', body: 'Merci Jeanne Dupont, 06 12 34 56 78' },
            { at: expect.any(String), editor: 'repodesk-bot', body: 'Merci [effacé]' },
          ],
        },
      ],
    });
    expect(standin.editHistory('acme/support', issue.number)).toEqual(history);
  });

  it('creates an issue with labels and assignees in exactly one write', async () => {
    const tracker = trackerAs('repodesk-bot');
    standin.resetStats();
    const issue = await tracker.createIssue({
      title: 'Impossible de me connecter',
      body: 'Bonjour…\n<!-- repodesk:ref=R-1 -->',
      labels: ['type:incident', 'priority:high'],
      assignees: ['camille-durand'],
    });
    expect(issue).toMatchObject({
      title: 'Impossible de me connecter',
      state: 'open',
      labels: ['type:incident', 'priority:high'],
      assignees: ['camille-durand'],
      body: 'Bonjour…\n<!-- repodesk:ref=R-1 -->',
    });
    expect(standin.stats()).toMatchObject({ total: 1, writes: 1, contentWrites: 1 });
    expect(tracker.requestCounts()).toEqual({ requests: 1, writes: 1, notModified: 0 });
    const again = await tracker.getIssue(issue.number);
    expect(again.labels).toEqual(['type:incident', 'priority:high']);
  });

  it('reads the bot login once and caches it', async () => {
    const tracker = trackerAs('repodesk-bot');
    expect(await tracker.selfLogin()).toBe('repodesk-bot');
    expect(await tracker.selfLogin()).toBe('repodesk-bot');
    expect(tracker.requestCounts().requests).toBe(1);
  });

  it('gives the timeline of labels, assignment, comments and closing in helpdesk terms', async () => {
    const bot = trackerAs('repodesk-bot');
    const agent = trackerAs('camille-durand');
    const { number } = await bot.createIssue({
      title: 'Facture',
      body: 'x',
      labels: ['status:new'],
      assignees: [],
    });
    await bot.createComment(number, `${customerMessageMarker}\nMerci de votre aide`);
    await agent.addAssignees(number, ['camille-durand']);
    await agent.createComment(number, '/reply Bonjour, voici votre facture.');
    await agent.createComment(number, 'Note interne : client important');
    await bot.addLabels(number, ['status:pending']);
    await bot.removeLabel(number, 'status:new');
    await agent.updateIssue(number, { state: 'closed', stateReason: 'completed' });
    const timeline = await bot.listTimeline(number, { agentLogins: [] });
    expect(timeline.map((event) => event.kind)).toEqual([
      'labeled',
      'commented',
      'assigned',
      'commented',
      'commented',
      'labeled',
      'unlabeled',
      'closed',
    ]);
    const comments = timeline.filter((event) => event.kind === 'commented');
    expect(comments.map(({ author, public: isPublic, actor }) => ({ author, isPublic, actor }))).toEqual([
      { author: 'customer', isPublic: true, actor: 'repodesk-bot' },
      { author: 'agent', isPublic: true, actor: 'camille-durand' },
      { author: 'agent', isPublic: false, actor: 'camille-durand' },
    ]);
    expect(timeline[2]).toMatchObject({
      kind: 'assigned',
      assignee: 'camille-durand',
      actor: 'camille-durand',
    });
    expect(timeline[7]).toMatchObject({ kind: 'closed', actor: 'camille-durand' });
    const listed = await bot.listComments(number);
    expect(listed.map((comment) => comment.author)).toEqual([
      'repodesk-bot',
      'camille-durand',
      'camille-durand',
    ]);
  });

  it('reads a /reply as a public reply only from someone who may act for the desk', async () => {
    const bot = trackerAs('repodesk-bot');
    const { number } = await bot.createIssue({ title: 'Accès', body: 'x', labels: [], assignees: [] });
    const replies: [string, boolean][] = [
      ['mallory', false], // no access: NONE
      ['rita-reader', false], // COLLABORATOR, read only (GitHub says so)
      ['walt-writer', true], // COLLABORATOR with write access
      ['ines-agent', true], // a teams.yaml agent whose association says NONE
    ];
    for (const [login] of replies)
      await trackerAs(login).createComment(number, '/reply Voici la marche à suivre.');
    standin.resetStats();
    const timeline = await bot.listTimeline(number, { agentLogins: ['Ines-Agent'] });
    const comments = timeline.filter((event) => event.kind === 'commented');
    expect(comments.map((event) => [event.actor, event.public])).toEqual(replies);
    // Rita's and Walt's roles were asked once each; Mallory (NONE) and Ines (teams.yaml) need no question.
    expect(standin.stats().requests['GET /repos/{owner}/{repo}/collaborators/{username}/permission']).toBe(2);
  });

  it('asks a role once per login within five minutes, then again', async () => {
    let clock = now;
    const octokit = createOctokit({ baseUrl: standin.url, token: 'bot-token' }, { log: quiet });
    const tracker = new GithubTracker({ octokit, repository: 'acme/support', now: () => clock });
    standin.resetStats();
    expect(await tracker.collaboratorPermission('walt-writer')).toBe('write');
    expect(await tracker.collaboratorPermission('Walt-Writer')).toBe('write');
    expect(await tracker.collaboratorPermission('rita-reader')).toBe('read');
    expect(await tracker.collaboratorPermission('mallory')).toBe('none');
    expect(await tracker.collaboratorPermission('no-such-account')).toBe('none');
    clock += permissionCacheMs - 1000;
    expect(await tracker.collaboratorPermission('walt-writer')).toBe('write');
    const route = 'GET /repos/{owner}/{repo}/collaborators/{username}/permission';
    expect(standin.stats().requests[route]).toBe(4);
    clock += 2000;
    expect(await tracker.collaboratorPermission('walt-writer')).toBe('write');
    expect(standin.stats().requests[route]).toBe(5);
  });

  it('treats removing a label the issue does not carry as already done', async () => {
    const tracker = trackerAs('repodesk-bot');
    const { number } = await tracker.createIssue({ title: 't', body: 'b', labels: [], assignees: [] });
    await expect(tracker.removeLabel(number, 'status:new')).resolves.toBeUndefined();
  });

  it('finds the issue by its marker after a 502 that came after the creation', async () => {
    const tracker = trackerAs('repodesk-bot');
    const before = (await collect(tracker.listOpenIssues())).length;
    standin.injectFault({ kind: 'error-after-apply', operation: 'issues/create' });
    const failure = await caught(
      tracker.createIssue({
        title: 'Ambigu',
        body: 'texte\n<!-- repodesk:ref=R-502 -->',
        labels: [],
        assignees: [],
      }),
    );
    expect(failure).toMatchObject({ code: 'unavailable', status: 502, ambiguous: true, method: 'POST' });
    expect(failure.message).toContain('POST /repos/acme/support/issues failed (502, unavailable)');
    const found = await tracker.findIssueByMarker(
      '<!-- repodesk:ref=R-502 -->',
      new Date(now - 60_000).toISOString(),
    );
    expect(found).toMatchObject({ title: 'Ambigu', state: 'open' });
    // Reconciling instead of retrying leaves exactly one issue.
    expect((await collect(tracker.listOpenIssues())).length).toBe(before + 1);
    expect(
      await tracker.findIssueByMarker('<!-- repodesk:ref=R-none -->', new Date(now - 60_000).toISOString()),
    ).toBe(undefined);
  });

  it('reports a 502 before the write as unavailable, and nothing was created', async () => {
    const tracker = trackerAs('repodesk-bot');
    standin.injectFault({ kind: 'error-before-apply', operation: 'issues/create' });
    const failure = await caught(
      tracker.createIssue({
        title: 'Perdu',
        body: '<!-- repodesk:ref=R-lost -->',
        labels: [],
        assignees: [],
      }),
    );
    expect(failure).toMatchObject({ code: 'unavailable', status: 502 });
    expect(
      await tracker.findIssueByMarker('<!-- repodesk:ref=R-lost -->', new Date(now - 60_000).toISOString()),
    ).toBe(undefined);
  });

  it.each([
    [
      '403 secondary limit with retry-after',
      { kind: 'secondary-limit', retryAfterSeconds: 30 } as const,
      403,
      30_000,
    ],
    ['403 secondary limit without retry-after', { kind: 'secondary-limit' } as const, 403, 60_000],
    ['429 with x-ratelimit-remaining 0', { kind: 'rate-limit', resetInSeconds: 120 } as const, 429, 121_000],
    [
      '403 primary limit with x-ratelimit-remaining 0',
      { kind: 'rate-limit', status: 403, resetInSeconds: 5 } as const,
      403,
      6_000,
    ],
  ])(
    'turns a %s into rate-limited with the wait GitHub asks for',
    async (_name, fault, status, retryAfterMs) => {
      const tracker = trackerAs('repodesk-bot');
      standin.injectFault({ ...fault, operation: 'issues/create' });
      const failure = await caught(tracker.createIssue({ title: 't', body: 'b', labels: [], assignees: [] }));
      expect(failure).toMatchObject({ code: 'rate-limited', status, retryAfterMs, ambiguous: false });
      expect(tracker.requestCounts().requests).toBe(1); // no retry in memory
    },
  );

  it('with GitHub pacing on, a secondary limit is surfaced, never retried in memory', async () => {
    const octokit = createOctokit(
      { baseUrl: standin.url, token: 'bot-token' },
      { log: quiet, pacing: 'github' },
    );
    const tracker = new GithubTracker({ octokit, repository: 'acme/support', now: () => now });
    standin.injectFault({ kind: 'secondary-limit', retryAfterSeconds: 1, operation: 'issues/create' });
    standin.resetStats();
    const failure = await caught(tracker.createIssue({ title: 't', body: 'b', labels: [], assignees: [] }));
    expect(failure).toMatchObject({ code: 'rate-limited', retryAfterMs: 1_000 });
    // Wait past the retry-after: plugin-throttling would have retried by now if a callback said so.
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(standin.stats().total).toBe(1);
  });

  it('reports an outage as unavailable, with or without an answer', async () => {
    const tracker = trackerAs('repodesk-bot');
    standin.injectFault({ kind: 'down', forMs: 60_000 });
    expect(await caught(tracker.getIssue(1))).toMatchObject({
      code: 'unavailable',
      status: 503,
      ambiguous: false,
    });
    standin.clearFaults();
    standin.injectFault({ kind: 'down', mode: 'reset', times: 1 });
    const failure = await caught(tracker.createIssue({ title: 't', body: 'b', labels: [], assignees: [] }));
    expect(failure).toMatchObject({ code: 'unavailable', status: undefined, ambiguous: true });
    expect(failure.message).toContain('POST /repos/acme/support/issues failed (no response, unavailable)');
  });

  it('refuses a body over 65,536 characters as a validation error', async () => {
    const tracker = trackerAs('repodesk-bot');
    const failure = await caught(
      tracker.createIssue({ title: 'long', body: 'x'.repeat(65_537), labels: [], assignees: [] }),
    );
    expect(failure).toMatchObject({ code: 'validation', status: 422 });
    expect(failure.message).toContain('body is too long (maximum is 65536 characters)');
  });

  it('keeps expected answers (304, a 404 it handles) out of warning and error logs', async () => {
    const entries: string[] = [];
    const recording: OctokitLog = {
      debug: (message) => entries.push(`debug ${message}`),
      info: (message) => entries.push(`info ${message}`),
      warn: (message) => entries.push(`warn ${message}`),
      error: (message) => entries.push(`error ${message}`),
    };
    const octokit = createOctokit({ baseUrl: standin.url, token: 'bot-token' }, { log: recording });
    const tracker = new GithubTracker({ octokit, repository: 'acme/support' });
    const { number } = await tracker.createIssue({ title: 'log', body: 'b', labels: [], assignees: [] });
    await tracker.removeLabel(number, 'absent');
    for await (const _issue of tracker.listOpenIssues()) void _issue;
    for await (const _issue of tracker.listOpenIssues()) void _issue;
    expect(tracker.requestCounts().notModified).toBeGreaterThan(0);
    expect(entries.filter((entry) => entry.startsWith('warn') || entry.startsWith('error'))).toEqual([]);
    expect(entries).toContain('debug octokit request failed');
  });

  it('names unknown issues not-found', async () => {
    expect(await caught(trackerAs('repodesk-bot').getIssue(99_999))).toMatchObject({
      code: 'not-found',
      status: 404,
    });
  });

  it('pages through 250 open issues and answers the next pass with 304s', async () => {
    const tracker = trackerAs('repodesk-bot', 'acme/big');
    for (let i = 1; i <= 250; i += 1) {
      await tracker.createIssue({
        title: `Ticket ${i}`,
        body: 'b',
        labels: i % 5 === 0 ? ['vip'] : [],
        assignees: i % 2 === 0 ? ['camille-durand'] : i % 3 === 0 ? ['lucas-martin'] : [],
      });
    }
    await tracker.updateIssue(7, { state: 'closed' });
    tracker.resetRequestCounts();
    const first = await collect(tracker.listOpenIssues());
    expect(first).toHaveLength(249);
    expect(new Set(first.map((issue) => issue.number)).size).toBe(249);
    expect(tracker.requestCounts()).toEqual({ requests: 3, writes: 0, notModified: 0 });

    standin.resetStats();
    const second = await collect(tracker.listOpenIssues());
    expect(second).toEqual(first);
    expect(tracker.requestCounts()).toEqual({ requests: 6, writes: 0, notModified: 3 });
    expect(standin.stats().notModified).toBe(3);

    const vip = await collect(tracker.listOpenIssues({ labels: ['vip'] }));
    expect(vip).toHaveLength(50);

    const counts = await tracker.countOpenByAssignee(['camille-durand', 'lucas-martin', 'nobody']);
    // Even numbers go to Camille (125), odd multiples of 3 to Lucas (42); #7, closed, had nobody.
    expect(counts).toEqual({ 'camille-durand': 125, 'lucas-martin': 42, nobody: 0 });
    // teams.yaml may spell a login in another case than GitHub does: one account, counted under the
    // spelling asked for.
    expect(await tracker.countOpenByAssignee(['Camille-Durand', 'LUCAS-MARTIN'])).toEqual({
      'Camille-Durand': 125,
      'LUCAS-MARTIN': 42,
    });
  });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

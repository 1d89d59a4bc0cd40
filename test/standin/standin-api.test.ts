// The stand-in's REST subset, driven by a real Octokit client: pagination as GitHub formats it, filters,
// authentication, request validation, conditional requests, the clock override, persistence and limits.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { createOctokit, type OctokitLog, type RepodeskOctokit } from '../../src/tracker/create-octokit.ts';

const quiet: OctokitLog = { debug() {}, info() {}, warn() {}, error() {} };
const repo = { owner: 'acme', repo: 'support' };

let standin: Standin;
let bot: RepodeskOctokit;

function octokitFor(target: Standin, token: string): RepodeskOctokit {
  return createOctokit({ baseUrl: target.url, token }, { log: quiet });
}

async function statusOf(
  promise: Promise<unknown>,
): Promise<{ status: number; data: unknown; headers: Record<string, unknown> }> {
  try {
    const response = (await promise) as { status: number; data: unknown; headers: Record<string, unknown> };
    return response;
  } catch (error) {
    const { status, response } = error as {
      status: number;
      response?: { data: unknown; headers: Record<string, unknown> };
    };
    return { status, data: response?.data, headers: response?.headers ?? {} };
  }
}

beforeAll(async () => {
  standin = await startStandin({
    repos: ['acme/support', 'acme/many'],
    users: [
      { login: 'repodesk-bot', token: 'bot-token' },
      { login: 'camille-durand', token: 'camille-token' },
      { login: 'lucas-martin' },
    ],
    allowClockOverride: true,
  });
  bot = octokitFor(standin, 'bot-token');
  for (let i = 1; i <= 250; i += 1) {
    await bot.rest.issues.create({
      owner: 'acme',
      repo: 'many',
      title: `Demande ${i}`,
      labels: i % 10 === 0 ? ['vip', 'billing'] : i % 2 === 0 ? ['billing'] : [],
      assignees: i % 4 === 0 ? ['camille-durand'] : [],
    });
  }
});

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

describe('the stand-in REST API', () => {
  it('pages 250 issues with a link header formatted as GitHub does, and Octokit follows it', async () => {
    const first = await bot.rest.issues.listForRepo({
      owner: 'acme',
      repo: 'many',
      state: 'all',
      per_page: 100,
    });
    expect(first.data).toHaveLength(100);
    const base = `${standin.url}/repos/acme/many/issues?state=all&per_page=100`;
    expect(first.headers.link).toBe(`<${base}&page=2>; rel="next", <${base}&page=3>; rel="last"`);
    const middle = await bot.rest.issues.listForRepo({
      owner: 'acme',
      repo: 'many',
      state: 'all',
      per_page: 100,
      page: 2,
    });
    expect(middle.headers.link).toBe(
      `<${base}&page=1>; rel="prev", <${base}&page=3>; rel="next", <${base}&page=3>; rel="last", <${base}&page=1>; rel="first"`,
    );
    const all = await bot.paginate(bot.rest.issues.listForRepo, {
      owner: 'acme',
      repo: 'many',
      state: 'all',
      per_page: 100,
    });
    expect(all).toHaveLength(250);
    expect(all[0]?.number).toBe(250); // newest first by default
    expect(new Set(all.map((issue) => issue.number)).size).toBe(250);
  });

  it('defaults to 30 open issues a page and caps per_page at 100', async () => {
    const page = await bot.rest.issues.listForRepo({ owner: 'acme', repo: 'many' });
    expect(page.data).toHaveLength(30);
    const capped = await bot.rest.issues.listForRepo({ owner: 'acme', repo: 'many', per_page: 500 });
    expect(capped.data).toHaveLength(100);
  });

  it.each([
    ['labels (all must match)', { labels: 'vip,billing' }, 25],
    ['labels, case-insensitive', { labels: 'BILLING' }, 125],
    ['assignee', { assignee: 'camille-durand' }, 62],
    ['no assignee', { assignee: 'none' }, 188],
    ['any assignee', { assignee: '*' }, 62],
    ['creator', { creator: 'repodesk-bot' }, 250],
  ])('filters by %s', async (_name, filter, expected) => {
    const issues = await bot.paginate(bot.rest.issues.listForRepo, {
      owner: 'acme',
      repo: 'many',
      per_page: 100,
      ...filter,
    });
    expect(issues).toHaveLength(expected);
  });

  it('sorts by creation ascending when asked', async () => {
    const page = await bot.rest.issues.listForRepo({
      owner: 'acme',
      repo: 'many',
      sort: 'created',
      direction: 'asc',
      per_page: 3,
    });
    expect(page.data.map((issue) => issue.number)).toEqual([1, 2, 3]);
  });

  it('creates issues "in the past" with x-standin-now and filters by since and state', async () => {
    const past = '2026-03-02T08:30:00Z';
    const created = await bot.rest.issues.create({
      ...repo,
      title: 'Ancien ticket',
      headers: { 'x-standin-now': past },
    });
    expect(created.data.created_at).toBe(past);
    await bot.rest.issues.update({
      ...repo,
      issue_number: created.data.number,
      state: 'closed',
      headers: { 'x-standin-now': '2026-03-03T10:00:00Z' },
    });
    const closed = await bot.rest.issues.listForRepo({ ...repo, state: 'closed' });
    expect(closed.data.map((issue) => issue.number)).toContain(created.data.number);
    expect(closed.data[0]?.closed_at).toBe('2026-03-03T10:00:00Z');
    const recent = await bot.rest.issues.listForRepo({
      ...repo,
      state: 'all',
      since: '2026-06-01T00:00:00Z',
    });
    expect(recent.data.map((issue) => issue.number)).not.toContain(created.data.number);
    const events = await bot.rest.issues.listEvents({ ...repo, issue_number: created.data.number });
    expect(events.data.map((event) => [event.event, event.created_at])).toEqual([
      ['closed', '2026-03-03T10:00:00Z'],
    ]);
  });

  it('answers 401 without a token and with an unknown one', async () => {
    const anonymous = await statusOf(
      fetch(`${standin.url}/repos/acme/support/issues`).then(async (r) => {
        if (!r.ok)
          throw Object.assign(new Error('x'), {
            status: r.status,
            response: { data: await r.json(), headers: {} },
          });
        return r;
      }),
    );
    expect(anonymous).toMatchObject({ status: 401, data: { message: 'Requires authentication' } });
    const wrong = await statusOf(octokitFor(standin, 'nope').rest.issues.listForRepo(repo));
    expect(wrong).toMatchObject({ status: 401, data: { message: 'Bad credentials' } });
  });

  it('refuses a body that does not match the OpenAPI description with GitHub 422', async () => {
    // Plain fetch: Octokit's types would not let these bodies through.
    const post = async (body: unknown) => {
      const response = await fetch(`${standin.url}/repos/acme/support/issues`, {
        method: 'POST',
        headers: { authorization: 'token bot-token', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, data: (await response.json()) as { message: string } };
    };
    const missingTitle = await post({ body: 'no title' });
    expect(missingTitle).toEqual({
      status: 422,
      data: {
        message: "Invalid request.\n\nFor '/', must have required property 'title'.",
        documentation_url: 'https://docs.github.com/rest',
        status: '422',
      },
    });
    const badLabels = await post({ title: 't', labels: 'bug' });
    expect(badLabels.status).toBe(422);
    expect(badLabels.data.message).toContain("For '/labels', must be array.");
    const notJson = await fetch(`${standin.url}/repos/acme/support/issues`, {
      method: 'POST',
      headers: { authorization: 'token bot-token', 'content-type': 'application/json' },
      body: '{"title": ',
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ message: 'Problems parsing JSON' });
    expect(standin.stats().responseErrors).toBe(0);
  });

  it('refuses an assignee who cannot be assigned, like GitHub', async () => {
    const refused = await statusOf(bot.rest.issues.create({ ...repo, title: 't', assignees: ['stranger'] }));
    expect(refused).toMatchObject({
      status: 422,
      data: {
        message: 'Validation Failed',
        errors: [{ resource: 'Issue', field: 'assignees', code: 'invalid', value: 'stranger' }],
      },
    });
  });

  it('answers 304 to an unchanged list and 200 once it changed', async () => {
    const first = await bot.rest.issues.listForRepo(repo);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"[0-9a-f]{64}"$/);
    standin.resetStats();
    const unchanged = await statusOf(
      bot.rest.issues.listForRepo({ ...repo, headers: { 'if-none-match': etag } }),
    );
    expect(unchanged.status).toBe(304);
    expect(standin.stats().notModified).toBe(1);
    await bot.rest.issues.create({ ...repo, title: 'Nouveau' });
    const changed = await statusOf(
      bot.rest.issues.listForRepo({ ...repo, headers: { 'if-none-match': etag } }),
    );
    expect(changed.status).toBe(200);
  });

  it('counts requests by route and content writes', async () => {
    standin.resetStats();
    const { data: issue } = await bot.rest.issues.create({ ...repo, title: 'Compté', labels: ['a'] });
    await bot.rest.issues.createComment({ ...repo, issue_number: issue.number, body: 'note' });
    await bot.rest.issues.addLabels({ ...repo, issue_number: issue.number, labels: ['b'] });
    await bot.rest.issues.get({ ...repo, issue_number: issue.number });
    const stats = standin.stats();
    expect(stats).toMatchObject({ total: 4, writes: 3, contentWrites: 2, notModified: 0 });
    expect(stats.requests).toEqual({
      'POST /repos/{owner}/{repo}/issues': 1,
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': 1,
      'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': 1,
      'GET /repos/{owner}/{repo}/issues/{issue_number}': 1,
    });
    const viaHttp = await fetch(`${standin.url}/_standin/stats`).then((r) => r.json());
    expect(viaHttp).toEqual(stats);
  });

  it('serves comments, labels, assignees and the timeline of one issue', async () => {
    const camille = octokitFor(standin, 'camille-token');
    const { data: issue } = await bot.rest.issues.create({ ...repo, title: 'Cycle', labels: ['status:new'] });
    const { data: comment } = await camille.rest.issues.createComment({
      ...repo,
      issue_number: issue.number,
      body: 'Vu',
    });
    await camille.rest.issues.updateComment({ ...repo, comment_id: comment.id, body: 'Vu, je prends' });
    await camille.rest.issues.addAssignees({
      ...repo,
      issue_number: issue.number,
      assignees: ['camille-durand', 'lucas-martin'],
    });
    await camille.rest.issues.removeAssignees({
      ...repo,
      issue_number: issue.number,
      assignees: ['lucas-martin'],
    });
    const labels = await bot.rest.issues.removeLabel({
      ...repo,
      issue_number: issue.number,
      name: 'status:new',
    });
    expect(labels.data).toEqual([]);
    const missing = await statusOf(
      bot.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: 'status:new' }),
    );
    expect(missing).toMatchObject({ status: 404, data: { message: 'Label does not exist' } });
    const timeline = await bot.paginate(bot.rest.issues.listEventsForTimeline, {
      ...repo,
      issue_number: issue.number,
    });
    expect(timeline.map((item) => item.event)).toEqual([
      'labeled',
      'commented',
      'assigned',
      'assigned',
      'unassigned',
      'unlabeled',
    ]);
    const comments = await bot.rest.issues.listComments({ ...repo, issue_number: issue.number });
    expect(comments.data.map((c) => [c.user?.login, c.body, c.author_association])).toEqual([
      ['camille-durand', 'Vu, je prends', 'COLLABORATOR'],
    ]);
    const again = await bot.rest.issues.get({ ...repo, issue_number: issue.number });
    expect(again.data).toMatchObject({ comments: 1, assignees: [{ login: 'camille-durand' }], labels: [] });
    expect(again.data.html_url).toBe(`${standin.url}/acme/support/issues/${issue.number}`);
    await camille.rest.issues.deleteComment({ ...repo, comment_id: comment.id });
    expect((await bot.rest.issues.get({ ...repo, issue_number: issue.number })).data.comments).toBe(0);
    const repoLabels = await bot.paginate(bot.rest.issues.listLabelsForRepo, repo);
    expect(repoLabels.map((label) => label.name)).toContain('status:new');
    const created = await bot.rest.issues.createLabel({
      ...repo,
      name: 'priority:p1',
      color: 'd73a4a',
      description: 'Urgent',
    });
    expect(created.data).toMatchObject({
      name: 'priority:p1',
      color: 'd73a4a',
      description: 'Urgent',
      default: false,
    });
    const duplicate = await statusOf(bot.rest.issues.createLabel({ ...repo, name: 'Priority:P1' }));
    expect(duplicate).toMatchObject({ status: 422, data: { errors: [{ code: 'already_exists' }] } });
    const me = await bot.rest.users.getAuthenticated();
    expect(me.data).toMatchObject({ login: 'repodesk-bot', type: 'User' });
  });

  it('enforces the content creation limits when asked, with a retry-after', async () => {
    const limited = await startStandin({
      users: [{ login: 'repodesk-bot', token: 't' }],
      contentLimits: { perMinute: 3, perHour: 5 },
    });
    try {
      const client = octokitFor(limited, 't');
      for (let i = 0; i < 3; i += 1) await client.rest.issues.create({ ...repo, title: `n${i}` });
      const blocked = await statusOf(client.rest.issues.create({ ...repo, title: 'n3' }));
      expect(blocked.status).toBe(403);
      expect(String((blocked.data as { message: string }).message)).toContain('secondary rate limit');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(limited.stats().contentWrites).toBe(3);
      // Reads are not content creation.
      expect((await client.rest.issues.listForRepo(repo)).data).toHaveLength(3);
      expect(limited.responseErrors()).toEqual([]);
    } finally {
      await limited.close();
    }
  });

  it('keeps its state in the data folder across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'standin-'));
    try {
      const first = await startStandin({ dataDir, users: [{ login: 'repodesk-bot', token: 't' }] });
      const { data: issue } = await octokitFor(first, 't').rest.issues.create({
        ...repo,
        title: 'Persistant',
        labels: ['x'],
      });
      await octokitFor(first, 't').rest.issues.createComment({
        ...repo,
        issue_number: issue.number,
        body: 'c',
      });
      await first.close();
      const second = await startStandin({ dataDir, users: [{ login: 'repodesk-bot', token: 't' }] });
      const client = octokitFor(second, 't');
      const again = await client.rest.issues.get({ ...repo, issue_number: issue.number });
      expect(again.data).toMatchObject({ title: 'Persistant', comments: 1, labels: [{ name: 'x' }] });
      const next = await client.rest.issues.create({ ...repo, title: 'Suivant' });
      expect(next.data.number).toBe(issue.number + 1);
      expect(next.data.id).toBeGreaterThan(issue.id);
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('answers 404 for a repository it does not serve', async () => {
    const missing = await statusOf(bot.rest.issues.listForRepo({ owner: 'acme', repo: 'unknown' }));
    expect(missing).toMatchObject({ status: 404, data: { message: 'Not Found' } });
  });
});

describe('who may do what on a repository', () => {
  let access: Standin;
  const as = (token: string) => octokitFor(access, token);

  beforeAll(async () => {
    access = await startStandin({
      repos: ['acme/support', 'acme/other', 'lea/own'],
      // Accounts with no role open issues there: a public repository, as only there can they.
      publicRepos: ['acme/support'],
      users: [
        { login: 'repodesk-bot', token: 'bot-token' },
        { login: 'walt', token: 'walt-token', role: 'write' },
        { login: 'maya', role: { 'acme/support': 'maintain', 'acme/other': 'read' } },
        { login: 'rita', token: 'rita-token', role: 'read' },
        { login: 'olga', role: 'none', organisations: ['acme'] },
        { login: 'oscar', role: 'admin', organisations: ['ACME'] },
        { login: 'lea', token: 'lea-token', role: 'none' },
        { login: 'chris', token: 'chris-token', role: 'none', association: 'CONTRIBUTOR' },
        { login: 'mallory', token: 'mallory-token', role: 'none' },
      ],
    });
  });
  afterAll(async () => {
    expect(access.responseErrors()).toEqual([]);
    await access.close();
  });

  it.each([
    ['a write collaborator', 'acme/support', 'walt', 'write', 'write'],
    ['a maintainer (legacy permission write)', 'acme/support', 'maya', 'write', 'maintain'],
    ['a role given for one repository only', 'acme/other', 'maya', 'read', 'read'],
    ['a read collaborator', 'acme/support', 'rita', 'read', 'read'],
    [
      "an organisation member without a role: the organisation's base read",
      'acme/support',
      'olga',
      'read',
      'read',
    ],
    ['an organisation member who administers', 'acme/support', 'oscar', 'admin', 'admin'],
    ['the owner of a personal repository', 'lea/own', 'lea', 'admin', 'admin'],
    ['an account with no access', 'acme/support', 'mallory', 'none', 'none'],
  ])(
    'GET …/collaborators/{username}/permission: %s',
    async (_name, repository, username, permission, role) => {
      const [owner = '', name = ''] = repository.split('/');
      const { data } = await as('bot-token').rest.repos.getCollaboratorPermissionLevel({
        owner,
        repo: name,
        username,
      });
      expect([data.permission, data.role_name, data.user?.login]).toEqual([permission, role, username]);
    },
  );

  it('answers 404 for an account that does not exist, and 403 to a caller who cannot push', async () => {
    const unknown = await statusOf(
      as('bot-token').rest.repos.getCollaboratorPermissionLevel({ ...repo, username: 'nobody-here' }),
    );
    expect(unknown.status).toBe(404);
    const asked = await statusOf(
      as('rita-token').rest.repos.getCollaboratorPermissionLevel({ ...repo, username: 'walt' }),
    );
    expect(asked).toMatchObject({
      status: 403,
      data: { message: 'Must have push access to view collaborator permission.' },
    });
  });

  it.each([
    ['a collaborator', 'acme/support', 'walt-token', 'COLLABORATOR'],
    ['a read-only collaborator', 'acme/support', 'rita-token', 'COLLABORATOR'],
    ['an account with no access', 'acme/support', 'mallory-token', 'NONE'],
    ['a past contributor', 'acme/support', 'chris-token', 'CONTRIBUTOR'],
    ['the owner of the repository', 'lea/own', 'lea-token', 'OWNER'],
  ])(
    '%s: its issues and comments carry author_association %s',
    async (_name, repository, token, expected) => {
      const [owner = '', name = ''] = repository.split('/');
      const { data: issue } = await as(token).rest.issues.create({ owner, repo: name, title: 'Bonjour' });
      const { data: comment } = await as(token).rest.issues.createComment({
        owner,
        repo: name,
        issue_number: issue.number,
        body: 'Un commentaire',
      });
      expect([issue.author_association, comment.author_association]).toEqual([expected, expected]);
    },
  );
});

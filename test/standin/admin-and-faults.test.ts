// The /_standin admin surface used by tests and benchmarks: faults by HTTP, the clock, and the OpenAPI
// check of the stand-in's own answers.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenapiValidator } from '../../src/standin/openapi-validator.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';

let standin: Standin;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${standin.url}${path}`, {
    method,
    headers: { authorization: 'token bot-token', 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    data: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

beforeAll(async () => {
  standin = await startStandin({
    users: [{ login: 'repodesk-bot', token: 'bot-token' }],
    allowClockOverride: true,
  });
});

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

describe('faults injected over HTTP', () => {
  it('makes the next N matching requests fail after applying them', async () => {
    const fault = await call('POST', '/_standin/faults', {
      kind: 'error-after-apply',
      operation: 'POST /repos/{owner}/{repo}/issues',
      times: 2,
    });
    expect(fault.status).toBe(201);
    expect((await call('POST', '/repos/acme/support/issues', { title: 'a' })).status).toBe(502);
    expect((await call('POST', '/repos/acme/support/issues', { title: 'b' })).status).toBe(502);
    expect((await call('POST', '/repos/acme/support/issues', { title: 'c' })).status).toBe(201);
    const list = await fetch(`${standin.url}/repos/acme/support/issues?state=all`, {
      headers: { authorization: 'token bot-token' },
    });
    expect(((await list.json()) as { title: string }[]).map((issue) => issue.title)).toEqual(['c', 'b', 'a']);
  });

  it('leaves other operations alone', async () => {
    await call('POST', '/_standin/faults', {
      kind: 'error-before-apply',
      operation: 'issues/create-comment',
    });
    expect((await call('GET', '/repos/acme/support/issues/1')).status).toBe(200);
    expect((await call('POST', '/repos/acme/support/issues/1/comments', { body: 'x' })).status).toBe(502);
    expect((await call('GET', '/repos/acme/support/issues/1')).data).toMatchObject({ comments: 0 });
  });

  it('answers 503 while down, then recovers', async () => {
    await call('POST', '/_standin/faults', { kind: 'down', forMs: 300 });
    expect((await call('GET', '/user')).status).toBe(503);
    expect((await call('GET', '/repos/acme/support/issues')).status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await call('GET', '/user')).status).toBe(200);
  });

  it('refuses connections while down in refuse mode, then listens on the same port again', async () => {
    expect(
      (await call('POST', '/_standin/faults', { kind: 'down', mode: 'refuse', forMs: 300 })).status,
    ).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const attempt = () =>
      fetch(`${standin.url}/user`, { headers: { authorization: 'token bot-token' } }).then(
        () => 'answered',
        (error: unknown) => String((error as TypeError).cause),
      );
    // A pooled keep-alive connection is cut first; a new connection is then refused.
    expect(await attempt()).toMatch(/other side closed|ECONNREFUSED/);
    expect(await attempt()).toContain('ECONNREFUSED');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await call('GET', '/user')).status).toBe(200);
  });

  it('closes at once during a refuse outage', async () => {
    const short = await startStandin({ users: [{ login: 'repodesk-bot', token: 'bot-token' }] });
    short.injectFault({ kind: 'down', mode: 'refuse', forMs: 60_000 });
    const started = performance.now();
    await short.close();
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('sends GitHub rate limit headers on a 429', async () => {
    await call('POST', '/_standin/faults', { kind: 'rate-limit', resetInSeconds: 30 });
    const limited = await call('GET', '/user');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-ratelimit-reset')) * 1000).toBeGreaterThan(Date.now() + 25_000);
  });

  it('lists and clears pending faults', async () => {
    await call('POST', '/_standin/faults', { kind: 'secondary-limit', operation: 'issues/update', times: 5 });
    expect((await call('GET', '/_standin/faults')).data).toMatchObject([
      { kind: 'secondary-limit', remaining: 5 },
    ]);
    expect((await call('DELETE', '/_standin/faults')).status).toBe(204);
    expect((await call('GET', '/_standin/faults')).data).toEqual([]);
  });

  it('refuses an unknown fault kind with the list of kinds', async () => {
    const refused = await call('POST', '/_standin/faults', { kind: 'explode' });
    expect(refused.status).toBe(422);
    expect(refused.data?.message).toBe(
      'admin: kind must be one of error-after-apply, error-before-apply, secondary-limit, rate-limit, down; found "explode"',
    );
  });
});

describe('the clock', () => {
  it('can be fixed for a while and given back', async () => {
    expect((await call('PUT', '/_standin/clock', { now: '2026-01-05T08:00:00Z' })).status).toBe(204);
    const old = await call('POST', '/repos/acme/support/issues', { title: 'old' });
    expect(old.data?.created_at).toBe('2026-01-05T08:00:00Z');
    await call('PUT', '/_standin/clock', {});
    const fresh = await call('POST', '/repos/acme/support/issues', { title: 'fresh' });
    expect(Date.parse(String(fresh.data?.created_at))).toBeGreaterThan(Date.now() - 60_000);
  });

  it('ignores x-standin-now unless the stand-in allows it', async () => {
    const strict = await startStandin({ users: [{ login: 'repodesk-bot', token: 'bot-token' }] });
    try {
      const response = await fetch(`${strict.url}/repos/acme/support/issues`, {
        method: 'POST',
        headers: { authorization: 'token bot-token', 'x-standin-now': '2020-01-01T00:00:00Z' },
        body: JSON.stringify({ title: 'now' }),
      });
      const issue = (await response.json()) as { created_at: string };
      expect(issue.created_at.startsWith('2020')).toBe(false);
      const clock = await fetch(`${strict.url}/_standin/clock`, {
        method: 'PUT',
        body: '{"now":"2020-01-01T00:00:00Z"}',
      });
      expect(clock.status).toBe(403);
    } finally {
      await strict.close();
    }
  });
});

describe('the write log', () => {
  it('lists every applied write with its time on the data clock, route, login and content writes', async () => {
    await call('POST', '/_standin/stats/reset');
    await call('PUT', '/_standin/clock', { now: '2026-01-05T08:00:00Z' });
    const issue = await call('POST', '/repos/acme/support/issues', { title: 'logged' });
    await call('PUT', '/_standin/clock', { now: '2026-01-05T08:00:30Z' });
    await call('POST', `/repos/acme/support/issues/${String(issue.data?.number)}/labels`, { labels: ['a'] });
    await call('PUT', '/_standin/clock', {});
    // A refused write (validation) changed nothing and is not in the log; reads never are.
    await call('POST', '/repos/acme/support/issues', {});
    await call('GET', '/repos/acme/support/issues');
    const writes = await call('GET', '/_standin/writes');
    expect(writes.data).toEqual([
      {
        at: Date.parse('2026-01-05T08:00:00Z'),
        request: 'POST /repos/{owner}/{repo}/issues',
        login: 'repodesk-bot',
        contentWrites: 1,
      },
      {
        at: Date.parse('2026-01-05T08:00:30Z'),
        request: 'POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
        login: 'repodesk-bot',
        contentWrites: 0,
      },
    ]);
    await call('POST', '/_standin/stats/reset');
    expect(standin.writeLog()).toEqual([]);
  });
});

describe('the OpenAPI check of responses', () => {
  it('reports what is wrong with a response that drifts from GitHub description', async () => {
    const validator = new OpenapiValidator();
    const issue = (await call('GET', '/repos/acme/support/issues/1')).data ?? {};
    expect(validator.checkResponse('issues/get', 200, issue)).toEqual([]);
    const { node_id: _nodeId, ...withoutNodeId } = issue;
    expect(validator.checkResponse('issues/get', 200, withoutNodeId)).toEqual([
      { path: '', message: "must have required property 'node_id'" },
    ]);
    expect(
      validator.checkResponse('issues/get', 200, { ...issue, state_reason: 'forgotten' }),
    ).toContainEqual({
      path: '/state_reason',
      message: 'must be equal to one of the allowed values',
    });
    expect(validator.checkResponse('issues/get', 201, issue)).toEqual([
      { path: '', message: 'status 201 is not a documented response of issues/get' },
    ]);
  });

  it('ships a subset holding every operation the stand-in serves, small enough to commit', () => {
    const file = new URL('../../src/standin/openapi-subset.json', import.meta.url);
    const size = readFileSync(file).length;
    expect(size).toBeLessThan(250_000);
    const validator = new OpenapiValidator();
    expect([...validator.operations.keys()].sort()).toEqual(
      [
        'apps/create-from-manifest',
        'apps/create-installation-access-token',
        'apps/get-authenticated',
        'apps/get-installation',
        'apps/get-repo-installation',
        'apps/get-webhook-config-for-app',
        'issues/add-assignees',
        'issues/add-labels',
        'issues/create',
        'issues/create-comment',
        'issues/create-label',
        'issues/delete-comment',
        'issues/get',
        'issues/get-comment',
        'issues/list-comments',
        'issues/list-events',
        'issues/list-events-for-timeline',
        'issues/list-for-repo',
        'issues/list-labels-for-repo',
        'issues/list-labels-on-issue',
        'issues/remove-assignees',
        'issues/remove-label',
        'issues/update',
        'issues/update-comment',
        'repos/get',
        'repos/get-collaborator-permission-level',
        'users/get-authenticated',
      ].sort(),
    );
  });
});

// The stand-in's repositories are private unless started as public, as on GitHub: an account with no role on a
// private repository (nor membership of its organisation) gets 404 for anything under it, reading or writing,
// while its collaborators, organisation members and an App installed on it reach it. A public repository is
// read and commented on by anyone. Confidential queues (issue 13) rely on it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';

let standin: Standin;

beforeAll(async () => {
  standin = await startStandin({
    repos: ['acme/support', 'acme/support-hr', 'acme/open'],
    publicRepos: ['acme/open'],
    users: [
      { login: 'repodesk-bot', token: 'bot-token' },
      { login: 'hugo-hr', token: 'hugo-token', role: { 'acme/support-hr': 'write' } },
      { login: 'sam-support', token: 'sam-token', role: { 'acme/support': 'write' } },
      { login: 'rita-reader', token: 'rita-token', role: { 'acme/support-hr': 'read' } },
      { login: 'olga-member', token: 'olga-token', role: 'none', organisations: ['acme'] },
      { login: 'mallory', token: 'mallory-token', role: 'none' },
    ],
  });
  for (const repo of ['acme/support', 'acme/support-hr', 'acme/open'])
    expect(
      (await call('bot-token', 'POST', `/repos/${repo}/issues`, { title: `A ticket of ${repo}` })).status,
    ).toBe(201);
});
afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

function call(token: string, method: string, route: string, body?: unknown): Promise<Response> {
  return fetch(`${standin.url}${route}`, {
    method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('read access to private repositories', () => {
  it.each([
    ['a collaborator of the other repository only', 'sam-token'],
    ['an account with no role anywhere', 'mallory-token'],
  ])('%s gets 404 for everything under the HR repository', async (_who, token) => {
    for (const [method, route, body] of [
      ['GET', '/repos/acme/support-hr', undefined],
      ['GET', '/repos/acme/support-hr/issues?state=all', undefined],
      ['GET', '/repos/acme/support-hr/issues/1', undefined],
      ['GET', '/repos/acme/support-hr/issues/1/comments', undefined],
      ['GET', '/repos/acme/support-hr/issues/1/timeline', undefined],
      ['POST', '/repos/acme/support-hr/issues/1/comments', { body: 'hello' }],
      ['POST', '/repos/acme/support-hr/issues', { title: 'mine' }],
    ] as const) {
      const response = await call(token, method, route, body);
      expect({ method, route, status: response.status }).toEqual({ method, route, status: 404 });
      expect(((await response.json()) as { message: string }).message).toBe('Not Found');
    }
  });

  it.each([
    ['a write collaborator of the HR repository', 'hugo-token'],
    ['a read collaborator of the HR repository', 'rita-token'],
    ['a member of the owning organisation (its base read)', 'olga-token'],
  ])('%s reads the HR issue and its comments', async (_who, token) => {
    expect((await call(token, 'GET', '/repos/acme/support-hr/issues/1')).status).toBe(200);
    expect((await call(token, 'GET', '/repos/acme/support-hr/issues/1/comments')).status).toBe(200);
  });

  it('nothing was written by the refused calls', async () => {
    const comments = (await (
      await call('hugo-token', 'GET', '/repos/acme/support-hr/issues/1/comments')
    ).json()) as unknown[];
    expect(comments).toEqual([]);
    const issues = (await (
      await call('hugo-token', 'GET', '/repos/acme/support-hr/issues?state=all')
    ).json()) as unknown[];
    expect(issues).toHaveLength(1);
  });

  it('a public repository is read and commented on by anyone, and says it is public', async () => {
    expect((await call('mallory-token', 'GET', '/repos/acme/open/issues/1')).status).toBe(200);
    expect(
      (await call('mallory-token', 'POST', '/repos/acme/open/issues/1/comments', { body: 'hi' })).status,
    ).toBe(201);
    const open = (await (await call('bot-token', 'GET', '/repos/acme/open')).json()) as {
      private: boolean;
      visibility: string;
    };
    expect(open).toMatchObject({ private: false, visibility: 'public' });
    const hr = (await (await call('bot-token', 'GET', '/repos/acme/support-hr')).json()) as {
      private: boolean;
      visibility: string;
    };
    expect(hr).toMatchObject({ private: true, visibility: 'private' });
  });
});

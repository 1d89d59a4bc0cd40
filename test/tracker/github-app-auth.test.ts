// GitHub App credentials end to end: createOctokit with @octokit/auth-app mints a JWT, the stand-in checks
// it and hands out an installation token, and GithubTracker writes as `<slug>[bot]`.

import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { createOctokit, isAppAuthConfig, type AppAuthConfig } from '../../src/tracker/create-octokit.ts';
import { GithubTracker } from '../../src/tracker/github-tracker.ts';
import { TrackerError } from '../../src/tracker/tracker-error.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

let standin: Standin;

function appTracker(config: AppAuthConfig): GithubTracker {
  const octokit = createOctokit(config, { log: quiet });
  return new GithubTracker({
    octokit,
    repository: 'acme/support',
    identity: isAppAuthConfig(config) ? 'app' : 'user',
  });
}

beforeAll(async () => {
  standin = await startStandin({
    users: [{ login: 'camille-durand', token: 'camille-token' }],
    app: { id: 123456, slug: 'repodesk-app', publicKey, installationId: 42 },
  });
});

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

describe('GitHub App authentication', () => {
  it('writes as <slug>[bot] with an installation token minted from the App key', async () => {
    const tracker = appTracker({
      baseUrl: standin.url,
      appId: 123456,
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      installationId: 42,
    });
    expect(await tracker.selfLogin()).toBe('repodesk-app[bot]');
    standin.resetStats();
    const issue = await tracker.createIssue({ title: 'Par l’App', body: 'b', labels: [], assignees: [] });
    await tracker.createComment(issue.number, 'note du bot');
    expect(standin.stats().requests).toEqual({
      'POST /app/installations/{installation_id}/access_tokens': 1,
      'POST /repos/{owner}/{repo}/issues': 1,
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': 1,
    });
    const timeline = await tracker.listTimeline(issue.number, { agentLogins: [] });
    expect(timeline).toEqual([
      expect.objectContaining({
        kind: 'commented',
        actor: 'repodesk-app[bot]',
        author: 'bot',
        public: false,
      }),
    ]);
    const raw = await fetch(`${standin.url}/repos/acme/support/issues/${issue.number}`, {
      headers: { authorization: 'token camille-token' },
    }).then((response) => response.json() as Promise<{ user: { login: string; type: string } }>);
    expect(raw.user).toMatchObject({ login: 'repodesk-app[bot]', type: 'Bot' });
  });

  it('is refused GET /user with an installation token, as on GitHub', async () => {
    const config = {
      baseUrl: standin.url,
      appId: 123456,
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      installationId: 42,
    };
    const octokit = createOctokit(config, { log: quiet });
    const asUser = new GithubTracker({ octokit, repository: 'acme/support', identity: 'user' });
    await expect(asUser.selfLogin()).rejects.toMatchObject({ code: 'forbidden', status: 403 });
  });

  it('is refused with a key that is not the App key', async () => {
    const tracker = appTracker({
      baseUrl: standin.url,
      appId: 123456,
      privateKey: other.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      installationId: 42,
    });
    const failure = await tracker.getIssue(1).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TrackerError);
    expect(failure).toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('is refused for another installation', async () => {
    const tracker = appTracker({
      baseUrl: standin.url,
      appId: 123456,
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      installationId: 7,
    });
    await expect(tracker.getIssue(1)).rejects.toMatchObject({ code: 'not-found', status: 404 });
  });
});

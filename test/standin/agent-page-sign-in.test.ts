// The agent page behaves as github.com does: nothing is read or posted without signing in with an account's
// personal access token; the session cookie is HttpOnly and SameSite=Strict; every form carries the session's
// CSRF token; comments are authored by the signed-in account; a private repository exists only for its
// collaborators (list and 404), by the same rule as the REST API.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { postForm, signInToAgentPage } from '../support/agent-page-browser.ts';

let standin: Standin;

async function api<T>(path: string, body?: unknown, token = 'bot-token'): Promise<T> {
  const response = await fetch(`${standin.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await response.json()) as T;
}

/** Who wrote each comment of `repo`'s issue 1, and what (through the API). */
async function comments(repo: string): Promise<string[][]> {
  const list = await api<{ user: { login: string }; body: string }[]>(`/repos/${repo}/issues/1/comments`);
  return list.map((comment) => [comment.user.login, comment.body]);
}

beforeAll(async () => {
  standin = await startStandin({
    repos: ['acme/support', 'acme/rh', 'acme/public'],
    publicRepos: ['acme/public'],
    users: [
      { login: 'repodesk-bot', token: 'bot-token' },
      { login: 'camille-durand', token: 'camille-token' },
      { login: 'lucas-martin', token: 'lucas-token' },
      // Support only: the HR queue is confidential.
      { login: 'lea-support', token: 'lea-token', role: { 'acme/support': 'write', 'acme/rh': 'none' } },
      { login: 'visiteur', token: 'visiteur-token', role: 'none' },
    ],
  });
  await api('/repos/acme/support/issues', { title: 'Facture en double' });
  await api('/repos/acme/rh/issues', { title: 'Arrêt maladie de Jeanne' });
  await api('/repos/acme/public/issues', { title: 'Question publique' });
});

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

describe('signing in to the agent page', () => {
  it.each([
    ['the issue list', '/', '%2F'],
    ['an issue', '/acme/support/issues/1', '%2Facme%2Fsupport%2Fissues%2F1'],
    ['a repository’s list', '/acme/support/issues?state=all', '%2Facme%2Fsupport%2Fissues%3Fstate%3Dall'],
    ['a public repository’s issue', '/acme/public/issues/1', '%2Facme%2Fpublic%2Fissues%2F1'],
  ])(
    'an unsigned visitor asking for %s is sent to sign in, and sees no ticket',
    async (_name, path, back) => {
      const response = await fetch(`${standin.url}${path}`, { redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/login?return_to=${back}&lang=fr`);
      const followed = await fetch(`${standin.url}${path}`);
      const html = await followed.text();
      expect(followed.status).toBe(200);
      expect(html).toContain('<title>Se connecter</title>');
      expect(html).toContain('<label for="token">Jeton d’accès personnel</label>');
      expect(html).toContain('gh auth login --with-token');
      expect(html).not.toMatch(/Facture en double|Arrêt maladie|Question publique/);
    },
  );

  it('asks in English too', async () => {
    const html = await (await fetch(`${standin.url}/login?lang=en`)).text();
    expect(html).toContain('<title>Sign in</title>');
    expect(html).toContain('<label for="token">Personal access token</label>');
    expect(html).toContain('with npm start, each agent’s account and token are printed in the terminal');
  });

  it.each([
    ['an unknown token', 'ghp_not-a-token'],
    ['a token cut short', 'camille-toke'],
    ['an empty token', ''],
  ])('%s gets a 401 page saying what to do, in French and English, and no session', async (_name, token) => {
    for (const [lang, title, advice] of [
      ['fr', 'Jeton refusé', 'Ce jeton n’ouvre aucun compte de ce serveur. Collez le jeton en entier'],
      ['en', 'Token refused', 'This token opens no account of this server. Paste the whole token'],
    ] as const) {
      const response = await postForm(`${standin.url}/session`, { token, lang, return_to: '/' });
      expect(response.status).toBe(401);
      expect(response.headers.get('set-cookie')).toBeNull();
      const html = await response.text();
      expect(html).toContain(`<title>${title}</title>`);
      expect(html).toContain(`<p role="alert" class="error">${advice}`);
      expect(html).toContain('name="token"');
    }
  });

  it('a sign-in sets an HttpOnly, SameSite=Strict session cookie with a random id, and goes back where asked', async () => {
    const first = await postForm(`${standin.url}/session`, {
      token: 'camille-token',
      return_to: '/acme/support/issues/1',
    });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/acme/support/issues/1');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(
      /^user_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200; Expires=\w{3}, \d\d \w{3} \d{4} [\d:]{8} GMT$/,
    );
    const second = await signInToAgentPage(standin.url, 'camille-token');
    expect(second.cookie).not.toBe(cookie.split(';')[0]);
    expect((await second.get('/')).html).toContain('Connecté en tant que @camille-durand');
  });

  it.each([
    ['another site', '//evil.example/'],
    ['another site, backslashed', '/\\evil.example/'],
    ['a full address', 'https://evil.example/'],
  ])('a return address on %s leads home instead', async (_name, returnTo) => {
    const response = await postForm(`${standin.url}/session`, {
      token: 'camille-token',
      return_to: returnTo,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
  });

  it('a sign-in form posted from another site is refused', async () => {
    const response = await postForm(
      `${standin.url}/session`,
      { token: 'camille-token' },
      { origin: 'https://evil.example' },
    );
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('signing out ends the session: its cookie opens nothing any more', async () => {
    const browser = await signInToAgentPage(standin.url, 'lucas-token');
    const refused = await browser.post('/logout', { authenticity_token: 'forged' });
    expect(refused.status).toBe(403);
    expect((await browser.get('/')).status).toBe(200);
    const out = await browser.post('/logout', { lang: 'en' });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/login?lang=en');
    expect(out.headers.get('set-cookie')).toMatch(
      /^user_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0;/,
    );
    const after = await browser.get('/');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/login?return_to=%2F&lang=fr');
  });
});

describe('commenting from the agent page', () => {
  it('a comment is authored by the signed-in account, whoever the form names', async () => {
    const before = await comments('acme/support');
    const lea = await signInToAgentPage(standin.url, 'lea-token');
    const response = await lea.post('/acme/support/issues/1/comments', {
      body: '/reply Voici le duplicata.',
      agent: 'camille-durand',
      lang: 'fr',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/acme/support/issues/1?lang=fr#comments');
    expect(await comments('acme/support')).toEqual([
      ...before,
      ['lea-support', '/reply Voici le duplicata.'],
    ]);
    const page = (await lea.get('/acme/support/issues/1')).html;
    expect(page).toContain('<p>Vous commentez en tant que @lea-support.</p>');
    expect(page).not.toContain('<select');
  });

  it.each([
    ['no cookie', {}],
    ['an invented session', { cookie: 'user_session=invented' }],
  ])('an unsigned visitor (%s) can not post: sent to sign in, no comment', async (_name, headers) => {
    const before = standin.stats().contentWrites;
    const response = await postForm(
      `${standin.url}/acme/support/issues/1/comments`,
      { body: '/reply forged', lang: 'fr', agent: 'camille-durand' },
      headers,
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `/login?return_to=${encodeURIComponent('/acme/support/issues/1?lang=fr')}&lang=fr`,
    );
    expect(standin.stats().contentWrites).toBe(before);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['wrong', 'forged-token'],
    ['another session’s', 'other'],
  ])(
    'a form whose CSRF token is %s is refused with 403 and a clear page; nothing is posted',
    async (_name, token) => {
      const camille = await signInToAgentPage(standin.url, 'camille-token');
      const other = await signInToAgentPage(standin.url, 'camille-token');
      const before = await comments('acme/support');
      const writes = standin.stats().contentWrites;
      const fields: Record<string, string> = { body: '/reply sans jeton', lang: 'fr' };
      const response =
        token === undefined
          ? await postForm(`${standin.url}/acme/support/issues/1/comments`, fields, {
              cookie: camille.cookie,
            })
          : await camille.post('/acme/support/issues/1/comments', {
              ...fields,
              authenticity_token: token === 'other' ? other.csrf : token,
            });
      expect(response.status).toBe(403);
      const html = await response.text();
      expect(html).toContain('<title>Formulaire refusé</title>');
      expect(html).toContain('Rien n’a été publié. Rechargez la page du ticket et envoyez de nouveau.');
      expect(standin.stats().contentWrites).toBe(writes);
      expect(await comments('acme/support')).toEqual(before);
    },
  );
});

describe('what an account sees on the agent page', () => {
  it('the list shows only the repositories the account can read', async () => {
    const lea = (await signInToAgentPage(standin.url, 'lea-token')).get('/');
    const camille = (await signInToAgentPage(standin.url, 'camille-token')).get('/');
    const visitor = (await signInToAgentPage(standin.url, 'visiteur-token')).get('/');
    const headings = (html: string) => [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((match) => match[1]);
    expect(headings((await camille).html)).toEqual(['acme/support', 'acme/rh', 'acme/public']);
    expect((await camille).html).toContain('Arrêt maladie de Jeanne');
    expect(headings((await lea).html)).toEqual(['acme/support', 'acme/public']);
    expect((await lea).html).not.toContain('Arrêt maladie');
    expect(headings((await visitor).html)).toEqual(['acme/public']);
  });

  it.each([
    ['an issue', '/acme/rh/issues/1'],
    ['the list', '/acme/rh/issues'],
    ['a missing issue', '/acme/rh/issues/99'],
  ])('%s of a private repository is 404 to a non-collaborator', async (_name, path) => {
    const lea = await signInToAgentPage(standin.url, 'lea-token');
    const { status, html } = await lea.get(path);
    expect(status).toBe(404);
    expect(html).toContain('Ticket introuvable.');
    expect(html).not.toContain('Arrêt maladie');
  });

  it('a non-collaborator can not comment on a private issue (404, nothing written)', async () => {
    const lea = await signInToAgentPage(standin.url, 'lea-token');
    const before = standin.stats().contentWrites;
    const response = await lea.comment('acme/rh', 1, 'curieuse');
    expect(response.status).toBe(404);
    expect(standin.stats().contentWrites).toBe(before);
    expect(await comments('acme/rh')).toEqual([]);
  });

  it('anyone signed in reads and comments on a public repository, as on GitHub', async () => {
    const visitor = await signInToAgentPage(standin.url, 'visiteur-token');
    expect((await visitor.get('/acme/public/issues/1')).html).toContain('Question publique');
    expect((await visitor.comment('acme/public', 1, 'Moi aussi')).status).toBe(303);
    expect(await comments('acme/public')).toEqual([['visiteur', 'Moi aussi']]);
  });

  it('a script may read with a token in Authorization (as the API), and sees the same repositories', async () => {
    const read = (path: string, token: string) =>
      fetch(`${standin.url}${path}`, { headers: { authorization: `token ${token}` }, redirect: 'manual' });
    expect((await read('/acme/rh/issues/1', 'camille-token')).status).toBe(200);
    expect((await read('/acme/rh/issues/1', 'lea-token')).status).toBe(404);
    const html = await (await read('/acme/support/issues/1', 'lea-token')).text();
    // Nothing to post with: a form needs a session.
    expect(html).not.toContain('<form method="post" action="/acme/support/issues/1/comments">');
    expect((await read('/', 'bad-token')).status).toBe(303);
  });
});

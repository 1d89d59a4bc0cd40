// The stand-in's page for agents: what a person sees in the browser, and the comment form.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { signInToAgentPage, type AgentPageBrowser } from '../support/agent-page-browser.ts';

let standin: Standin;
let issueNumber: number;
let lucas: AgentPageBrowser;

async function api(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${standin.url}${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer bot-token', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

async function page(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await fetch(`${standin.url}${path}`, { headers: { cookie: lucas.cookie, ...headers } });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

beforeAll(async () => {
  standin = await startStandin({
    users: [
      { login: 'repodesk-bot', token: 'bot-token' },
      { login: 'camille-durand', token: 'camille-token' },
      { login: 'lucas-martin', token: 'lucas-token' },
    ],
  });
  lucas = await signInToAgentPage(standin.url, 'lucas-token');
  const issue = await api('/repos/acme/support/issues', {
    title: 'Facture <script>alert(1)</script>',
    body: 'Bonjour,\n\nMon code `<b>` ne marche pas **vraiment**.\n<img src=https://tracker.example/x.png>\n<!-- repodesk:ref=R-42 -->',
    labels: ['type:billing'],
    assignees: ['camille-durand'],
  });
  issueNumber = Number(issue.number);
  await api(`/repos/acme/support/issues/${issueNumber}/comments`, { body: 'Première réponse <i>du bot</i>' });
});

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

describe('the agent page', () => {
  it('lists open issues with labels and assignees, in French by default', async () => {
    const { status, html } = await page('/');
    expect(status).toBe(200);
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain(`href="/acme/support/issues/${issueNumber}?lang=fr"`);
    expect(html).toContain('Facture &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<span class="label">type:billing</span>');
    expect(html).toContain('Assignés: @camille-durand');
  });

  it('speaks English when asked, by query or by Accept-Language', async () => {
    expect((await page('/?lang=en')).html).toContain('<html lang="en">');
    const { html } = await page('/', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(html).toContain('Assignees: @camille-durand');
  });

  it('shows one issue with its body rendered as GitHub does, raw HTML as text and hidden markers visible', async () => {
    const { status, html, headers } = await page(`/acme/support/issues/${issueNumber}`);
    expect(status).toBe(200);
    expect(headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toContain('<p>Bonjour,</p>');
    expect(html).toContain('<code>&lt;b></code>');
    expect(html).toContain('<strong>vraiment</strong>');
    expect(html).toContain('&lt;img src=');
    expect(html).not.toMatch(/<img\b/);
    expect(html).toContain(
      '<span class="marker" title="marqueur caché">&lt;!-- repodesk:ref=R-42 --></span>',
    );
    expect(html).toContain('Première réponse &lt;i>du bot&lt;/i>');
  });

  it('posts a comment as the signed-in agent, which the API and webhooks then see', async () => {
    const response = await lucas.comment('acme/support', issueNumber, '/reply Voici votre duplicata.');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/acme/support/issues/${issueNumber}?lang=fr#comments`);
    const comments = await fetch(`${standin.url}/repos/acme/support/issues/${issueNumber}/comments`, {
      headers: { authorization: 'token bot-token' },
    }).then((r) => r.json() as Promise<{ user: { login: string }; body: string }[]>);
    expect(comments.map((comment) => [comment.user.login, comment.body])).toEqual([
      ['repodesk-bot', 'Première réponse <i>du bot</i>'],
      ['lucas-martin', '/reply Voici votre duplicata.'],
    ]);
    expect(standin.stats().contentWrites).toBe(3);
  });

  it('refuses a comment from another origin, even with the session cookie and CSRF token', async () => {
    const foreign = await fetch(`${standin.url}/acme/support/issues/${issueNumber}/comments`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
        cookie: lucas.cookie,
      },
      body: new URLSearchParams({ body: 'x', authenticity_token: lucas.csrf }).toString(),
      redirect: 'manual',
    });
    expect(foreign.status).toBe(403);
    const commentsBefore = standin.stats().contentWrites;
    // A sandboxed frame, a data: page or a redirect from another site sends `Origin: null`; a browser that
    // sends no Origin still says where the form came from in Sec-Fetch-Site.
    for (const headers of [
      { origin: 'null' },
      { origin: 'NULL' },
      { origin: `${standin.url}.evil.example` },
      { origin: standin.url.replace('127.0.0.1', 'localhost') },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ] as Record<string, string>[]) {
      const refused = await fetch(`${standin.url}/acme/support/issues/${issueNumber}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: lucas.cookie, ...headers },
        body: new URLSearchParams({ body: '/reply forged', authenticity_token: lucas.csrf }).toString(),
        redirect: 'manual',
      });
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(await refused.text()).toBe(
        'Formulaire envoyé depuis une autre origine : refusé.\nCross-origin form refused.\n',
      );
    }
    expect(standin.stats().contentWrites).toBe(commentsBefore);
    const empty = await lucas.comment('acme/support', issueNumber, '  ');
    expect(empty.headers.get('location')).toBe(
      `/acme/support/issues/${issueNumber}?lang=fr&error=empty#comment`,
    );
    const { html } = await page(`/acme/support/issues/${issueNumber}?error=empty`);
    expect(html).toContain('<p role="alert" class="error">Le message est vide.</p>');
  });

  it('lists only the newest 200 issues of a busy repository, and says so', async () => {
    const busy = await startStandin({ users: [{ login: 'repodesk-bot', token: 'bot-token' }] });
    try {
      const bot = await signInToAgentPage(busy.url, 'bot-token');
      for (let i = 1; i <= 205; i += 1) {
        await fetch(`${busy.url}/repos/acme/support/issues`, {
          method: 'POST',
          headers: { authorization: 'token bot-token' },
          body: JSON.stringify({ title: `Demande ${i}` }),
        });
      }
      const { html } = await bot.get('/?lang=fr');
      expect(html).toContain('Les 200 plus récents sur 205.');
      expect(html).toContain('#205 Demande 205');
      expect(html).toContain('#6 Demande 6');
      expect(html).not.toContain('#5 Demande 5');
    } finally {
      await busy.close();
    }
  });

  it.each([
    [
      'a preview comment’s folded details',
      '**Summary**\n\n<details><summary>Routing: 2 changed tickets</summary>\n\n- **#1** team a → b\n\n</details>',
      '<details><summary>Routing: 2 changed tickets</summary>\n<ul>\n<li><strong>#1</strong> team a → b</li>\n</ul>\n</details>',
    ],
    [
      'two folded parts, one after the other',
      '<details><summary>A</summary>\n\none\n\n</details>\n\n<details><summary>B</summary>\n\ntwo\n\n</details>',
      '<details><summary>A</summary>\n<p>one</p>\n</details>\n<details><summary>B</summary>\n<p>two</p>\n</details>',
    ],
  ])('%s render as GitHub folds them, not as text', async (_name, body, shown) => {
    const number = Number((await api('/repos/acme/support/issues', { title: 'Preview', body })).number);
    const { html } = await page(`/acme/support/issues/${number}`);
    expect(html).toContain(`${shown}</article>`);
  });

  it('other raw HTML next to folding stays text', async () => {
    const body =
      '<details><summary>Voir</summary>\n\n<img src=https://tracker.example/x.png> <b>gras</b>\n\n</details>';
    const number = Number((await api('/repos/acme/support/issues', { title: 'Mixed', body })).number);
    const { html } = await page(`/acme/support/issues/${number}`);
    expect(html).toContain('<details><summary>Voir</summary>');
    expect(html).toContain('&lt;img src=');
    expect(html).toContain('&lt;b>gras&lt;/b>');
    expect(html).not.toMatch(/<img\b|<b>/);
  });

  it('answers 404 for an issue that does not exist', async () => {
    const { status, html } = await page('/acme/support/issues/999');
    expect(status).toBe(404);
    expect(html).toContain('Ticket introuvable.');
  });
});

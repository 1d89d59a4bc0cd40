// The offline stack behind `npm start`: stand-in, bot and site on localhost, wired together.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { offlineBanner, startOfflineStack, type OfflineStack } from '../../src/offline/offline-stack.ts';
import { serveStaticSite } from '../../src/offline/serve-static-site.ts';
import { siteBuildReason } from '../../src/offline/site-build.ts';
import { eventually, incidentSubmission, repoRoot } from '../support/bot-harness.ts';
import { requestFrom } from '../support/client-request.ts';
import { signInToAgentPage } from '../support/agent-page-browser.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-offline-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('the offline stack', () => {
  it('turns a form sent to the local bot into a ticket on the local tracker, whose webhooks come back to the bot', async () => {
    const dataDir = tempDir();
    const stack: OfflineStack = await startOfflineStack({
      root: repoRoot,
      dataDir,
      ports: { site: 0, bot: 0, standin: 0 },
      withSite: false,
      env: {},
    });
    cleanups.push(() => stack.stop());
    const response = await fetch(`${stack.urls.bot}/api/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(incidentSubmission(Date.now())),
    });
    expect(response.status).toBe(202);
    const { ref } = (await response.json()) as { ref: string };
    // The agent page asks to sign in; each agent of teams.yaml signs in with the token printed for them.
    const unsigned = await fetch(stack.urls.agentPage);
    expect(unsigned.url).toBe(`${stack.urls.standin}/login?return_to=%2F&lang=fr`);
    expect(await unsigned.text()).not.toContain('Impossible de me connecter au VPN');
    expect(stack.agents.map((agent) => agent.login)).toEqual(
      stack.bot.context.rules.current.teams.agents.map((agent) => agent.login),
    );
    expect(new Set(stack.agents.map((agent) => agent.token)).size).toBe(stack.agents.length);
    const banner = offlineBanner(stack);
    for (const agent of stack.agents) expect(banner).toContain(`@${agent.login}`);
    for (const agent of stack.agents) expect(banner).toMatch(new RegExp(`@${agent.login} +${agent.token}\n`));
    const lucas = await signInToAgentPage(
      stack.urls.standin,
      stack.agents.find((agent) => agent.login === 'lucas-martin')?.token ?? '',
    );
    const page = await eventually(async () => {
      const { html } = await lucas.get('/');
      return html.includes('Impossible de me connecter au VPN') ? html : undefined;
    });
    expect(page).toContain('Connecté en tant que @lucas-martin');
    // The stand-in told the bot about the issue it created (signed, verified, recognised as our own).
    await eventually(
      async () => (await stack.standin.deliveriesIdle(), stack.standin.deliveries().length > 0),
    );
    expect(stack.standin.deliveries().map((delivery) => delivery.statusCode)).toEqual(
      stack.standin.deliveries().map(() => 202),
    );
    expect((await stack.bot.context.refs.get(ref))?.issueNumber).toBeGreaterThan(0);
    // The mail the bot sends lands in the local catcher.
    expect((await fetch(stack.urls.mail)).status).toBe(200);
    // Credentials are generated once and kept for the next start; none is written in the log.
    const credentials = JSON.parse(
      fs.readFileSync(path.join(dataDir, 'offline-credentials.json'), 'utf8'),
    ) as { botToken: string; webhookSecret: string; agentTokens: Record<string, string> };
    expect(credentials.agentTokens).toEqual(
      Object.fromEntries(stack.agents.map((agent) => [agent.login, agent.token])),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const log = fs.readFileSync(stack.urls.logFile, 'utf8');
    expect(log).toContain('issue created');
    expect(log).not.toContain(credentials.botToken);
    expect(log).not.toContain(credentials.webhookSecret);
    for (const agent of stack.agents) expect(log).not.toContain(agent.token);
  });

  it('takes monitoring alerts with the token of the environment (README tour, step 7), and never logs it', async () => {
    const token = 'offline-alert-token-0123456789';
    const stack = await startOfflineStack({
      root: repoRoot,
      dataDir: tempDir(),
      ports: { site: 0, bot: 0, standin: 0 },
      withSite: false,
      env: {},
      alertTokens: { generic: token },
    });
    cleanups.push(() => stack.stop());
    const alert = {
      source: 'uptime-kuma',
      fingerprint: 'checkout',
      status: 'firing',
      severity: 'critical',
      summary: 'Checkout API is down',
      labels: { team: 'facturation' },
    };
    const send = (authorization: string) =>
      fetch(`${stack.urls.bot}/api/alerts/generic`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify(alert),
      });
    expect((await send('Bearer wrong-token-000000000000')).status).toBe(401);
    expect((await send(`Bearer ${token}`)).status).toBe(202);
    const agent = await signInToAgentPage(stack.urls.standin, stack.agents[0]?.token ?? '');
    const page = await eventually(async () => {
      const { html } = await agent.get('/');
      return html.includes('Checkout API is down') ? html : undefined;
    });
    expect(page).toContain('[critical] Checkout API is down');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fs.readFileSync(stack.urls.logFile, 'utf8')).not.toContain(token);
  });

  it('keeps the agents’ tokens across restarts, and gives tokens to the agents of a data folder made before them', async () => {
    const dataDir = tempDir();
    // A data folder from before the agent page's sign-in: the bot's token and the webhook secret only.
    const file = path.join(dataDir, 'offline-credentials.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ botToken: 'offline-old-bot', webhookSecret: 'old-secret' }) + '\n',
    );
    const start = () =>
      startOfflineStack({
        root: repoRoot,
        dataDir,
        ports: { site: 0, bot: 0, standin: 0 },
        withSite: false,
        env: {},
      });
    const first = await start();
    const agents = first.agents;
    await first.stop();
    const kept = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(kept).toMatchObject({ botToken: 'offline-old-bot', webhookSecret: 'old-secret' });
    expect(agents.length).toBeGreaterThan(1);
    for (const agent of agents) expect(agent.token).toMatch(/^offline-[0-9a-f]{32}$/);
    const second = await start();
    cleanups.push(() => second.stop());
    expect(second.agents).toEqual(agents);
    const signedIn = await signInToAgentPage(second.urls.standin, agents[0]?.token ?? '');
    expect((await signedIn.get('/')).html).toContain(`Connecté en tant que @${agents[0]?.login}`);
  });

  it('prints every URL in a banner, French first, then English', () => {
    const banner = offlineBanner({
      repository: 'acme/support',
      agents: [
        { login: 'camille-durand', token: 'offline-aaaa' },
        { login: 'lucas-martin', token: 'offline-bbbb' },
      ],
      urls: {
        site: 'http://127.0.0.1:4321',
        bot: 'http://127.0.0.1:8787',
        standin: 'http://127.0.0.1:3000',
        agentPage: 'http://127.0.0.1:3000/',
        mail: 'http://127.0.0.1:1080',
        logFile: '/tmp/bot.log',
      },
    });
    const [french = '', english = ''] = banner.split('repodesk is running offline');
    expect(french).toContain('hors ligne');
    for (const [part, labels] of [
      [
        french,
        ["Centre d'aide", 'page des agents', 'API GitHub locale (REST)', 'Courriels', 'santé', 'métriques'],
      ],
      [english, ['Help centre', 'agent page', 'Local GitHub API (REST)', 'Mail sent', 'health', 'metrics']],
    ] as const) {
      for (const label of labels) expect(part).toContain(label);
      for (const url of [
        'http://127.0.0.1:3000/',
        'http://127.0.0.1:3000  (',
        'http://127.0.0.1:8787/healthz',
        'http://127.0.0.1:8787/metrics',
        'http://127.0.0.1:1080',
        '/tmp/bot.log',
      ])
        expect(part).toContain(url);
      expect(part).toContain('acme/support');
    }
    expect(french).toContain('http://127.0.0.1:4321/fr/');
    expect(english).toContain('http://127.0.0.1:4321/en/');
    // How to sign in to the agent page, and with which accounts (printed once for both languages).
    expect(french).toContain('connexion : collez le jeton de votre compte (liste ci-dessous)');
    expect(english).toContain('sign in: paste your account’s token (listed above)');
    expect(french).toContain(
      'Comptes des agents (identifiant, jeton) / Agents’ accounts (login, token):\n  @camille-durand  offline-aaaa\n  @lucas-martin    offline-bbbb\n',
    );
  });
});

describe('serving the built site', () => {
  it('serves files and folder indexes, never a file outside dist/', async () => {
    const root = tempDir();
    const dist = path.join(root, 'dist');
    fs.mkdirSync(path.join(dist, 'fr'), { recursive: true });
    fs.writeFileSync(path.join(dist, 'fr', 'index.html'), '<h1>Accueil</h1>');
    fs.writeFileSync(path.join(dist, '404.html'), '<h1>Introuvable</h1>');
    fs.writeFileSync(path.join(root, 'secret.txt'), 'secret');
    const site = await serveStaticSite(dist, 0);
    cleanups.push(() => site.close());
    const home = await fetch(`${site.url}/fr/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toContain('text/html');
    expect(await home.text()).toContain('Accueil');
    const redirect = await fetch(`${site.url}/fr`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    for (const probe of ['/../secret.txt', '/%2e%2e/secret.txt', '/fr/%2e%2e/%2e%2e/secret.txt']) {
      const response = await fetch(`${site.url}${probe}`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('secret');
    }
  });

  it('redirects a folder without its slash to the same site only, whatever the path smuggles', async () => {
    const dist = path.join(tempDir(), 'dist');
    fs.mkdirSync(path.join(dist, 'fr', 'kb'), { recursive: true });
    fs.writeFileSync(path.join(dist, 'fr', 'index.html'), '<h1>Accueil</h1>');
    fs.writeFileSync(path.join(dist, 'fr', 'kb', 'index.html'), '<h1>Articles</h1>');
    const site = await serveStaticSite(dist, 0);
    cleanups.push(() => site.close());
    const origin = new URL(site.url).origin;
    // Each path as a browser's address bar or a link can send it (requests are sent unnormalised).
    const probes: [string, string][] = [
      ['/fr', '/fr/'],
      ['/fr/kb?q=vpn', '/fr/kb/?q=vpn'],
      ['/.//evil.example/%2e%2e%2ffr', '/fr/'],
      ['/.//evil.example/%2E%2E/fr', '/fr/'],
      ['//evil.example/%2e%2e%2ffr', '/fr/'],
      ['/..//evil.example/%2e%2e%2ffr', '/fr/'],
      ['/%2F%2Fevil.example/%2e%2e%2f%2e%2e%2ffr', '/fr/'],
      ['/\\evil.example/%2e%2e%2ffr', '/fr/'],
      ['/%5c%5cevil.example/%2e%2e%2f%2e%2e%2ffr', '/fr/'],
      ['/.//evil.example/%2e%2e%2ffr/kb', '/fr/kb/'],
    ];
    const got: [string, string][] = [];
    for (const [probe] of probes) {
      const answer = await requestFrom(site.url, { path: probe });
      expect(answer.status, probe).toBe(301);
      const location = String(answer.headers.location);
      got.push([probe, location]);
      // A browser reads `//host` and `/\\host` as another site: the target must stay here.
      expect(new URL(location, site.url).origin, probe).toBe(origin);
    }
    expect(got).toEqual(probes);
  });

  it('rebuilds when no site was built with this data folder, when a source changed after the build, or when the bot moved', () => {
    const root = tempDir();
    const out = path.join(root, '.data', 'site');
    const stamp = path.join(root, '.data', 'site-build.json');
    for (const folder of ['kb', 'rules', 'site', 'src'])
      fs.mkdirSync(path.join(root, folder), { recursive: true });
    fs.writeFileSync(path.join(root, 'kb', 'a.md'), 'a');
    expect(siteBuildReason(root, out, stamp, 'http://127.0.0.1:8787')).toEqual({
      fr: 'première construction',
      en: 'first build',
    });
    fs.mkdirSync(path.join(out, 'fr'), { recursive: true });
    fs.writeFileSync(path.join(out, 'fr', 'index.html'), '');
    // A site without its stamp was built for an unknown bot address: built again.
    expect(siteBuildReason(root, out, stamp, 'http://127.0.0.1:8787')?.en).toBe('first build');
    fs.writeFileSync(stamp, JSON.stringify({ botUrl: 'http://127.0.0.1:8787', builtAt: Date.now() + 1000 }));
    expect(siteBuildReason(root, out, stamp, 'http://127.0.0.1:8787')).toBeUndefined();
    expect(siteBuildReason(root, out, stamp, 'http://127.0.0.1:9999')).toEqual({
      fr: "le bot a changé d'adresse : http://127.0.0.1:9999",
      en: 'the bot moved to http://127.0.0.1:9999',
    });
    const before = new Date(Date.now() - 120_000);
    for (const source of ['kb/a.md', 'kb', 'rules', 'site', 'src'])
      fs.utimesSync(path.join(root, source), before, before);
    fs.writeFileSync(
      stamp,
      JSON.stringify({ botUrl: 'http://127.0.0.1:8787', builtAt: Date.now() - 60_000 }),
    );
    fs.writeFileSync(path.join(root, 'src', 'shared.ts'), 'x');
    expect(siteBuildReason(root, out, stamp, 'http://127.0.0.1:8787')?.en).toBe(
      'src changed since the last build',
    );
  });
});

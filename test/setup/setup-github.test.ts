// `repodesk setup github` end to end, as an operator runs it: the CLI in its own process starts its local
// page, a browser (plain HTTP following redirects and submitting forms, test/support/form-browser.ts)
// goes through GitHub's manifest flow on the stand-in (create, then install), the credentials land in
// DATA_DIR/github-app.env (0600), and a `repodesk serve` started with nothing else authenticates as
// that App: it creates the issue of a form as `<slug>[bot]` and verifies the App's webhooks.

import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import {
  agentToken,
  eventually,
  incidentSubmission,
  postRequest,
  templateRules,
} from '../support/bot-harness.ts';
import { startCli, runCli } from '../support/cli-child.ts';
import { browse, type PageForm } from '../support/form-browser.ts';
import { startServe } from '../support/serve-child.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-setup-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function standinWithAgent(): Promise<Standin> {
  const rules = await templateRules();
  const standin = await startStandin({
    repos: ['acme/support', 'acme/other'],
    users: [{ login: rules.teams.agents[0]?.login ?? 'agent', token: agentToken }],
  });
  cleanups.push(async () => {
    expect(standin.responseErrors()).toEqual([]);
    await standin.close();
  });
  return standin;
}

function setup(standin: Standin, dataDir: string, botUrl: string, extra: string[] = []) {
  const child = startCli(
    ['setup', 'github', '--repo', 'acme/support', '--bot-url', botUrl, '--port', '0', ...extra],
    { GITHUB_API_URL: standin.url, DATA_DIR: dataDir },
  );
  cleanups.push(() => child.kill());
  return child;
}

/** Ticks only `repo` on GitHub's installation page. */
function onlyRepository(repo: string) {
  return (form: PageForm) => {
    for (const field of form.fields) if (field.name === 'repositories') field.checked = field.value === repo;
  };
}

describe('repodesk setup github', () => {
  it('creates the App from its manifest in the browser, stores its credentials 0600, and a serve started with them acts as that App', async () => {
    const standin = await standinWithAgent();
    const dataDir = tempDir();
    const botPort = await freePort();
    const botUrl = `http://127.0.0.1:${botPort}`;
    const cli = setup(standin, dataDir, botUrl);
    const [, start = ''] = await cli.waitFor(/^Open (http:\/\/127\.0\.0\.1:\d+\/) in a browser/m);

    const visits = await browse(start);
    // Our page → GitHub's creation page → back with the code → GitHub's installation page → back, installed.
    expect(visits.map((visit) => [new URL(visit.url).pathname, visit.status])).toEqual([
      ['/', 200],
      ['/settings/apps/new', 200],
      ['/settings/apps/new/confirm', 302],
      ['/created', 302],
      ['/apps/repodesk-acme-support/installations/new', 200],
      ['/apps/repodesk-acme-support/installations/new', 302],
      ['/installed', 200],
    ]);
    expect(visits.at(-1)?.html).toContain('The App is installed and its credentials stored.');
    expect(await cli.exited).toBe(0);

    const file = path.join(dataDir, 'github-app.env');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const stored = parseEnv(fs.readFileSync(file, 'utf8'));
    expect(Object.keys(stored).sort()).toEqual(
      [
        'GITHUB_API_URL',
        'GITHUB_APP_CLIENT_ID',
        'GITHUB_APP_CLIENT_SECRET',
        'GITHUB_APP_ID',
        'GITHUB_APP_INSTALLATION_ID',
        'GITHUB_APP_PRIVATE_KEY',
        'GITHUB_APP_SLUG',
        'GITHUB_REPOSITORY',
        'WEBHOOK_SECRET',
      ].sort(),
    );
    expect(stored.GITHUB_APP_PRIVATE_KEY).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\\n/);
    expect(stored.GITHUB_REPOSITORY).toBe('acme/support');
    const out = cli.stdout();
    expect(out).toContain(`GitHub App "repodesk-acme-support" created (id ${stored.GITHUB_APP_ID}`);
    expect(out).toContain(
      `Webhook: GitHub sends issue_comment and issues events to ${botUrl}/api/github/webhooks, signed with this secret`,
    );
    expect(out).toContain(`  WEBHOOK_SECRET=${stored.WEBHOOK_SECRET}\n`);
    expect(out).toContain('Permissions: issues: write, metadata: read.');
    expect(out).toContain(
      `Install the App on acme/support (the browser was sent there): ${standin.url}/apps/repodesk-acme-support/installations/new`,
    );
    expect(out).toContain(`Installed on acme/support (installation ${stored.GITHUB_APP_INSTALLATION_ID}`);

    // The bot, given nothing but its data folder (and where GitHub and SMTP are).
    const mail = await startSmtpSink();
    cleanups.push(() => mail.close());
    const serve = startServe({
      standinUrl: standin.url,
      dataDir,
      port: botPort,
      unset: ['GITHUB_TOKEN', 'WEBHOOK_SECRET', 'GITHUB_REPOSITORY', 'GITHUB_API_URL'],
      env: { SMTP_URL: mail.url, PUBLIC_BOT_URL: botUrl },
    });
    cleanups.push(() => serve.stop());
    const url = await serve.url;
    const submitted = await postRequest(url, incidentSubmission(Date.now()));
    expect(submitted.status).toBe(202);
    const issue = await eventually(async () => {
      const response = await fetch(`${standin.url}/repos/acme/support/issues/1`, {
        headers: { authorization: `token ${agentToken}` },
      });
      return response.ok ? ((await response.json()) as { user: { login: string; type: string } }) : false;
    });
    expect(issue.user).toMatchObject({ login: 'repodesk-acme-support[bot]', type: 'Bot' });
    // GitHub sends the App's webhooks to the bot with the secret it generated: the bot verifies them, so an
    // agent's /reply is mailed to the customer.
    const reply = await fetch(`${standin.url}/repos/acme/support/issues/1/comments`, {
      method: 'POST',
      headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: '/reply Bonjour, le VPN est rétabli.' }),
    });
    expect(reply.status).toBe(201);
    await eventually(async () =>
      mail.messages.some((message) => message.raw.toString('utf8').includes('le VPN est r')),
    );
    const toBot = standin.deliveries().filter((delivery) => delivery.status !== 'pending');
    expect(toBot.length).toBeGreaterThan(0);
    expect(toBot.every((delivery) => delivery.statusCode === 202)).toBe(true);
    expect(serve.log()).not.toContain(stored.WEBHOOK_SECRET);
    expect(serve.log()).not.toContain(stored.GITHUB_APP_CLIENT_SECRET);
  });

  it('an App installed on another repository only is not recorded; run again once installed there, it records the installation', async () => {
    const standin = await standinWithAgent();
    const dataDir = tempDir();
    const cli = setup(standin, dataDir, 'https://desk.example.org', ['--timeout', '0.05']);
    const [, start = ''] = await cli.waitFor(/^Open (http:\/\/127\.0\.0\.1:\d+\/) in a browser/m);
    const visits = await browse(start, { fill: onlyRepository('acme/other') });
    expect(visits.at(-1)?.status).toBe(409);
    expect(visits.at(-1)?.html).toContain('The App is installed, but not on acme/support');
    expect(await cli.exited).toBe(1);
    const base = new URL(start).origin;
    expect(cli.stdout()).toContain(
      `GitHub App repodesk-acme-support is not installed on acme/support (installation`,
    );
    expect(cli.stdout()).toContain(
      "Gave up waiting for the installation: the App's credentials are stored in",
    );
    const stored = parseEnv(fs.readFileSync(path.join(dataDir, 'github-app.env'), 'utf8'));
    expect(stored.GITHUB_APP_ID).toMatch(/^\d+$/);
    expect(stored.GITHUB_APP_INSTALLATION_ID).toBeUndefined();
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // The operator adds acme/support on GitHub's page, then runs the command again.
    const again = await browse(`${standin.url}/apps/repodesk-acme-support/installations/new`, {
      fill: onlyRepository('acme/support'),
      steps: 2,
    });
    expect(again.map((visit) => visit.status)).toEqual([200, 302]);
    const second = await runCli(
      ['setup', 'github', '--repo', 'acme/support', '--bot-url', 'https://desk.example.org', '--port', '0'],
      { GITHUB_API_URL: standin.url, DATA_DIR: dataDir },
    );
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^Installed on acme\/support \(installation \d+, account acme\)/m);
    const finished = parseEnv(fs.readFileSync(path.join(dataDir, 'github-app.env'), 'utf8'));
    expect(finished.GITHUB_APP_INSTALLATION_ID).toMatch(/^\d+$/);
    expect(finished.GITHUB_APP_PRIVATE_KEY).toBe(stored.GITHUB_APP_PRIVATE_KEY);

    // A third run has nothing left to do and creates no second App.
    const third = await runCli(
      ['setup', 'github', '--repo', 'acme/support', '--bot-url', 'https://desk.example.org', '--port', '0'],
      { GITHUB_API_URL: standin.url, DATA_DIR: dataDir },
    );
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('already holds GitHub App repodesk-acme-support');
  });

  it("a return with another setup's state or a used code stores nothing", async () => {
    const standin = await standinWithAgent();
    const dataDir = tempDir();
    const cli = setup(standin, dataDir, 'https://desk.example.org');
    const [, start = ''] = await cli.waitFor(/^Open (http:\/\/127\.0\.0\.1:\d+\/) in a browser/m);
    const forged = await fetch(new URL('/created?code=abc&state=not-ours', start));
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('This link does not belong to the setup running now');
    // The real flow up to GitHub's redirect with the code; someone else spends the code first.
    const visits = await browse(start, { steps: 3 });
    const location = new URL(visits.at(-1)?.location ?? start);
    expect(location.pathname).toBe('/created');
    const code = location.searchParams.get('code') ?? '';
    const stolen = await fetch(`${standin.url}/app-manifests/${code}/conversions`, { method: 'POST' });
    expect(stolen.status).toBe(201);
    const back = await fetch(location, { redirect: 'manual' });
    expect(back.status).toBe(502);
    expect(await cli.exited).toBe(1);
    expect(cli.stdout()).toContain(
      'GitHub refused the code of the new App (POST /app-manifests/{code}/conversions failed (404, not-found): Not Found); the code is valid once and for one hour: run `repodesk setup github` again.',
    );
    expect(fs.existsSync(path.join(dataDir, 'github-app.env'))).toBe(false);
    cli.kill();
  });

  it.each([
    [
      ['--repo', 'acme'],
      '--repo: expected the support repository as OWNER/REPO (or GITHUB_REPOSITORY), found "acme"',
    ],
    [
      ['--repo', 'acme/support'],
      '--bot-url: expected the bot\'s public URL, where GitHub sends webhooks (or PUBLIC_BOT_URL), e.g. https://desk.example.org, found ""',
    ],
    [
      ['--repo', 'acme/support', '--bot-url', 'https://desk.example.org', '--name', 'x'.repeat(35)],
      '--name: expected 1 to 34 characters, found 35',
    ],
  ])('bad usage %j is refused naming the option and the fix', async (args, message) => {
    const result = await runCli(['setup', 'github', ...args], { DATA_DIR: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`repodesk setup github: ${message}\n`);
  });
});

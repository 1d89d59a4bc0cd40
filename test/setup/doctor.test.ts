// `repodesk doctor` as an operator runs it (its own process, configured by the environment only), each
// check with a setup that passes and one that fails: the GitHub stand-in (token, App, clock), the SMTP
// sink with and without a login, Dovecot for IMAP (skipped with one line where it is missing), a help
// site, the store, the rules.

import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startStandin, type StandinOptions } from '../../src/standin/start-standin.ts';
import { dovecotInstalled, startDovecot } from '../channels/email/dovecot.ts';
import { repoRoot } from '../support/bot-harness.ts';
import { runCli } from '../support/cli-child.ts';
import { storeBackends } from '../support/store-backends.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';

interface Check {
  name: string;
  status: 'ok' | 'failed' | 'skipped';
  found: string;
  fix?: string;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-doctor-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function site(status: number): Promise<string> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(status, { 'content-type': 'text/html' });
    response.end('<!doctype html><title>Aide</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const users: StandinOptions['users'] = [
  { login: 'repodesk-bot', token: 'bot-token', scopes: ['repo'] },
  { login: 'reader', token: 'reader-token', role: 'read' },
  { login: 'narrow', token: 'narrow-token', scopes: ['read:user'] },
];

async function standin(options: StandinOptions = {}) {
  const started = await startStandin({ repos: ['acme/support'], users, ...options });
  cleanups.push(async () => {
    expect(started.responseErrors()).toEqual([]);
    await started.close();
  });
  return started;
}

/** A deployment where every check passes once the labels exist; `env` overrides. */
async function deployment(env: Record<string, string | undefined> = {}, options: StandinOptions = {}) {
  const github = await standin(options);
  const mail = await startSmtpSink();
  cleanups.push(() => mail.close());
  const base: Record<string, string | undefined> = {
    GITHUB_TOKEN: 'bot-token',
    GITHUB_REPOSITORY: 'acme/support',
    GITHUB_API_URL: github.url,
    WEBHOOK_SECRET: 'doctor-secret-value',
    PUBLIC_SITE_URL: await site(200),
    SMTP_URL: mail.url,
    DATA_DIR: tempDir(),
    REPODESK_ROOT: repoRoot,
    ...env,
  };
  return { github, mail, env: base };
}

async function doctor(env: Record<string, string | undefined>, args: string[] = []) {
  const result = await runCli(['doctor', '--format', 'json', ...args], env);
  const report = JSON.parse(result.stdout) as { ok: boolean; checks: Check[] };
  const check = (name: string): Check => {
    const found = report.checks.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no check ${name} in ${result.stdout}`);
    return found;
  };
  return { ...result, report, check };
}

describe('repodesk doctor', () => {
  it('creates the missing desk labels with --fix; then every check passes and it exits 0', async () => {
    const { env, mail } = await deployment();
    const before = await doctor(env);
    expect(before.code).toBe(1);
    expect(before.check('labels')).toEqual({
      name: 'labels',
      status: 'failed',
      found: expect.stringMatching(/^15 of the 15 desk labels are missing: "status: new", "status: open",/),
      fix: 'run `repodesk doctor --fix` to create them',
    });
    const fixed = await doctor(env, ['--fix']);
    expect(fixed.check('labels').found).toMatch(/^created the 15 missing desk labels: "status: new"/);
    const after = await doctor(env);
    expect(after.code).toBe(0);
    expect(after.report.checks.map((check) => [check.name, check.status])).toEqual([
      ['configuration', 'ok'],
      ['rules', 'ok'],
      ['github-credentials', 'ok'],
      ['repository', 'ok'],
      ['webhook-secret', 'ok'],
      ['labels', 'ok'],
      ['clock', 'ok'],
      ['smtp', 'ok'],
      ['imap', 'skipped'],
      ['site', 'ok'],
      ['database', 'ok'],
    ]);
    expect(after.check('github-credentials').found).toBe('GITHUB_TOKEN of repodesk-bot (scopes: repo)');
    expect(after.check('smtp').found).toMatch(
      /^logged in to 127\.0\.0\.1:\d+ and sent a test mail to support@cassiopee\.example$/,
    );
    // One test mail per run that reached SMTP: three runs, three mails to the desk address.
    expect(mail.messages.map((message) => message.envelopeTo)).toEqual([
      ['support@cassiopee.example'],
      ['support@cassiopee.example'],
      ['support@cassiopee.example'],
    ]);
    expect(after.stdout).not.toContain('doctor-secret-value');
    expect(after.stdout).not.toContain('bot-token');
  });

  it('prints one line per check with its fix, and a summary, as text', async () => {
    const { env } = await deployment({ WEBHOOK_SECRET: undefined });
    const result = await runCli(['doctor'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^FAILED  webhook-secret {5}WEBHOOK_SECRET is not set: every webhook from GitHub would be refused\n {27}fix: set WEBHOOK_SECRET to the secret of the GitHub webhook \(or of the App\)$/m,
    );
    expect(result.stdout).toMatch(/^ok {6}repository {9}acme\/support is reachable$/m);
    expect(result.stdout).toMatch(/^skipped imap {15}IMAP_URL is not set: no mailbox is polled$/m);
    expect(result.stdout).toMatch(/\n3 of 11 checks failed\.\n$/);
  });

  it.each([
    [
      'a revoked token',
      { GITHUB_TOKEN: 'revoked-token' },
      'github-credentials',
      'GitHub refused them: GET /user failed (401, unauthorized): Bad credentials',
      'GITHUB_TOKEN is wrong, expired or revoked: create a new one',
    ],
    [
      'a classic token without the repo scope',
      { GITHUB_TOKEN: 'narrow-token' },
      'github-credentials',
      'GITHUB_TOKEN of narrow has scopes read:user; issues need repo (or public_repo for a public repository)',
      'create a token with the repo scope, or a fine-grained token with Issues: read and write and Metadata: read on the repository',
    ],
    [
      'a repository that does not exist',
      { GITHUB_REPOSITORY: 'acme/nowhere' },
      'repository',
      'acme/nowhere: GET /repos/acme/nowhere failed (404, not-found): Not Found',
      "fix GITHUB_REPOSITORY, or give the token's account access to acme/nowhere",
    ],
    [
      'a read-only account',
      { GITHUB_TOKEN: 'reader-token' },
      'repository',
      'acme/support is reachable, but read-only for these credentials',
      'give the account at least triage (better write) access to acme/support',
    ],
    [
      'no webhook secret',
      { WEBHOOK_SECRET: undefined },
      'webhook-secret',
      'WEBHOOK_SECRET is not set: every webhook from GitHub would be refused',
      'set WEBHOOK_SECRET to the secret of the GitHub webhook (or of the App)',
    ],
    [
      'a help site that answers 404',
      { PUBLIC_SITE_URL: 'SITE404' },
      'site',
      'SITE404 answers 404',
      'deploy the help site (npm run build; actions/workflows/pages.yml), or fix PUBLIC_SITE_URL',
    ],
    [
      'a help site nobody listens for',
      { PUBLIC_SITE_URL: 'http://CLOSED' },
      'site',
      'http://CLOSED cannot be reached (ECONNREFUSED)',
      'deploy the help site, or fix PUBLIC_SITE_URL',
    ],
    [
      'an SMTP server nobody listens for',
      { SMTP_URL: 'smtp://CLOSED' },
      'smtp',
      'CLOSED: connect ECONNREFUSED CLOSED',
      'check the host and port of SMTP_URL, and that this machine may reach it',
    ],
  ])(
    '%s fails its check, says what was found and how to fix it',
    async (_case, overrides, name, found, fix) => {
      const env = { ...overrides } as Record<string, string | undefined>;
      if (env.PUBLIC_SITE_URL === 'SITE404') env.PUBLIC_SITE_URL = await site(404);
      // A port nobody listens on (a freed one: fetch refuses well-known ports such as 9 outright).
      const closed = `127.0.0.1:${await closedPort()}`;
      for (const name of Object.keys(env)) env[name] = env[name]?.replace('CLOSED', closed);
      const { env: deployed } = await deployment(env);
      const result = await doctor(deployed);
      expect(result.code).toBe(1);
      expect(result.check(name)).toEqual({
        name,
        status: 'failed',
        found: found.replace('SITE404', env.PUBLIC_SITE_URL ?? '').replaceAll('CLOSED', closed),
        fix,
      });
      expect(result.report.ok).toBe(false);
    },
  );

  it('an SMTP relay that requires a login: the right one sends the test mail, a wrong password is named', async () => {
    const relay = await startSmtpSink({ auth: { user: 'desk', pass: 'right-password' } });
    cleanups.push(() => relay.close());
    const { env } = await deployment({ SMTP_URL: relay.url });
    const good = await doctor(env);
    expect(good.check('smtp').status).toBe('ok');
    expect(relay.messages).toHaveLength(1);
    const port = new URL(relay.url).port;
    const bad = await doctor({ ...env, SMTP_URL: `smtp://desk:wrong-password@127.0.0.1:${port}` });
    expect(bad.check('smtp')).toEqual({
      name: 'smtp',
      status: 'failed',
      found: `127.0.0.1:${port}: login refused (535 5.7.8 Authentication credentials invalid)`,
      fix: 'fix the user and password in SMTP_URL (smtp://user:password@host:port; encode special characters)',
    });
    expect(bad.stdout).not.toContain('wrong-password');
    expect(relay.messages).toHaveLength(1);
  });

  it("a clock two minutes ahead of GitHub's fails the clock check", async () => {
    const { env } = await deployment({}, { now: () => Date.now() - 120_000 });
    const result = await doctor(env);
    expect(result.check('clock')).toEqual({
      name: 'clock',
      status: 'failed',
      found: expect.stringMatching(
        /^this machine's clock is 1(19|20|21) s ahead of GitHub's \(.+ GMT\); more than 30 s$/,
      ),
      fix: 'synchronise the clock (timedatectl set-ntp true, or chrony/ntpd)',
    });
  });

  it('a damaged store fails the database check; a missing one is created at the first start', async () => {
    const { env } = await deployment();
    const fresh = await doctor(env);
    expect(fresh.check('database')).toMatchObject({
      status: 'ok',
      found: expect.stringMatching(/^no store yet in /),
    });
    fs.writeFileSync(path.join(env.DATA_DIR ?? '', 'repodesk.sqlite'), 'this is not a database'.repeat(100));
    const damaged = await doctor(env);
    expect(damaged.check('database')).toMatchObject({
      status: 'failed',
      found: expect.stringContaining('repodesk.sqlite: file is not a database'),
      fix: 'restore DATA_DIR from a backup, or move the file aside: repodesk serve starts with an empty store',
    });
  });

  it('a store migrated by a newer repodesk fails the database check, in SQLite and with DATABASE_URL', async () => {
    const backends = await storeBackends('test/setup/doctor.test.ts');
    cleanups.push(async () => {
      for (const backend of backends) await backend.stop();
    });
    for (const backend of backends) {
      const location = await backend.fresh();
      const where =
        backend.name === 'SQLite' ? { DATA_DIR: location } : { DATABASE_URL: location, DATA_DIR: tempDir() };
      const { env } = await deployment(where);
      const store = await backend.open(location);
      await store.close();
      const migrated = await doctor(env);
      expect(migrated.check('database'), backend.name).toMatchObject({
        status: 'ok',
        found: expect.stringMatching(
          backend.name === 'SQLite'
            ? /repodesk\.sqlite opens, passes its integrity check, every migration applied$/
            : /^postgres:\/\/repodesk@127\.0\.0\.1:\d+\/\w+ is reachable, every migration applied$/,
        ),
      });
      const newer = await backend.open(location);
      await newer.run("INSERT INTO schema_migrations (domain, version) VALUES ('inbox', 99)");
      await newer.close();
      const refused = await doctor(env);
      expect(refused.code, backend.name).toBe(1);
      expect(refused.check('database'), backend.name).toEqual({
        name: 'database',
        status: 'failed',
        found: expect.stringMatching(
          /: the database was migrated by a newer repodesk \(inbox at version 99 \(this repodesk knows \d+\)\)$/,
        ),
        fix: 'run that version of repodesk (upgrade this one, on every replica), or restore a backup taken before the upgrade',
      });
    }
  });

  it('a DATABASE_URL nobody answers fails the database check with the address, never the password', async () => {
    const port = await closedPort();
    const { env } = await deployment({
      DATABASE_URL: `postgres://repodesk:s3cret-pw@127.0.0.1:${port}/desk`,
    });
    const result = await doctor(env);
    expect(result.check('database')).toEqual({
      name: 'database',
      status: 'failed',
      found: expect.stringMatching(
        new RegExp(`^postgres://repodesk@127\\.0\\.0\\.1:${port}/desk: .*ECONNREFUSED`),
      ),
      fix: 'check DATABASE_URL (host, port, user, password, database) and that PostgreSQL is running and reachable from this machine',
    });
    expect(result.stdout).not.toContain('s3cret-pw');
  });

  it('invalid rules fail the rules check with the file, line and problem; the labels check waits for them', async () => {
    const root = tempDir();
    fs.cpSync(path.join(repoRoot, 'rules'), path.join(root, 'rules'), { recursive: true });
    fs.cpSync(path.join(repoRoot, 'kb'), path.join(root, 'kb'), { recursive: true });
    const desk = path.join(root, 'rules/desk.yaml');
    fs.writeFileSync(
      desk,
      fs.readFileSync(desk, 'utf8').replace('defaultPriority: normal', 'defaultPriority: normale'),
    );
    const { env } = await deployment({ REPODESK_ROOT: root });
    const result = await doctor(env);
    expect(result.check('rules')).toMatchObject({
      status: 'failed',
      found: expect.stringMatching(/^rules\/desk\.yaml:\d+:\d+ error .*normale/),
      fix: 'fix the files named above; `repodesk validate` lists every problem',
    });
    expect(result.check('labels')).toEqual({
      name: 'labels',
      status: 'skipped',
      found: 'skipped: the rules are invalid',
    });
  });

  describe('as a GitHub App', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const appEnv = {
      GITHUB_TOKEN: undefined,
      GITHUB_APP_ID: '4242',
      GITHUB_APP_PRIVATE_KEY: key,
      GITHUB_APP_INSTALLATION_ID: '77',
      PUBLIC_BOT_URL: 'https://desk.example.org',
    };
    const app = { id: 4242, slug: 'repodesk-acme', publicKey, installationId: 77 };

    it('passes with issues: write and metadata: read and its webhook on the bot', async () => {
      const { env } = await deployment(appEnv, {
        app: { ...app, webhookUrl: 'https://desk.example.org/api/github/webhooks' },
      });
      const result = await doctor(env);
      expect(result.check('github-credentials')).toEqual({
        name: 'github-credentials',
        status: 'ok',
        found: 'GitHub App repodesk-acme (installation 77): issues: write, metadata: read',
      });
      expect(result.check('repository').status).toBe('ok');
      expect(result.check('webhook-secret').found).toBe(
        'WEBHOOK_SECRET is set; the App sends its webhooks to https://desk.example.org/api/github/webhooks',
      );
      expect(result.stdout).not.toContain(key.split('\n')[1]);
    });

    it('a webhook sent elsewhere fails the webhook check with the URL to set', async () => {
      const { env } = await deployment(appEnv, {
        app: { ...app, webhookUrl: 'https://old.example.org/hook' },
      });
      const result = await doctor(env);
      expect(result.check('webhook-secret')).toEqual({
        name: 'webhook-secret',
        status: 'failed',
        found:
          'WEBHOOK_SECRET is set; the App sends its webhooks to https://old.example.org/hook, not to https://desk.example.org/api/github/webhooks',
        fix: "on GitHub, the App's settings: set the webhook URL to https://desk.example.org/api/github/webhooks",
      });
      const { env: withoutHook } = await deployment(appEnv, { app });
      expect((await doctor(withoutHook)).check('webhook-secret')).toEqual({
        name: 'webhook-secret',
        status: 'failed',
        found: 'WEBHOOK_SECRET is set, but the App has no webhook URL: GitHub sends the bot nothing',
        fix: "on GitHub, the App's settings: set the webhook URL to https://desk.example.org/api/github/webhooks and its secret to WEBHOOK_SECRET",
      });
    });

    it('an installation that may only read issues fails with the permission to grant', async () => {
      const { env } = await deployment(appEnv, {
        app: { ...app, permissions: { issues: 'read', metadata: 'read' } },
      });
      const result = await doctor(env);
      expect(result.check('github-credentials')).toEqual({
        name: 'github-credentials',
        status: 'failed',
        found:
          'GitHub App repodesk-acme (installation 77) may only issues: read, metadata: read; missing issues: write',
        fix: "on GitHub, the App's settings, Permissions and events: grant issues: write, then accept the new permissions on the installation",
      });
      expect(result.check('repository').status).toBe('skipped');
    });
  });

  describe.skipIf(!dovecotInstalled(import.meta.filename))('IMAP', () => {
    it(
      'logs in and opens the mailbox; a wrong password and a missing mailbox fail with the fix',
      { timeout: 60_000 },
      async () => {
        const dovecot = await startDovecot();
        cleanups.push(() => dovecot.stop());
        const { env } = await deployment({ IMAP_URL: dovecot.url });
        const good = await doctor(env);
        expect(good.check('imap')).toEqual({
          name: 'imap',
          status: 'ok',
          found: `logged in to 127.0.0.1:${dovecot.port}; mailbox INBOX holds 0 messages`,
        });
        const user = encodeURIComponent(dovecot.user);
        const wrong = await doctor({
          ...env,
          IMAP_URL: `imap://${user}:nope@127.0.0.1:${dovecot.port}/INBOX`,
        });
        expect(wrong.check('imap')).toEqual({
          name: 'imap',
          status: 'failed',
          found: `127.0.0.1:${dovecot.port}: login refused`,
          fix: 'fix the user and password in IMAP_URL (imap://user:password@host:port/MAILBOX; encode special characters)',
        });
        const missing = await doctor({
          ...env,
          IMAP_URL: `imap://${user}:${encodeURIComponent(dovecot.password)}@127.0.0.1:${dovecot.port}/Support`,
        });
        expect(missing.check('imap')).toEqual({
          name: 'imap',
          status: 'failed',
          found: `127.0.0.1:${dovecot.port}: logged in, but there is no mailbox "Support"`,
          fix: 'fix the mailbox in the path of IMAP_URL (imap://user:password@host/INBOX), or create it',
        });
      },
    );
  });
});

// No credential reaches the log (issue 11, item 9): `repodesk serve` as its own process, configured by its
// environment with every credential it takes, runs a full cycle at debug level (mail by each provider,
// right and wrong credentials, a form, its status link, webhooks signed with a rotating secret, an agent's
// /reply mailed through an SMTP server that requires a password, an IMAP mailbox that cannot be reached),
// and its whole log is searched for each secret.

import { createHmac, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { configSecrets, loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/config/logger.ts';
import { startStandin } from '../../src/standin/start-standin.ts';
import { rawMail } from '../support/email-fixtures.ts';
import {
  agentToken,
  eventually,
  incidentSubmission,
  postRequest,
  templateRules,
} from '../support/bot-harness.ts';
import { startServe } from '../support/serve-child.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An SMTP server that takes mail only after AUTH with `password`; counts what it accepted. */
async function smtpWithPassword(password: string): Promise<{ url: string; accepted: () => number }> {
  let accepted = 0;
  const server = new SMTPServer({
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.password === password) callback(null, { user: auth.username });
      else callback(new Error('535 5.7.8 authentication failed'));
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        accepted += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: `smtp://desk:${encodeURIComponent(password)}@127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    accepted: () => accepted,
  };
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-secrets-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('credentials never reach the log', () => {
  it('a full request cycle at debug level writes none of the credentials the bot was given', async () => {
    const secrets = {
      githubToken: 'ghp_tokenOfTheBot0123456789abcdefghij',
      webhookNew: 'webhook-secret-new-4f9a1c',
      webhookOld: 'webhook-secret-old-77b2e0',
      smtpPassword: 'smtp-pass-Zq81-wordy',
      imapPassword: 'imap-pass-Kd02-wordy',
      basicPassword: 'inbound-basic-pass-93xk',
      sendgridPath: 'sendgrid-path-secret-5hd8s7',
      mailgunKey: 'key-mailgun-signing-88d1f0',
      metricsToken: 'metrics-token-0123456789abcdef',
    };
    const rules = await templateRules();
    const standin = await startStandin({
      users: [
        { login: 'repodesk-bot', token: secrets.githubToken, type: 'Bot' },
        { login: rules.teams.agents[0]?.login ?? 'agent', token: agentToken },
      ],
      repos: ['acme/support'],
    });
    cleanups.push(() => standin.close());
    const smtp = await smtpWithPassword(secrets.smtpPassword);
    const dataDir = tempDir();
    const serve = startServe({
      standinUrl: standin.url,
      dataDir,
      env: {
        GITHUB_TOKEN: secrets.githubToken,
        WEBHOOK_SECRET: `${secrets.webhookNew},${secrets.webhookOld}`,
        SMTP_URL: smtp.url,
        // Nothing listens there: the poller logs its connection errors.
        IMAP_URL: `imap://desk:${secrets.imapPassword}@127.0.0.1:9/INBOX`,
        INBOUND_EMAIL_BASIC_AUTH: `mta:${secrets.basicPassword}`,
        SENDGRID_INBOUND_SECRET: secrets.sendgridPath,
        MAILGUN_SIGNING_KEY: secrets.mailgunKey,
        METRICS_TOKEN: secrets.metricsToken,
        LOG_LEVEL: 'debug',
        SWEEP_EVERY: '1m',
      },
    });
    cleanups.push(() => serve.stop());
    const url = await serve.url;
    // GitHub signs with the old secret during the rotation.
    standin.addWebhook({ url: `${url}/api/github/webhooks`, secret: secrets.webhookOld });
    const basic = `Basic ${Buffer.from(`mta:${secrets.basicPassword}`).toString('base64')}`;
    const mail = (id: string, from: string) =>
      new Uint8Array(rawMail({ messageId: `${id}@client.example`, from, subject: `Question ${id}` }));

    // Every answer, checked once the log is (so that a leak shows first).
    const answers: Record<string, number> = {};
    // Mail by every path, with wrong credentials first.
    const sendgrid = (secret: string) => {
      const form = new FormData();
      form.set('email', new Blob([mail('sendgrid-1', 'Ana <ana@client.example>')]), 'email.eml');
      return fetch(`${url}/api/inbound/sendgrid/${secret}`, { method: 'POST', body: form });
    };
    answers['sendgrid, wrong path'] = (await sendgrid(`${secrets.sendgridPath}x`)).status;
    answers.sendgrid = (await sendgrid(secrets.sendgridPath)).status;
    const raw = (authorization: string) =>
      fetch(`${url}/api/inbound/email`, {
        method: 'POST',
        headers: { 'content-type': 'message/rfc822', authorization },
        body: mail('raw-1', 'Bruno <bruno@client.example>'),
      });
    answers['raw, wrong password'] = (
      await raw(`Basic ${Buffer.from('mta:wrong').toString('base64')}`)
    ).status;
    answers.raw = (await raw(basic)).status;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const mailgunToken = 'b'.repeat(50);
    const mailgun = new FormData();
    mailgun.set('timestamp', timestamp);
    mailgun.set('token', mailgunToken);
    mailgun.set(
      'signature',
      createHmac('sha256', secrets.mailgunKey).update(`${timestamp}${mailgunToken}`).digest('hex'),
    );
    mailgun.set('body-mime', new Blob([mail('mailgun-1', 'Chloé <chloe@client.example>')]), 'message.mime');
    answers.mailgun = (await fetch(`${url}/api/inbound/mailgun`, { method: 'POST', body: mailgun })).status;

    // A form, its status link, the metrics.
    const accepted = await postRequest(url, incidentSubmission(Date.now()));
    expect(accepted.status).toBe(202);
    const { ref, token } = (await accepted.json()) as { ref: string; token: string };
    const metrics = (authorization: string) => fetch(`${url}/metrics`, { headers: { authorization } });
    answers['metrics, wrong token'] = (await metrics(`Bearer ${secrets.metricsToken}x`)).status;
    answers.metrics = (await metrics(`Bearer ${secrets.metricsToken}`)).status;

    // Four tickets, their acknowledgements sent through the SMTP server's login, then an agent's reply.
    const issues = await eventually(async () => {
      const list = (await (
        await fetch(`${standin.url}/repos/acme/support/issues?state=all`, {
          headers: { authorization: `token ${agentToken}` },
        })
      ).json()) as { number: number; body: string }[];
      return list.length === 4 ? list : undefined;
    }, 20_000);
    const formIssue = issues.find((issue) => issue.body.includes(ref));
    expect(formIssue).toBeDefined();
    answers.status = (await fetch(`${url}/api/requests/${ref}?token=${token}`)).status;
    await eventually(async () => smtp.accepted() >= 4, 20_000);
    await fetch(`${standin.url}/repos/acme/support/issues/${formIssue!.number}/comments`, {
      method: 'POST',
      headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: '/reply Bonjour, voici la marche à suivre.' }),
    });
    await eventually(async () => smtp.accepted() >= 5, 20_000);
    await eventually(async () => /"msg":"imap (connection error|session ended)"/.test(serve.log()), 20_000);
    await serve.stop();

    const log = serve.log();
    // The cycle was logged (the test could fail): mail by each provider, the webhooks, the mail sent.
    for (const line of [
      '"msg":"inbound mail stored"',
      '"source":"sendgrid"',
      '"source":"mailgun"',
      '"msg":"webhook delivery queued"',
    ])
      expect(log).toContain(line);
    const statusSecret = fs.readFileSync(path.join(dataDir, 'status-token.key'), 'utf8').trim();
    const given = {
      ...secrets,
      basicHeader: basic.slice('Basic '.length),
      statusSecret,
      statusToken: token,
    };
    const found = Object.entries(given)
      .filter(([, value]) => log.includes(value))
      .map(([name]) => name);
    expect(found).toEqual([]);
    expect(answers).toEqual({
      'sendgrid, wrong path': 401,
      sendgrid: 200,
      'raw, wrong password': 401,
      raw: 200,
      mailgun: 200,
      'metrics, wrong token': 401,
      metrics: 200,
      status: 200,
    });
    // Requests are logged by their route pattern, never by their path.
    expect(log).toContain('"route":"/api/inbound/sendgrid/:secret"');
    expect(log).not.toContain('"path":');
  }, 60_000);

  it('a GitHub App private key is masked whole and line by line, wherever a message quotes it', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const { config, errors } = loadConfig(
      {
        GITHUB_APP_ID: '123456',
        // As pasted into a one-line env file.
        GITHUB_APP_PRIVATE_KEY: pem.replace(/\n/g, '\\n'),
        GITHUB_APP_INSTALLATION_ID: '42',
        GITHUB_REPOSITORY: 'acme/support',
        WEBHOOK_SECRET: 'webhook-secret-new-4f9a1c',
      },
      { mode: 'serve' },
    );
    expect(errors).toEqual([]);
    const lines: string[] = [];
    const log = createLogger({ secrets: configSecrets(config), write: (line) => lines.push(line) });
    const keyLines = pem.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----'));
    // What a crypto library's error or a misconfigured key can print: the key, or one line of it.
    log.error('github app authentication failed', {
      error: new Error(`invalid key: ${pem}`),
      detail: `unexpected data near ${keyLines[3]}`,
    });
    const written = lines.join('\n');
    expect(written).toContain('[redacted]');
    expect(keyLines.filter((line) => written.includes(line))).toEqual([]);
  });
});

// `repodesk setup github`: creates the desk's GitHub App with GitHub's manifest flow, in the operator's
// browser. A local listener serves a page whose form POSTs the manifest to github.com (the user's
// /settings/apps/new or an organisation's); GitHub creates the App and sends the browser back to
// /created with a one-hour code, exchanged at POST /app-manifests/{code}/conversions for the App's id,
// key, webhook secret and client secret, stored at once in DATA_DIR/github-app.env (0600); the browser is
// then sent to the App's installation page, and GitHub sends it back to /installed with the installation
// id, checked (it must reach the repository) and stored too. Run again without an installation stored,
// it only finishes that step.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  credentialsFile,
  readCredentials,
  writeCredentials,
  type Credentials,
} from '../config/credentials-file.ts';
import { GithubProbe, type CreatedApp } from '../tracker/github-probe.ts';
import { appManifest, type AppManifest } from './app-manifest.ts';
import type { AppAccess } from '../tracker/app-permissions.ts';

export interface GithubAppSetupOptions {
  /** REST base URL (https://api.github.com, GHES's /api/v3, or the stand-in). */
  apiUrl: string;
  /** Where GitHub's pages are (https://github.com). */
  webUrl: string;
  repository: string;
  /** Create the App for this organisation (else for the signed-in user). */
  organisation?: string;
  name: string;
  homepage: string;
  webhookUrl: string;
  permissions: Record<string, AppAccess>;
  events: readonly string[];
  dataDir: string;
  /** Local listener port (0: any free one); it goes in the App's redirect and setup URLs. */
  port: number;
  /** Give up after this long without reaching the end. */
  timeoutMs: number;
  /** Replace credentials already stored (the old file is kept beside, renamed). */
  force: boolean;
  /** One line for the operator (stdout). */
  out(line: string): void;
  now(): Date;
}

type Stage = 'waiting' | 'created' | 'installed' | 'failed';

/** Runs the flow; resolves to the exit code. */
export async function runGithubAppSetup(options: GithubAppSetupOptions): Promise<number> {
  const stored = readCredentials(options.dataDir);
  const file = credentialsFile(options.dataDir);
  if (stored?.GITHUB_APP_ID && stored.GITHUB_APP_INSTALLATION_ID && !options.force) {
    options.out(
      `${file} already holds GitHub App ${stored.GITHUB_APP_SLUG ?? stored.GITHUB_APP_ID} (installation ${stored.GITHUB_APP_INSTALLATION_ID}); nothing to do. ` +
        'Run `repodesk doctor` to check it, or pass --force to create another App (the file is kept beside, renamed).',
    );
    return 0;
  }
  let credentials: Credentials | undefined =
    stored?.GITHUB_APP_ID && stored.GITHUB_APP_PRIVATE_KEY && !options.force ? stored : undefined;
  if (credentials && (await finishInstallation(options, credentials))) return 0;
  if (stored && options.force) {
    const aside = `${file}.${options.now().toISOString().replace(/[:.]/g, '-')}.old`;
    fs.renameSync(file, aside);
    options.out(`The credentials stored before were moved to ${aside}.`);
  }

  const state = randomBytes(16).toString('hex');
  let stage: Stage = credentials ? 'created' : 'waiting';
  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });
  let base = '';

  async function created(url: URL): Promise<Answer> {
    if (url.searchParams.get('state') !== state)
      return page(
        400,
        'Not this setup',
        'This link does not belong to the setup running now: start from its first page.',
      );
    if (stage !== 'waiting')
      return page(409, 'Already created', 'The App of this setup was already created.');
    const code = url.searchParams.get('code') ?? '';
    if (code === '')
      return page(
        400,
        'No code',
        'GitHub sends the browser back here with a code: start from the first page of this setup.',
      );
    let app: CreatedApp;
    try {
      app = await new GithubProbe({ apiUrl: options.apiUrl }).appFromManifest(code);
    } catch (error) {
      stage = 'failed';
      // The code is a credential (once): the message names the route, not the code.
      const message = (error instanceof Error ? error.message : String(error)).replaceAll(code, '{code}');
      options.out(
        `GitHub refused the code of the new App (${message}); the code is valid once and for one hour: run \`repodesk setup github\` again.`,
      );
      return {
        ...page(
          502,
          'Could not finish',
          'GitHub refused the code of the new App: run repodesk setup github again.',
        ),
        afterSent: () => finish(1),
      };
    }
    credentials = {
      GITHUB_APP_ID: String(app.id),
      GITHUB_APP_PRIVATE_KEY: app.privateKey,
      ...(app.webhookSecret ? { WEBHOOK_SECRET: app.webhookSecret } : {}),
      GITHUB_REPOSITORY: options.repository,
      ...(options.apiUrl.replace(/\/+$/, '') === 'https://api.github.com'
        ? {}
        : { GITHUB_API_URL: options.apiUrl }),
      GITHUB_APP_SLUG: app.slug,
      GITHUB_APP_CLIENT_ID: app.clientId,
      GITHUB_APP_CLIENT_SECRET: app.clientSecret,
    };
    writeCredentials(options.dataDir, credentials, options.now());
    stage = 'created';
    const installUrl = `${app.htmlUrl}/installations/new`;
    options.out(
      [
        `GitHub App "${app.name}" created (id ${app.id}, writes as ${app.slug}[bot]): ${app.htmlUrl}`,
        `Credentials stored in ${file} (mode 0600): GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, WEBHOOK_SECRET, GITHUB_REPOSITORY, GITHUB_APP_SLUG, GITHUB_APP_CLIENT_ID, GITHUB_APP_CLIENT_SECRET. repodesk serve, start, doctor and privacy read it (the environment wins over it).`,
        `Webhook: GitHub sends ${app.events.join(' and ')} events to ${options.webhookUrl}, signed with this secret (both already set on the App):`,
        `  WEBHOOK_SECRET=${app.webhookSecret ?? ''}`,
        '  Give the bot the same value if you configure it by its environment rather than by this file.',
        `Permissions: ${Object.entries(app.permissions)
          .map(([name, access]) => `${name}: ${access}`)
          .join(', ')}.`,
        `Install the App on ${options.repository} (the browser was sent there): ${installUrl}`,
      ].join('\n'),
    );
    return { status: 302, headers: { location: installUrl }, body: '' };
  }

  async function installed(url: URL): Promise<Answer> {
    if (!credentials)
      return page(409, 'No App yet', 'Create the App first: open the first page of this setup.');
    if (
      await finishInstallation(options, credentials, url.searchParams.get('installation_id') ?? undefined)
    ) {
      stage = 'installed';
      return {
        ...page(
          200,
          'repodesk is installed',
          'The App is installed and its credentials stored. You can close this tab.',
        ),
        afterSent: () => finish(0),
      };
    }
    return page(
      409,
      'Not on the repository',
      `The App is installed, but not on ${options.repository}: add that repository to the installation on GitHub (Settings, GitHub Apps, Configure).`,
    );
  }

  const server = createServer((request, response) => {
    void handle(request).then(
      (answer) => reply(response, answer),
      (error: unknown) =>
        reply(response, page(500, 'Setup failed', error instanceof Error ? error.message : String(error))),
    );
  });
  async function handle(request: IncomingMessage): Promise<Answer> {
    const url = new URL(request.url ?? '/', base || 'http://127.0.0.1');
    if (request.method !== 'GET') return page(405, 'Not allowed', 'Only GET here.');
    if (url.pathname === '/') return startPage(options, manifest(), state);
    if (url.pathname === '/created') return created(url);
    if (url.pathname === '/installed') return installed(url);
    return page(404, 'Not found', 'Nothing here.');
  }
  const manifest = (): AppManifest =>
    appManifest({
      name: options.name,
      homepage: options.homepage,
      webhookUrl: options.webhookUrl,
      redirectUrl: `${base}/created`,
      setupUrl: `${base}/installed`,
      permissions: options.permissions,
      events: options.events,
    });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    options.out(
      `Cannot listen on 127.0.0.1:${options.port} (${(error as NodeJS.ErrnoException).code ?? String(error)}): pass --port with a free port.`,
    );
    return 1;
  }
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (stage === 'waiting') {
    options.out(
      [
        `Open ${base}/ in a browser signed in to GitHub as ${options.organisation ? `an owner of ${options.organisation}` : 'the account that will own the App'}.`,
        `It sends GitHub the App's manifest: name ${options.name}, permissions ${Object.entries(
          options.permissions,
        )
          .map(([name, access]) => `${name}: ${access}`)
          .join(', ')}, events ${options.events.join(', ')}, webhook ${options.webhookUrl}.`,
        `Waiting ${Math.round(options.timeoutMs / 60_000)} minutes at most…`,
      ].join('\n'),
    );
  } else {
    options.out(`Waiting ${Math.round(options.timeoutMs / 60_000)} minutes at most for the installation…`);
  }
  const timer = setTimeout(() => {
    options.out(
      stage === 'waiting'
        ? 'Gave up waiting: no App was created. Run `repodesk setup github` again.'
        : `Gave up waiting for the installation: the App's credentials are stored in ${file}; install it on ${options.repository}, then run \`repodesk setup github\` again to record the installation.`,
    );
    finish(1);
  }, options.timeoutMs);
  const code = await finished;
  clearTimeout(timer);
  // Idle connections end gracefully (the browser has read its last page); a busy one ends after its answer.
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  return code;
}

/**
 * Looks the App's installation on the repository up (with its JWT) and stores its id; false (after saying
 * what to do) when the App is not installed there.
 */
async function finishInstallation(
  options: GithubAppSetupOptions,
  credentials: Credentials,
  announced?: string,
): Promise<boolean> {
  const probe = new GithubProbe({
    apiUrl: options.apiUrl,
    repository: options.repository,
    auth: {
      kind: 'app',
      appId: credentials.GITHUB_APP_ID ?? '',
      privateKey: (credentials.GITHUB_APP_PRIVATE_KEY ?? '').replace(/\\n/g, '\n'),
    },
  });
  const installation = await probe.repositoryInstallation();
  const slug = credentials.GITHUB_APP_SLUG ?? credentials.GITHUB_APP_ID ?? '';
  if (!installation) {
    options.out(
      `GitHub App ${slug} is not installed on ${options.repository}${announced ? ` (installation ${announced} does not reach it)` : ''}: install it from ${options.webUrl}/apps/${slug}/installations/new.`,
    );
    return false;
  }
  writeCredentials(
    options.dataDir,
    { ...credentials, GITHUB_APP_INSTALLATION_ID: String(installation.id) },
    options.now(),
  );
  options.out(
    [
      `Installed on ${options.repository} (installation ${installation.id}, account ${installation.account}); GITHUB_APP_INSTALLATION_ID stored in ${credentialsFile(options.dataDir)}.`,
      'Next: `repodesk doctor` checks the deployment, then `repodesk serve` starts the bot.',
    ].join('\n'),
  );
  return true;
}

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body: string;
  /** Runs once the answer is sent (the last page ends the command only after the browser has it). */
  afterSent?: () => void;
}

function startPage(options: GithubAppSetupOptions, manifest: AppManifest, state: string): Answer {
  const owner = options.organisation ? `/organizations/${encodeURIComponent(options.organisation)}` : '';
  const action = `${options.webUrl}${owner}/settings/apps/new?state=${state}`;
  return page(
    200,
    'Create the repodesk GitHub App',
    [
      `<p>This sends GitHub the manifest of the App repodesk needs for ${escapeHtml(options.repository)}; GitHub then shows it before creating it.</p>`,
      `<form id="manifest" method="post" action="${escapeHtml(action)}">`,
      `<input type="hidden" name="manifest" value="${escapeHtml(JSON.stringify(manifest))}">`,
      '<button type="submit">Create the GitHub App on GitHub</button>',
      '</form>',
      `<pre>${escapeHtml(JSON.stringify(manifest, null, 2))}</pre>`,
      '<script>document.getElementById("manifest").submit()</script>',
    ].join('\n'),
    true,
  );
}

function page(status: number, title: string, content: string, html = false): Answer {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>\n${html ? content : `<p>${escapeHtml(content)}</p>`}\n</main></body></html>\n`,
  };
}

function reply(response: ServerResponse, answer: Answer): void {
  // No keep-alive: the command ends after the last page, and a closing server must not cut a reply short.
  response.writeHead(answer.status, { ...answer.headers, connection: 'close' });
  response.end(answer.body, answer.afterSent);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

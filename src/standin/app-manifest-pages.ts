// The pages of github.com that the GitHub App manifest flow goes through, played by the stand-in (plain
// HTML forms, no script): a form POSTing `manifest` to /settings/apps/new (or an organisation's
// /organizations/{org}/settings/apps/new) shows what the App will be and asks for its name; "Create GitHub
// App" creates it and sends the browser to the manifest's `redirect_url` with a one-hour, single-use `code`
// (exchanged at POST /app-manifests/{code}/conversions). /apps/{slug}/installations/new installs it on
// chosen repositories and sends the browser to its `setup_url` with `installation_id` and `setup_action`.
// A manifest github.com would refuse is refused here, with its messages.

import type { AppManifest, AppRecord, StandinApps } from './standin-apps.ts';

export interface AppPageRequest {
  method: string;
  url: URL;
  /** The urlencoded form, for a POST. */
  body: string;
}

export interface AppPageContext {
  apps: StandinApps;
  /** Every repository the stand-in serves (`owner/name`). */
  repositories: string[];
  /** The account a user-level App belongs to (the stand-in's first repository owner). */
  owner: string;
  now: number;
  /** Called once an App is installed (its webhooks start). */
  onInstalled(app: AppRecord): void;
}

export interface AppPage {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const newAppPath = /^(?:\/organizations\/([^/]+))?\/settings\/apps\/new$/;
const confirmPath = '/settings/apps/new/confirm';
const appPath = /^\/apps\/([^/]+)$/;
const installPath = /^\/apps\/([^/]+)\/installations\/new$/;

/** The page for `request`, or undefined when it is not one of these pages. */
export function renderAppManifestPage(request: AppPageRequest, context: AppPageContext): AppPage | undefined {
  const { method, url } = request;
  const form = new URLSearchParams(request.body);
  const newApp = newAppPath.exec(url.pathname);
  if (newApp && method === 'POST') {
    const owner = newApp[1] === undefined ? context.owner : decodeURIComponent(newApp[1]);
    return confirmationPage(form.get('manifest') ?? '', url.searchParams.get('state') ?? '', owner, context);
  }
  if (url.pathname === confirmPath && method === 'POST') return create(form, context);
  const installing = installPath.exec(url.pathname);
  if (installing) {
    const app = context.apps.bySlug(decodeURIComponent(installing[1] ?? ''));
    if (!app) return page(404, 'Not Found', '<p>No such GitHub App.</p>');
    return method === 'POST' ? install(app, form, context) : installationPage(app, context, []);
  }
  const shown = appPath.exec(url.pathname);
  if (shown && method === 'GET') {
    const app = context.apps.bySlug(decodeURIComponent(shown[1] ?? ''));
    if (!app) return page(404, 'Not Found', '<p>No such GitHub App.</p>');
    return page(
      200,
      app.name,
      `<h1>${escapeHtml(app.name)}</h1><p>${escapeHtml(app.description)}</p><p><a href="/apps/${encodeURIComponent(app.slug)}/installations/new">Install</a></p>`,
    );
  }
  return undefined;
}

function parseManifest(text: string): { manifest?: AppManifest; problems: string[] } {
  try {
    const parsed: unknown = JSON.parse(text);
    return { manifest: parsed as AppManifest, problems: [] };
  } catch {
    return { problems: ['Manifest is not valid JSON'] };
  }
}

function confirmationPage(text: string, state: string, owner: string, context: AppPageContext): AppPage {
  const { manifest, problems } = parseManifest(text);
  const name = typeof manifest?.name === 'string' ? manifest.name : '';
  const found = manifest ? context.apps.check(manifest, name || 'x') : problems;
  // The name can still be changed on this page: only the manifest's own problems stop here.
  const blocking = found.filter((problem) => !problem.startsWith('Name '));
  if (!manifest || blocking.length > 0) return problemsPage(blocking.length > 0 ? blocking : found);
  return formPage(manifest, text, state, owner, name, []);
}

function formPage(
  manifest: AppManifest,
  text: string,
  state: string,
  owner: string,
  name: string,
  problems: string[],
): AppPage {
  const permissions = Object.entries(manifest.default_permissions ?? {})
    .map(([permission, level]) => `<li>${escapeHtml(permission)}: ${escapeHtml(String(level))}</li>`)
    .join('');
  const events = (manifest.default_events ?? []).map((event) => `<li>${escapeHtml(event)}</li>`).join('');
  return page(
    problems.length > 0 ? 422 : 200,
    'Create GitHub App',
    [
      `<h1>Create GitHub App for ${escapeHtml(owner)}</h1>`,
      problems.length > 0 ? problemList(problems) : '',
      `<form method="post" action="${confirmPath}">`,
      `<input type="hidden" name="manifest" value="${escapeHtml(text)}">`,
      `<input type="hidden" name="state" value="${escapeHtml(state)}">`,
      `<input type="hidden" name="owner" value="${escapeHtml(owner)}">`,
      `<p><label for="name">GitHub App name</label> <input id="name" name="name" value="${escapeHtml(name)}" maxlength="34" required></p>`,
      `<p>Homepage: ${escapeHtml(manifest.url)}</p>`,
      `<p>Webhook: ${escapeHtml(manifest.hook_attributes?.url ?? 'none')}</p>`,
      `<h2>Repository permissions</h2><ul>${permissions}</ul>`,
      `<h2>Subscribe to events</h2><ul>${events}</ul>`,
      '<p><button type="submit">Create GitHub App</button></p>',
      '</form>',
    ].join('\n'),
  );
}

function create(form: URLSearchParams, context: AppPageContext): AppPage {
  const text = form.get('manifest') ?? '';
  const state = form.get('state') ?? '';
  const owner = form.get('owner') || context.owner;
  const name = (form.get('name') ?? '').trim();
  const { manifest, problems } = parseManifest(text);
  if (!manifest) return problemsPage(problems);
  const found = context.apps.check(manifest, name);
  if (found.length > 0) return formPage(manifest, text, state, owner, name, found);
  const { app, code } = context.apps.create(manifest, name, owner, context.now);
  if (!app.redirectUrl)
    return page(201, app.name, `<h1>${escapeHtml(app.name)} was created</h1><p>App ID: ${app.id}</p>`);
  const target = new URL(app.redirectUrl);
  target.searchParams.set('code', code);
  if (state !== '') target.searchParams.set('state', state);
  return redirect(target.href);
}

function installationPage(app: AppRecord, context: AppPageContext, problems: string[]): AppPage {
  const choices = context.repositories
    .map(
      (repo, index) =>
        `<p><input type="checkbox" id="repo-${index}" name="repositories" value="${escapeHtml(repo)}" checked> <label for="repo-${index}">${escapeHtml(repo)}</label></p>`,
    )
    .join('\n');
  return page(
    problems.length > 0 ? 422 : 200,
    `Install ${app.name}`,
    [
      `<h1>Install ${escapeHtml(app.name)}</h1>`,
      problems.length > 0 ? problemList(problems) : '',
      `<form method="post" action="/apps/${encodeURIComponent(app.slug)}/installations/new">`,
      '<h2>Only select repositories</h2>',
      choices,
      '<p><button type="submit">Install</button></p>',
      '</form>',
    ].join('\n'),
  );
}

function install(app: AppRecord, form: URLSearchParams, context: AppPageContext): AppPage {
  const chosen = form.getAll('repositories').filter((repo) => context.repositories.includes(repo));
  if (chosen.length === 0) return installationPage(app, context, ['Select at least one repository']);
  const account = chosen[0]?.split('/')[0] ?? context.owner;
  const installation = context.apps.install(app, account, chosen, context.now);
  context.onInstalled(app);
  if (!app.setupUrl)
    return page(
      201,
      app.name,
      `<h1>${escapeHtml(app.name)} is installed</h1><p>Installation ${installation.id}</p>`,
    );
  const target = new URL(app.setupUrl);
  target.searchParams.set('installation_id', String(installation.id));
  target.searchParams.set('setup_action', 'install');
  return redirect(target.href);
}

function problemsPage(problems: string[]): AppPage {
  return page(
    422,
    'Invalid GitHub App manifest',
    `<h1>Invalid GitHub App manifest</h1>${problemList(problems)}`,
  );
}

function problemList(problems: string[]): string {
  return `<ul class="flash-error">${problems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join('')}</ul>`;
}

function redirect(location: string): AppPage {
  return { status: 302, headers: { location, 'content-type': 'text/plain; charset=utf-8' }, body: '' };
}

function page(status: number, title: string, content: string): AppPage {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · GitHub (stand-in)</title></head><body><main>\n${content}\n</main></body></html>\n`,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

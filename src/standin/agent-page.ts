// The stand-in's page for agents: the issue list, one issue with its comments, and a form to comment (so
// `/reply` can be tried offline). As on github.com, nothing is shown before signing in with an account's
// personal access token (`/login`, `/session`, `/logout`; sessions in agent-page-sessions.ts); comments are
// posted as that account, every form carries the session's CSRF token, and only the repositories the account
// can read exist for it (the API's rule). Plain HTML, no script, French first and English. Bodies are
// rendered as GitHub renders them (GitHub Flavored Markdown, sanitised with GitHub's own allow-list), so what
// agents see offline is what they would see on github.com; raw HTML written by people is shown as text,
// except the folding GitHub renders (`<details>` and `<summary>`: a pull-request preview folds its details
// in them), and hidden comments as visible markers.

import type { IncomingHttpHeaders } from 'node:http';
import type { Html } from 'mdast';
import { remark } from 'remark';
import remarkBreaks from 'remark-breaks';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import type { AgentPageSessions } from './agent-page-sessions.ts';
import type { CommentRecord, IssueRecord, StandinState } from './standin-state.ts';

export interface AgentPageRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Which page an aside is asked for: the issue list (of the repositories shown), or one issue. */
export interface AgentPageTarget {
  lang: 'fr' | 'en';
  /** The repositories the signed-in account can read: an aside shows nothing of the others. */
  repos: readonly string[];
  issue?: { repo: string; number: number };
}

/** A section the desk adds to the page (offline: the replies its collision guard holds). */
export interface AgentPageAside {
  heading: string;
  /** One line each, plain text; `href` links it (an issue's page). */
  items: { text: string; href?: string }[];
}

export interface AgentPageContext {
  state: StandinState;
  /** Sections the desk adds to a page, read when the page is asked for (none by default). */
  asides?: (target: AgentPageTarget) => Promise<AgentPageAside[]>;
  sessions: AgentPageSessions;
  /** The account whose personal access token this is (an App's installation token opens none). */
  accountOf(token: string): string | undefined;
  /** Whether `login` reads `repo`: public, or a role there (the API's rule, from repository-access.ts). */
  canRead(repo: string, login: string): boolean;
  createComment(repo: string, number: number, author: string, body: string): 'created' | 'not-found';
}

export interface AgentPage {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type Lang = 'fr' | 'en';

/** Who asks for the page: the signed-in account, and its session's CSRF token when it has one. */
interface Viewer {
  login: string;
  csrfToken?: string;
}

/** Newest issues listed per repository; a benchmark's 10,000 tickets would make an unusable page. */
const listLimit = 200;

const strings = {
  fr: {
    title: 'Tickets (GitHub local)',
    intro:
      'Ce serveur imite GitHub pour essayer repodesk hors ligne. Les agents lisent les tickets ici et peuvent commenter.',
    open: 'Ouverts',
    closed: 'Fermés',
    all: 'Tous',
    none: 'Aucun ticket.',
    noRepository: 'Ce compte ne peut lire aucun dépôt de ce serveur.',
    labels: 'Étiquettes',
    assignees: 'Assignés',
    nobody: 'personne',
    opened: 'ouvert le',
    by: 'par',
    comments: 'Commentaires',
    noComments: 'Pas encore de commentaire.',
    addComment: 'Commenter',
    as: (login: string) => `Vous commentez en tant que @${login}.`,
    body: 'Message',
    hint: 'Commencez par /reply pour une réponse publique envoyée au client ; sinon c’est une note interne. /status on-hold (ou resolved, closed…) change le statut.',
    submit: 'Publier le commentaire',
    back: 'Tous les tickets',
    hidden: 'marqueur caché',
    state: { open: 'ouvert', closed: 'fermé' },
    notFound: 'Ticket introuvable.',
    emptyBody: 'Le message est vide.',
    other: 'English',
    shown: (shown: number, total: number) => `Les ${shown} plus récents sur ${total}.`,
    signedInAs: (login: string) => `Connecté en tant que @${login}`,
    signOut: 'Se déconnecter',
    signIn: 'Se connecter',
    signInIntro:
      'Les tickets ne se lisent qu’une fois connecté, comme sur github.com. Collez le jeton d’accès personnel de votre compte sur ce serveur (celui que vous donneriez à gh auth login --with-token) : avec npm start, le compte et le jeton de chaque agent sont affichés dans le terminal au démarrage.',
    token: 'Jeton d’accès personnel',
    badTokenTitle: 'Jeton refusé',
    badToken:
      'Ce jeton n’ouvre aucun compte de ce serveur. Collez le jeton en entier, celui affiché par npm start pour votre compte (ou donné au serveur dans users[].token), puis réessayez.',
    formRefusedTitle: 'Formulaire refusé',
    formRefused:
      'Ce formulaire ne porte pas le jeton de votre session : il a été ouvert avant votre dernière connexion, ou envoyé depuis une autre page. Rien n’a été publié. Rechargez la page du ticket et envoyez de nouveau.',
  },
  en: {
    title: 'Tickets (local GitHub)',
    intro:
      'This server imitates GitHub so repodesk can be tried offline. Agents read tickets here and can comment.',
    open: 'Open',
    closed: 'Closed',
    all: 'All',
    none: 'No tickets.',
    noRepository: 'This account can read no repository of this server.',
    labels: 'Labels',
    assignees: 'Assignees',
    nobody: 'nobody',
    opened: 'opened on',
    by: 'by',
    comments: 'Comments',
    noComments: 'No comments yet.',
    addComment: 'Add a comment',
    as: (login: string) => `You comment as @${login}.`,
    body: 'Message',
    hint: 'Start with /reply for a public reply sent to the customer; otherwise it is an internal note. /status on-hold (or resolved, closed…) changes the status.',
    submit: 'Post comment',
    back: 'All tickets',
    hidden: 'hidden marker',
    state: { open: 'open', closed: 'closed' },
    notFound: 'No such ticket.',
    emptyBody: 'The message is empty.',
    other: 'Français',
    shown: (shown: number, total: number) => `The newest ${shown} of ${total}.`,
    signedInAs: (login: string) => `Signed in as @${login}`,
    signOut: 'Sign out',
    signIn: 'Sign in',
    signInIntro:
      'Tickets can be read once signed in, as on github.com. Paste the personal access token of your account on this server (the one you would give gh auth login --with-token): with npm start, each agent’s account and token are printed in the terminal at start.',
    token: 'Personal access token',
    badTokenTitle: 'Token refused',
    badToken:
      'This token opens no account of this server. Paste the whole token, the one npm start printed for your account (or given to the server in users[].token), and try again.',
    formRefusedTitle: 'Form refused',
    formRefused:
      'This form does not carry your session’s token: it was opened before your last sign-in, or sent from another page. Nothing was posted. Reload the issue’s page and send it again.',
  },
} as const;

type Strings = (typeof strings)[Lang];

export async function renderAgentPage(
  request: AgentPageRequest,
  context: AgentPageContext,
): Promise<AgentPage | undefined> {
  const lang = languageOf(request);
  const t = strings[lang];
  const path = request.url.pathname;
  const signedIn = context.sessions.find(request.headers.cookie);
  if (path === '/login' && request.method === 'GET') {
    if (signedIn) return redirect(safeReturn(request.url.searchParams.get('return_to')));
    return signInPage(200, lang, request.url.searchParams.get('return_to'), undefined);
  }
  if (path === '/session' && request.method === 'POST') return signIn(request, context, lang);
  if (path === '/logout' && request.method === 'POST') return signOut(request, context, lang);

  const route = pageRoute(request.method, path);
  if (!route) return undefined;
  if (route.kind === 'comment') return postComment(request, context, route.repo, route.number, lang);

  // Reading: a session, or (for scripts and tests, as the API) a token in Authorization. A browser never sends
  // that header across sites, so it needs no CSRF token; it can not post a form either.
  const bearer = /^(?:token|bearer)\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const bearerLogin = bearer === undefined ? undefined : context.accountOf(bearer);
  const viewer: Viewer | undefined = signedIn
    ? { login: signedIn.session.login, csrfToken: signedIn.session.csrfToken }
    : bearerLogin === undefined
      ? undefined
      : { login: bearerLogin };
  if (!viewer) {
    return redirect(`/login?return_to=${encodeURIComponent(path + request.url.search)}&lang=${lang}`);
  }
  const readable = [...context.state.repos.keys()].filter((repo) => context.canRead(repo, viewer.login));
  const notFound = () =>
    page(404, lang, t.notFound, `<p>${escapeHtml(t.notFound)}</p>${backLink(lang)}`, viewer);
  if (route.kind === 'list') {
    const repos = route.repo === undefined ? readable : readable.filter((repo) => repo === route.repo);
    if (route.repo !== undefined && repos.length === 0) return notFound();
    const asides = route.repo === undefined ? asideSections(await context.asides?.({ lang, repos })) : '';
    const title = route.repo === undefined ? t.title : `${route.repo} — ${t.title}`;
    return page(200, lang, title, listSection(context, repos, request.url, lang) + asides, viewer);
  }
  const issue = readable.includes(route.repo) ? context.state.issue(route.repo, route.number) : undefined;
  if (!issue) return notFound();
  const error = request.url.searchParams.get('error');
  const asides = asideSections(
    await context.asides?.({ lang, repos: readable, issue: { repo: route.repo, number: route.number } }),
  );
  return page(
    200,
    lang,
    `#${issue.number} ${issue.title}`,
    issueSection(context, issue, lang, error, asides, viewer),
    viewer,
  );
}

type PageRoute =
  { kind: 'list'; repo?: string } | { kind: 'issue' | 'comment'; repo: string; number: number };

function pageRoute(method: string, path: string): PageRoute | undefined {
  if (method === 'GET' && path === '/') return { kind: 'list' };
  const list = /^\/([^/]+)\/([^/]+)\/issues\/?$/.exec(path);
  if (method === 'GET' && list) {
    return {
      kind: 'list',
      repo: `${decodeURIComponent(list[1] ?? '')}/${decodeURIComponent(list[2] ?? '')}`,
    };
  }
  const one = /^\/([^/]+)\/([^/]+)\/issues\/(\d+)(\/comments)?$/.exec(path);
  if (!one) return undefined;
  const repo = `${decodeURIComponent(one[1] ?? '')}/${decodeURIComponent(one[2] ?? '')}`;
  const number = Number(one[3]);
  if (method === 'POST' && one[4]) return { kind: 'comment', repo, number };
  if (method === 'GET' && !one[4]) return { kind: 'issue', repo, number };
  return undefined;
}

function asideSections(asides: readonly AgentPageAside[] | undefined): string {
  return (asides ?? [])
    .map((aside) => {
      const items = aside.items.map((item) =>
        item.href === undefined
          ? `<li>${escapeHtml(item.text)}</li>`
          : `<li><a href="${escapeHtml(item.href)}">${escapeHtml(item.text)}</a></li>`,
      );
      return `\n<section class="aside"><h2>${escapeHtml(aside.heading)}</h2><ul>${items.join('')}</ul></section>`;
    })
    .join('');
}

function languageOf(request: AgentPageRequest): Lang {
  const asked = request.url.searchParams.get('lang');
  if (asked === 'en' || asked === 'fr') return asked;
  const accept = String(request.headers['accept-language'] ?? '');
  return /^\s*en\b/i.test(accept) ? 'en' : 'fr';
}

/** A form's language (its `lang` field), else the request's. */
function formLanguage(form: URLSearchParams, fallback: Lang): Lang {
  const lang = form.get('lang');
  return lang === 'en' || lang === 'fr' ? lang : fallback;
}

function listSection(context: AgentPageContext, repos: string[], url: URL, lang: Lang): string {
  const t = strings[lang];
  const wanted = url.searchParams.get('state') ?? 'open';
  const filters = (['open', 'closed', 'all'] as const)
    .map((state) => {
      const label = escapeHtml(t[state]);
      const href = `?state=${state}&lang=${lang}`;
      return state === wanted
        ? `<strong aria-current="page">${label}</strong>`
        : `<a href="${href}">${label}</a>`;
    })
    .join(' · ');
  const parts = [
    `<p>${escapeHtml(t.intro)}</p>`,
    `<nav aria-label="${escapeHtml(t.state.open)}">${filters}</nav>`,
  ];
  if (repos.length === 0) parts.push(`<p>${escapeHtml(t.noRepository)}</p>`);
  for (const repo of repos) {
    const issues = context.state
      .issues(repo)
      .filter((issue) => wanted === 'all' || issue.state === wanted)
      .slice()
      .reverse();
    parts.push(`<h2>${escapeHtml(repo)}</h2>`);
    if (issues.length === 0) {
      parts.push(`<p>${escapeHtml(t.none)}</p>`);
      continue;
    }
    if (issues.length > listLimit) {
      parts.push(`<p>${escapeHtml(t.shown(listLimit, issues.length))}</p>`);
    }
    const items = issues.slice(0, listLimit).map((issue) => {
      const href = `/${repo}/issues/${issue.number}?lang=${lang}`;
      return `<li><a href="${escapeHtml(href)}">#${issue.number} ${escapeHtml(issue.title)}</a> <span class="state">(${escapeHtml(t.state[issue.state])})</span>${labelList(issue, t)}${assigneeList(issue, t)}</li>`;
    });
    parts.push(`<ul class="issues">${items.join('')}</ul>`);
  }
  return parts.join('\n');
}

function labelList(issue: IssueRecord, t: Strings): string {
  if (issue.labels.length === 0) return '';
  return ` <span class="labels"><span class="visually-hidden">${escapeHtml(t.labels)}: </span>${issue.labels
    .map((label) => `<span class="label">${escapeHtml(label)}</span>`)
    .join(' ')}</span>`;
}

function assigneeList(issue: IssueRecord, t: Strings): string {
  const who = issue.assignees.length > 0 ? issue.assignees.map((login) => `@${login}`).join(', ') : t.nobody;
  return ` <span class="assignees">${escapeHtml(t.assignees)}: ${escapeHtml(who)}</span>`;
}

function issueSection(
  context: AgentPageContext,
  issue: IssueRecord,
  lang: Lang,
  error: string | null,
  asides: string,
  viewer: Viewer,
): string {
  const t = strings[lang];
  const comments = context.state.comments(issue.repo, issue.number);
  const meta = `<p>${escapeHtml(t.state[issue.state])} · ${escapeHtml(t.opened)} <time datetime="${issue.createdAt}">${escapeHtml(issue.createdAt)}</time> ${escapeHtml(t.by)} @${escapeHtml(issue.author)}</p>`;
  const parts = [
    backLink(lang),
    meta,
    `<p>${escapeHtml(t.labels)}: ${issue.labels.map((label) => `<span class="label">${escapeHtml(label)}</span>`).join(' ') || '—'}</p>`,
    `<p>${assigneeList(issue, t).trim()}</p>`,
    `<article class="body">${renderMarkdown(issue.body ?? '', t)}</article>`,
    `<h2>${escapeHtml(t.comments)} (${comments.length})</h2>`,
  ];
  if (comments.length === 0) parts.push(`<p>${escapeHtml(t.noComments)}</p>`);
  for (const comment of comments) parts.push(commentBlock(comment, t));
  if (asides) parts.push(asides);
  // Read with a token in Authorization (no session): nothing to post with.
  if (viewer.csrfToken !== undefined)
    parts.push(commentForm(issue, lang, error, viewer.login, viewer.csrfToken));
  return parts.join('\n');
}

function commentBlock(comment: CommentRecord, t: Strings): string {
  return `<article class="comment" id="issuecomment-${comment.id}"><header>@${escapeHtml(comment.author)} · <time datetime="${comment.createdAt}">${escapeHtml(comment.createdAt)}</time></header>${renderMarkdown(comment.body, t)}</article>`;
}

function commentForm(
  issue: IssueRecord,
  lang: Lang,
  error: string | null,
  login: string,
  csrf: string,
): string {
  const t = strings[lang];
  return [
    `<h2 id="comment">${escapeHtml(t.addComment)}</h2>`,
    error === 'empty' ? `<p role="alert" class="error">${escapeHtml(t.emptyBody)}</p>` : '',
    `<form method="post" action="/${escapeHtml(issue.repo)}/issues/${issue.number}/comments">`,
    `<input type="hidden" name="lang" value="${lang}">`,
    `<input type="hidden" name="authenticity_token" value="${escapeHtml(csrf)}">`,
    `<p>${escapeHtml(t.as(login))}</p>`,
    `<p><label for="body">${escapeHtml(t.body)}</label><br><textarea id="body" name="body" rows="6" cols="70" required aria-describedby="hint"></textarea></p>`,
    `<p id="hint">${escapeHtml(t.hint)}</p>`,
    `<p><button type="submit">${escapeHtml(t.submit)}</button></p>`,
    '</form>',
  ].join('\n');
}

/**
 * Whether a form comes from this page: its Origin is ours. `Origin: null` (a sandboxed frame, a `data:` page,
 * a redirect from another site) is another origin. A client that sends no Origin is not a browser posting a
 * form across sites, unless its Sec-Fetch-Site says otherwise. Checked before the session, so that another
 * site can neither post as the agent nor sign them in to an account of its choosing.
 */
function fromOwnPage(request: AgentPageRequest): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) return origin === request.url.origin;
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

const crossOrigin: AgentPage = {
  status: 403,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: 'Formulaire envoyé depuis une autre origine : refusé.\nCross-origin form refused.\n',
};

function redirect(location: string, headers: Record<string, string> = {}): AgentPage {
  return {
    status: 303,
    headers: { location, 'content-type': 'text/plain; charset=utf-8', ...headers },
    body: '',
  };
}

/** Where to go once signed in: a path of this server only (`//host` or `/\host` would leave it). */
function safeReturn(returnTo: string | null): string {
  return returnTo !== null && /^\/(?![/\\])/.test(returnTo) ? returnTo : '/';
}

function signInPage(
  status: number,
  lang: Lang,
  returnTo: string | null,
  problem: string | undefined,
): AgentPage {
  const t = strings[lang];
  const main = [
    problem === undefined ? '' : `<p role="alert" class="error">${escapeHtml(problem)}</p>`,
    `<p>${escapeHtml(t.signInIntro)}</p>`,
    '<form method="post" action="/session">',
    `<input type="hidden" name="lang" value="${lang}">`,
    `<input type="hidden" name="return_to" value="${escapeHtml(safeReturn(returnTo))}">`,
    `<p><label for="token">${escapeHtml(t.token)}</label><br><input id="token" name="token" type="password" autocomplete="off" required size="50"></p>`,
    `<p><button type="submit">${escapeHtml(t.signIn)}</button></p>`,
    '</form>',
  ].join('\n');
  const other = lang === 'fr' ? 'en' : 'fr';
  const otherHref = `/login?lang=${other}&return_to=${encodeURIComponent(safeReturn(returnTo))}`;
  return page(status, lang, problem === undefined ? t.signIn : t.badTokenTitle, main, undefined, otherHref);
}

function signIn(request: AgentPageRequest, context: AgentPageContext, fallbackLang: Lang): AgentPage {
  if (!fromOwnPage(request)) return crossOrigin;
  const form = new URLSearchParams(request.body);
  const lang = formLanguage(form, fallbackLang);
  const login = context.accountOf((form.get('token') ?? '').trim());
  if (login === undefined) return signInPage(401, lang, form.get('return_to'), strings[lang].badToken);
  const previous = context.sessions.find(request.headers.cookie);
  if (previous) context.sessions.close(previous.id);
  const { id, session } = context.sessions.open(login);
  return redirect(safeReturn(form.get('return_to')), {
    'set-cookie': context.sessions.setCookie(id, session),
  });
}

function signOut(request: AgentPageRequest, context: AgentPageContext, fallbackLang: Lang): AgentPage {
  if (!fromOwnPage(request)) return crossOrigin;
  const form = new URLSearchParams(request.body);
  const lang = formLanguage(form, fallbackLang);
  const signedIn = context.sessions.find(request.headers.cookie);
  if (!signedIn) return redirect(`/login?lang=${lang}`, { 'set-cookie': context.sessions.clearCookie() });
  if (!context.sessions.csrfMatches(signedIn.session, form.get('authenticity_token')))
    return formRefused(lang);
  context.sessions.close(signedIn.id);
  return redirect(`/login?lang=${lang}`, { 'set-cookie': context.sessions.clearCookie() });
}

function formRefused(lang: Lang): AgentPage {
  const t = strings[lang];
  return page(
    403,
    lang,
    t.formRefusedTitle,
    `<p role="alert" class="error">${escapeHtml(t.formRefused)}</p>${backLink(lang)}`,
    undefined,
    `/?lang=${lang === 'fr' ? 'en' : 'fr'}`,
  );
}

function postComment(
  request: AgentPageRequest,
  context: AgentPageContext,
  repo: string,
  number: number,
  fallbackLang: Lang,
): AgentPage {
  if (!fromOwnPage(request)) return crossOrigin;
  const form = new URLSearchParams(request.body);
  const lang = formLanguage(form, fallbackLang);
  const issuePath = `/${repo}/issues/${number}?lang=${lang}`;
  const signedIn = context.sessions.find(request.headers.cookie);
  if (!signedIn) return redirect(`/login?return_to=${encodeURIComponent(issuePath)}&lang=${lang}`);
  if (!context.sessions.csrfMatches(signedIn.session, form.get('authenticity_token')))
    return formRefused(lang);
  const { login } = signedIn.session;
  const viewer = { login, csrfToken: signedIn.session.csrfToken };
  const t = strings[lang];
  const notFound = () =>
    page(404, lang, t.notFound, `<p>${escapeHtml(t.notFound)}</p>${backLink(lang)}`, viewer);
  if (!context.canRead(repo, login)) return notFound();
  const body = (form.get('body') ?? '').replace(/\r\n/g, '\n');
  if (body.trim() === '') return redirect(`${issuePath}&error=empty#comment`);
  if (context.createComment(repo, number, login, body) === 'not-found') return notFound();
  return redirect(`${issuePath}#comments`);
}

function backLink(lang: Lang): string {
  return `<p><a href="/?lang=${lang}">← ${escapeHtml(strings[lang].back)}</a></p>`;
}

/** `otherHref`: the page in the other language, where it is not this address with `?lang=` (a form's answer). */
function page(
  status: number,
  lang: Lang,
  title: string,
  main: string,
  viewer: Viewer | undefined,
  otherHref?: string,
): AgentPage {
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  const t = strings[lang];
  const account =
    viewer?.csrfToken === undefined
      ? ''
      : `\n<form method="post" action="/logout"><p>${escapeHtml(t.signedInAs(viewer.login))} · <input type="hidden" name="lang" value="${lang}"><input type="hidden" name="authenticity_token" value="${escapeHtml(viewer.csrfToken)}"><button type="submit">${escapeHtml(t.signOut)}</button></p></form>`;
  const body = `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:1rem auto;padding:0 1rem;color:#1f2328}
a{color:#0550ae}.label{border:1px solid #8c959f;border-radius:1em;padding:0 .5em;font-size:.875em}
.comment,.body{border:1px solid #d0d7de;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
.comment header{color:#57606a;font-size:.875em}.marker{color:#57606a;font-size:.8em;font-family:monospace}
.error{color:#a40e26}pre{background:#f6f8fa;padding:.5rem;overflow:auto}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
</style>
</head>
<body>
<header><p><a href="${escapeHtml(otherHref ?? `?lang=${other}`)}" lang="${other}">${escapeHtml(t.other)}</a></p>${account}</header>
<main>
<h1>${escapeHtml(title)}</h1>
${main}
</main>
</body>
</html>
`;
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'",
      'x-content-type-options': 'nosniff',
      // Private repositories' issues: kept by no cache, shared or not.
      'cache-control': 'private, no-store',
    },
    body,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** GitHub's sanitising allow-list, plus the marker spans this page shows for hidden comments. */
const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    span: [...(defaultSchema.attributes?.span ?? []), ['className', 'marker'], 'title'],
  },
};

/** Raw HTML made only of `<details>` and `<summary>` tags and plain text between them: GitHub's folding. */
function foldingOnly(html: string): boolean {
  const rest = html.replace(/<\/?(?:details|summary)>/gi, '');
  return rest !== html && !/[<>]/.test(rest);
}

function markdownRenderer(t: Strings) {
  return (
    remark()
      .use(remarkGfm)
      // GitHub shows a line break in an issue or a comment as a line break.
      .use(remarkBreaks)
      .use(remarkRehype, {
        handlers: {
          // Raw HTML is shown as the text it is, folding tags excepted (parsed by rehype-raw, then sanitised
          // as all the rest); a hidden comment as a visible marker.
          html: (_state, node: Html) =>
            node.value.trimStart().startsWith('<!--')
              ? {
                  type: 'element',
                  tagName: 'span',
                  properties: { className: ['marker'], title: t.hidden },
                  children: [{ type: 'text', value: node.value.trim() }],
                }
              : foldingOnly(node.value)
                ? { type: 'raw', value: node.value }
                : { type: 'text', value: node.value },
        },
      })
      .use(rehypeRaw)
      .use(rehypeSanitize, sanitizeSchema)
      .use(rehypeStringify, { characterReferences: { useShortestReferences: true } })
  );
}

const renderers = new Map<Strings, ReturnType<typeof markdownRenderer>>();

/** A body as GitHub shows it (GFM, sanitised); raw HTML as text; hidden comments as visible markers. */
function renderMarkdown(text: string, t: Strings): string {
  let renderer = renderers.get(t);
  if (!renderer) renderers.set(t, (renderer = markdownRenderer(t)));
  return String(renderer.processSync(text));
}

// The stand-in's page for agents: the issue list, one issue with its comments, and a form to comment as an
// agent (so `/reply` can be tried offline). Plain HTML, no script, French first and English. Bodies are
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
import type { CommentRecord, IssueRecord, StandinState } from './standin-state.ts';

export interface AgentPageRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Which page an aside is asked for: the issue list (of every repository), or one issue. */
export interface AgentPageTarget {
  lang: 'fr' | 'en';
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
  /** Logins an agent can comment as. */
  agents: string[];
  botLogin: string;
  createComment(repo: string, number: number, author: string, body: string): 'created' | 'not-found';
}

export interface AgentPage {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type Lang = 'fr' | 'en';

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
    labels: 'Étiquettes',
    assignees: 'Assignés',
    nobody: 'personne',
    opened: 'ouvert le',
    by: 'par',
    comments: 'Commentaires',
    noComments: 'Pas encore de commentaire.',
    addComment: 'Commenter',
    as: 'En tant que',
    body: 'Message',
    hint: 'Commencez par /reply pour une réponse publique envoyée au client ; sinon c’est une note interne. /status on-hold (ou resolved, closed…) change le statut.',
    submit: 'Publier le commentaire',
    back: 'Tous les tickets',
    hidden: 'marqueur caché',
    state: { open: 'ouvert', closed: 'fermé' },
    notFound: 'Ticket introuvable.',
    emptyBody: 'Le message est vide.',
    unknownAgent: 'Agent inconnu.',
    noAgents: 'Aucun agent configuré : lancez le serveur avec des comptes agents pour commenter.',
    other: 'English',
    shown: (shown: number, total: number) => `Les ${shown} plus récents sur ${total}.`,
  },
  en: {
    title: 'Tickets (local GitHub)',
    intro:
      'This server imitates GitHub so repodesk can be tried offline. Agents read tickets here and can comment.',
    open: 'Open',
    closed: 'Closed',
    all: 'All',
    none: 'No tickets.',
    labels: 'Labels',
    assignees: 'Assignees',
    nobody: 'nobody',
    opened: 'opened on',
    by: 'by',
    comments: 'Comments',
    noComments: 'No comments yet.',
    addComment: 'Add a comment',
    as: 'As',
    body: 'Message',
    hint: 'Start with /reply for a public reply sent to the customer; otherwise it is an internal note. /status on-hold (or resolved, closed…) changes the status.',
    submit: 'Post comment',
    back: 'All tickets',
    hidden: 'hidden marker',
    state: { open: 'open', closed: 'closed' },
    notFound: 'No such ticket.',
    emptyBody: 'The message is empty.',
    unknownAgent: 'Unknown agent.',
    noAgents: 'No agent configured: start the server with agent accounts to comment.',
    other: 'Français',
    shown: (shown: number, total: number) => `The newest ${shown} of ${total}.`,
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
  if (request.method === 'GET' && path === '/') {
    const asides = asideSections(await context.asides?.({ lang }));
    return page(
      200,
      lang,
      t.title,
      listSection(context, [...context.state.repos.keys()], request.url, lang) + asides,
    );
  }
  const list = /^\/([^/]+)\/([^/]+)\/issues\/?$/.exec(path);
  if (request.method === 'GET' && list) {
    const repo = `${decodeURIComponent(list[1] ?? '')}/${decodeURIComponent(list[2] ?? '')}`;
    if (!context.state.repos.has(repo)) return undefined;
    return page(200, lang, `${repo} — ${t.title}`, listSection(context, [repo], request.url, lang));
  }
  const one = /^\/([^/]+)\/([^/]+)\/issues\/(\d+)(\/comments)?$/.exec(path);
  if (!one) return undefined;
  const repo = `${decodeURIComponent(one[1] ?? '')}/${decodeURIComponent(one[2] ?? '')}`;
  const number = Number(one[3]);
  if (request.method === 'POST' && one[4]) return postComment(request, context, repo, number, lang);
  if (request.method !== 'GET' || one[4]) return undefined;
  const issue = context.state.issue(repo, number);
  if (!issue) return page(404, lang, t.notFound, `<p>${escapeHtml(t.notFound)}</p>${backLink(lang)}`);
  const error = request.url.searchParams.get('error');
  const asides = asideSections(await context.asides?.({ lang, issue: { repo, number } }));
  return page(
    200,
    lang,
    `#${issue.number} ${issue.title}`,
    issueSection(context, issue, lang, error, asides),
  );
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
  parts.push(commentForm(context, issue, lang, error));
  return parts.join('\n');
}

function commentBlock(comment: CommentRecord, t: Strings): string {
  return `<article class="comment" id="issuecomment-${comment.id}"><header>@${escapeHtml(comment.author)} · <time datetime="${comment.createdAt}">${escapeHtml(comment.createdAt)}</time></header>${renderMarkdown(comment.body, t)}</article>`;
}

function commentForm(
  context: AgentPageContext,
  issue: IssueRecord,
  lang: Lang,
  error: string | null,
): string {
  const t = strings[lang];
  if (context.agents.length === 0) return `<p>${escapeHtml(t.noAgents)}</p>`;
  const options = context.agents
    .map((login) => `<option value="${escapeHtml(login)}">@${escapeHtml(login)}</option>`)
    .join('');
  const message = error === 'empty' ? t.emptyBody : error === 'agent' ? t.unknownAgent : undefined;
  return [
    `<h2 id="comment">${escapeHtml(t.addComment)}</h2>`,
    message ? `<p role="alert" class="error">${escapeHtml(message)}</p>` : '',
    `<form method="post" action="/${escapeHtml(issue.repo)}/issues/${issue.number}/comments">`,
    `<input type="hidden" name="lang" value="${lang}">`,
    `<p><label for="agent">${escapeHtml(t.as)}</label> <select id="agent" name="agent">${options}</select></p>`,
    `<p><label for="body">${escapeHtml(t.body)}</label><br><textarea id="body" name="body" rows="6" cols="70" required aria-describedby="hint"></textarea></p>`,
    `<p id="hint">${escapeHtml(t.hint)}</p>`,
    `<p><button type="submit">${escapeHtml(t.submit)}</button></p>`,
    '</form>',
  ].join('\n');
}

/**
 * Whether a comment form comes from this page: its Origin is ours. `Origin: null` (a sandboxed frame, a
 * `data:` page, a redirect from another site) is another origin. A client that sends no Origin is not a
 * browser posting a form across sites, unless its Sec-Fetch-Site says otherwise.
 */
function fromOwnPage(request: AgentPageRequest): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) return origin === request.url.origin;
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

function postComment(
  request: AgentPageRequest,
  context: AgentPageContext,
  repo: string,
  number: number,
  fallbackLang: Lang,
): AgentPage {
  if (!fromOwnPage(request)) {
    return {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: 'Formulaire envoyé depuis une autre origine : refusé.\nCross-origin form refused.\n',
    };
  }
  const form = new URLSearchParams(request.body);
  const lang: Lang = form.get('lang') === 'en' ? 'en' : form.get('lang') === 'fr' ? 'fr' : fallbackLang;
  const agent = form.get('agent') ?? '';
  const body = (form.get('body') ?? '').replace(/\r\n/g, '\n');
  const issuePath = `/${repo}/issues/${number}?lang=${lang}`;
  const redirect = (location: string): AgentPage => ({
    status: 303,
    headers: { location, 'content-type': 'text/plain; charset=utf-8' },
    body: '',
  });
  if (!context.agents.includes(agent)) return redirect(`${issuePath}&error=agent#comment`);
  if (body.trim() === '') return redirect(`${issuePath}&error=empty#comment`);
  const result = context.createComment(repo, number, agent, body);
  if (result === 'not-found') {
    const t = strings[lang];
    return page(404, lang, t.notFound, `<p>${escapeHtml(t.notFound)}</p>${backLink(lang)}`);
  }
  return redirect(`${issuePath}#comments`);
}

function backLink(lang: Lang): string {
  return `<p><a href="/?lang=${lang}">← ${escapeHtml(strings[lang].back)}</a></p>`;
}

function page(status: number, lang: Lang, title: string, main: string): AgentPage {
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
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
<header><p><a href="?lang=${other}" lang="${other}">${escapeHtml(strings[lang].other)}</a></p></header>
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

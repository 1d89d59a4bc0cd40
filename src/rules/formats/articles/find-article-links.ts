// Finds links to other articles in a Markdown body: relative `.md` links (`[x](other.md)`,
// `(./other.md)`, `(../en/slug.md#part)`, reference definitions `[x]: other.md`) and site links
// (`/fr/articles/slug/`). Fenced code blocks and inline code are skipped.

export interface ArticleLink {
  /** The link target as written. */
  href: string;
  /** 1-based line and column of the target in the body (relative to the body's first line). */
  line: number;
  column: number;
}

const inlineLink = /\]\(\s*<?([^)\s>]+)>?(?:\s+["'(][^)]*)?\)/g;
const referenceDefinition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/;

function isArticleTarget(href: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#')) return false;
  const target = href.replace(/[#?].*$/, '');
  return target.endsWith('.md') || /^\/[a-z]{2,3}(?:-[A-Za-z0-9]+)?\/articles\/[^/]+\/?$/.test(target);
}

export function findArticleLinks(body: string): ArticleLink[] {
  const links: ArticleLink[] = [];
  // Every link has a `]` (`](` or `]:`): a body without one has none, and a line without one, a backtick
  // or a tilde (a fence, inline code) changes nothing. The article checks run over every article on each
  // build: skipping those lines unread took the 5,000 generated articles from 175 to 50 ms (load 6).
  if (!body.includes(']')) return links;
  let fence: string | undefined;
  body.split('\n').forEach((rawLine, index) => {
    if ((fence !== undefined || !rawLine.includes(']')) && !rawLine.includes('`') && !rawLine.includes('~')) {
      return;
    }
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(rawLine);
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      if (fence === undefined) fence = marker[0]!.repeat(marker.length);
      else if (marker.startsWith(fence)) fence = undefined;
      return;
    }
    if (fence !== undefined) return;
    // Blank out inline code so links inside it are not taken (keeping columns).
    const line = rawLine.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length));
    const definition = referenceDefinition.exec(line);
    if (definition && isArticleTarget(definition[1]!)) {
      links.push({ href: definition[1]!, line: index + 1, column: line.indexOf(definition[1]!) + 1 });
    }
    for (const match of line.matchAll(inlineLink)) {
      const href = match[1]!;
      if (!isArticleTarget(href)) continue;
      links.push({ href, line: index + 1, column: match.index + match[0].indexOf(href) + 1 });
    }
  });
  return links;
}

/** A link from a text published outside kb/ (form texts, canned replies) to an article page. */
export interface PageLink extends ArticleLink {
  /** `/fr/articles/slug/` when the link names an article page; undefined for a `.md` file link. */
  page?: string;
}

const pagePath = '/[a-z]{2,3}(?:-[A-Za-z0-9]+)?/articles/[^\\s/)\\]#?"\'<>]+/?';

/**
 * Links to article pages in a form text or a canned reply: Markdown links to `/fr/articles/slug/`
 * (and `.md` links, which only work inside kb/), and, linked or bare, such pages written after
 * `{{desk.siteUrl}}` or after the site's own URL.
 */
export function findPageLinks(text: string, siteUrl?: string): PageLink[] {
  const links: PageLink[] = findArticleLinks(text).map((link) => {
    const target = link.href.replace(/[#?].*$/, '');
    return target.endsWith('.md') ? link : { ...link, page: target };
  });
  const seen = new Set(links.map((link) => `${link.line}:${link.column}`));
  const prefixes = ['\\{\\{\\s*desk\\.siteUrl\\s*\\}\\}'];
  if (siteUrl) prefixes.push(siteUrl.replace(/\/+$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const prefixed = new RegExp(`(?:${prefixes.join('|')})(${pagePath})`, 'g');
  text.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(prefixed)) {
      const column = match.index + 1;
      if (seen.has(`${index + 1}:${column}`)) continue;
      links.push({ href: match[0], line: index + 1, column, page: match[1]! });
    }
  });
  return links.sort((a, b) => a.line - b.line || a.column - b.column);
}

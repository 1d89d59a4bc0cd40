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
  let fence: string | undefined;
  body.split('\n').forEach((rawLine, index) => {
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

// Rewrites links between articles, written the way an admin writes them in the repository
// (`[x](other-slug.md)`, `[x](../en/slug.md#part)`), to the article URLs of the site. A link to a draft or
// internal article is reduced to its text, so unpublished articles are linked from nowhere; a link to a
// missing article fails the build naming the file. An mdast plugin for Sätteri, Astro 7's Markdown
// processor (the same AST a remark plugin sees).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineMdastPlugin } from 'satteri';

/** Whether each article file (absolute path) is published; a file that is not a key is not an article. */
export type PublishedFiles = ReadonlyMap<string, boolean>;

const relativeMarkdownLink = /^(?![a-z][a-z0-9+.-]*:|\/|#)([^?#]+\.md)(#.*)?$/i;

/** Where a relative `.md` link of `source` points on the site, or why it cannot be linked. */
function resolveArticleLink(
  source: string,
  url: string,
  base: string,
  published: PublishedFiles,
):
  | { kind: 'external' }
  | { kind: 'article'; url: string; target: string }
  | { kind: 'unpublished'; target: string }
  | { kind: 'missing'; target: string } {
  const match = relativeMarkdownLink.exec(url);
  if (!match) return { kind: 'external' };
  const target = path.resolve(path.dirname(source), decodeURI(match[1] ?? ''));
  const isPublished = published.get(target);
  if (isPublished === undefined) return { kind: 'missing', target };
  if (!isPublished) return { kind: 'unpublished', target };
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const lang = path.basename(path.dirname(target));
  return {
    kind: 'article',
    url: `${prefix}${lang}/articles/${path.basename(target, '.md')}/${match[2] ?? ''}`,
    target,
  };
}

/**
 * The plugin; `base` is the site's base path (`/` or `/help/`), `published` the knowledge base's files.
 * `onLinked` is told each article file a link points to, published or not: the page changes when that
 * file is published or withdrawn (site/build-site.ts renders it again then).
 */
export function articleLinks({
  base,
  published,
  onLinked,
}: {
  base: string;
  published: PublishedFiles;
  onLinked?: (target: string) => void;
}) {
  return defineMdastPlugin({
    name: 'repodesk-article-links',
    link(node, ctx) {
      if (!ctx.fileURL) return;
      const source = fileURLToPath(ctx.fileURL);
      const resolved = resolveArticleLink(source, node.url, base, published);
      if (resolved.kind === 'article' || resolved.kind === 'unpublished') onLinked?.(resolved.target);
      if (resolved.kind === 'article') ctx.setProperty(node, 'url', resolved.url);
      else if (resolved.kind === 'unpublished') ctx.replaceNode(node, [...node.children]);
      else if (resolved.kind === 'missing') {
        const where = path.relative(process.cwd(), source);
        throw new Error(
          `${where}: link to a missing article "${node.url}"; expected ${path.relative(process.cwd(), resolved.target)}; fix the link or add the article`,
        );
      }
    },
  });
}

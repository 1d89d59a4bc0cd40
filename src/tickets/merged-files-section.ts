// The section of an issue body that lists the files of the tickets merged into it (`/merge`): one line per
// merged ticket, `- #N: [name](link), …`, between two hidden markers, so that an agent working the target
// finds the mail attachments and GitHub attachments of the duplicate without opening it. The executor
// rewrites it in the target's one write of a `/merge` (added) or `/unmerge` (removed). Written and read
// only here. Pure.

const start = '<!-- repodesk:merged-files -->';
const end = '<!-- /repodesk:merged-files -->';
const section = /\n*<!-- repodesk:merged-files -->[\s\S]*?<!-- \/repodesk:merged-files -->\n*/;

/** The files a body lists per merged ticket: the issue number and its line's links, as written. */
function mergedFilesOf(body: string): Map<number, string> {
  const found = section.exec(body)?.[0] ?? '';
  return new Map([...found.matchAll(/^- #(\d+): (.+)$/gm)].map((line) => [Number(line[1]), line[2]!]));
}

/** A file as a Markdown link, its name kept from breaking the link or the list. */
export function fileLink(file: { name: string; url: string }): string {
  const name = file.name.replace(/[[\]\n\r\\]/g, '_').trim() || 'file';
  return `[${name}](<${file.url.replace(/[<>\s]/g, encodeURIComponent)}>)`;
}

/** `body` with merged ticket `source`'s files `links` listed (none: its line removed), under `heading`. */
export function withMergedFiles(
  body: string,
  source: number,
  links: readonly string[],
  heading: string,
): string {
  const lines = mergedFilesOf(body);
  // Nothing to take off: the body as it is (no write).
  if (links.length === 0 && !lines.has(source)) return body;
  if (links.length > 0) lines.set(source, links.join(', '));
  else lines.delete(source);
  const rest = body.replace(section, '\n\n').trimEnd();
  if (lines.size === 0) return rest;
  const listed = [...lines].map(([number, line]) => `- #${number}: ${line}`);
  return `${rest}\n\n${start}\n${heading}\n\n${listed.join('\n')}\n${end}\n`;
}

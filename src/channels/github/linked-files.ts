// The files a GitHub text links to: github.com's user-attachments (`https://github.com/user-attachments/files/
// <id>/<name>` or `…/assets/<uuid>`), which is where GitHub puts a file dropped into an issue or a comment.
// Read for a `/reply`'s files (comment-files.ts) and a merged ticket's (ticket-files.ts). Pure.

const linkPattern =
  /(?:\[([^\]\n]*)\]\()?(https:\/\/github\.com\/user-attachments\/(?:files\/\d+\/[^\s)\]"'<>]+|assets\/[0-9a-f-]{36}))/g;

/** The user-attachments links of `body`, once each, with the name the comment gives them. */
export function linkedFiles(body: string): { url: string; name: string }[] {
  const found = new Map<string, string>();
  for (const match of body.matchAll(linkPattern)) {
    const url = match[2]!;
    if (found.has(url)) continue;
    const last = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));
    found.set(url, match[1]?.trim() || last);
  }
  return [...found].map(([url, name]) => ({ url, name }));
}

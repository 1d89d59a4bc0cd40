// The section of a master ticket's issue body (a problem, a major incident: `/link #N` on each child) that
// lists its children, between two hidden markers, one `- #N` line each (GitHub shows each with its title
// and state). Written and read only here; the executor rewrites it in the one write of a `/link` or
// `/unlink`, against the body as read in the turn. Pure.

const start = '<!-- repodesk:children -->';
const end = '<!-- /repodesk:children -->';
const section = /\n*<!-- repodesk:children -->[\s\S]*?<!-- \/repodesk:children -->\n*/;

/** The children a master issue's body lists, in the order linked. */
export function childrenOf(body: string): number[] {
  const found = section.exec(body)?.[0] ?? '';
  return [...new Set([...found.matchAll(/^- #(\d+)$/gm)].map((line) => Number(line[1])))];
}

/** `body` listing `children` (the section removed when there are none), under `heading`. */
export function withChildren(body: string, children: readonly number[], heading: string): string {
  const rest = body.replace(section, '\n\n').trimEnd();
  if (children.length === 0) return rest;
  const lines = children.map((child) => `- #${child}`);
  return `${rest}\n\n${start}\n${heading}\n\n${lines.join('\n')}\n${end}\n`;
}

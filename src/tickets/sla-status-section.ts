// The SLA status line the sweep keeps in an issue body: one section between hidden markers at the end of
// the body, replaced in place when it changes. Its opening marker records the policy and the status it was
// written for, so that a sweep can tell from the issue alone that the line may be out of date.

/** What the section holds: the line, and the policy and status it was written for. */
export interface SlaStatusSection {
  policy: string;
  status: string;
  line: string;
}

const end = '<!-- /repodesk:sla-status -->';
const section =
  /\n*<!-- repodesk:sla-status policy=([a-z0-9._-]*) status=([a-z0-9._-]*) -->[^]*?<!-- \/repodesk:sla-status -->\n?/i;

/** `body` with its SLA status section replaced by `wanted` (added at the end when it has none). */
export function withSlaStatusSection(body: string, wanted: SlaStatusSection): string {
  const written = `\n\n<!-- repodesk:sla-status policy=${wanted.policy} status=${wanted.status} -->\n${wanted.line}\n${end}\n`;
  const found = section.exec(body);
  if (!found) return `${body.trimEnd()}${written}`;
  return `${body.slice(0, found.index)}${written}${body.slice(found.index + found[0].length)}`;
}

/** The policy and status the body's SLA status section was written for; undefined without one. */
export function readSlaStatusSection(body: string): { policy: string; status: string } | undefined {
  const found = section.exec(body);
  return found ? { policy: found[1] ?? '', status: found[2] ?? '' } : undefined;
}

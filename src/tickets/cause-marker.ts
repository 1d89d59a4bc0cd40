// The hidden marker that says why repodesk wrote an automatic comment: the cause of the action (its source
// and the rule, policy or command behind it) and the rules version in force. The executor adds it to every
// comment it posts; `repodesk why` reads it back. Ids and versions only, percent-encoded so that nothing in
// it closes the comment.

import type { ActionCause } from './ticket-action.ts';

const encode = (value: string) => encodeURIComponent(value).replace(/--/g, '-%2D');

/** The cause marker of a comment posted for `cause` under rules `rulesVersion`. */
export function causeMarker(cause: ActionCause, rulesVersion: string): string {
  return `<!-- repodesk:cause source=${cause.source} rule=${encode(cause.rule)} rules=${encode(rulesVersion)} -->`;
}

const pattern = /<!-- repodesk:cause source=([a-z]+) rule=(\S*) rules=(\S*) -->/;

/** The cause a comment's marker names, or undefined without one. */
export function readCauseMarker(body: string): { source: string; rule: string; rules: string } | undefined {
  const found = pattern.exec(body);
  if (!found) return undefined;
  const decode = (value: string) => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  return { source: found[1] ?? '', rule: decode(found[2] ?? ''), rules: decode(found[3] ?? '') };
}

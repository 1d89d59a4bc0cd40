// The sweep's plan: what to change on one ticket, each change with the rule that caused it. Engines
// produce these; `applyTicketPlan` is the only code that turns them into writes.

export interface ActionCause {
  source: 'sla' | 'lifecycle';
  /** The rule behind the action: `sla policy standard firstResponse step 100`, `lifecycle pending-close`. */
  rule: string;
  /** Why, in one sentence a person reads in `--dry-run`. */
  reason: string;
}

export type TicketAction =
  | { kind: 'add-label'; label: string; cause: ActionCause }
  | { kind: 'remove-label'; label: string; cause: ActionCause }
  /** `marker` is our hidden marker at the top of `body`: finding it on the issue means the comment exists. */
  | { kind: 'comment'; body: string; marker: string; cause: ActionCause }
  | { kind: 'assign'; login: string; cause: ActionCause }
  | { kind: 'close'; cause: ActionCause };

/** A comment repodesk wrote on the issue, reduced to its marker and time. */
export interface OwnMarker {
  marker: string;
  at: string;
}

const markerPattern = /<!-- repodesk:(?:sla|lifecycle) [^>]*?-->/g;

/** The sweep markers found in a comment body written by repodesk. */
export function markersIn(body: string): string[] {
  return body.match(markerPattern) ?? [];
}

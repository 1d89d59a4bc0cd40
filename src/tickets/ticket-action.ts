// What to change on one ticket, each change with the rule that caused it: engines (the sweep's SLA and
// lifecycle, agents' commands, routing) produce these; the executor (../executor/) is the only code that
// turns them into writes, in as few as it can.

import type { HeldReplyDraft } from './held-reply.ts';
import type { SlaStatusSection } from './sla-status-section.ts';
import type { TicketMail } from './ticket-mail.ts';

export interface ActionCause {
  source: 'sla' | 'lifecycle' | 'command' | 'routing';
  /** The rule behind the action: `sla policy standard firstResponse step 100`, `lifecycle pending-close`, `command /status`. */
  rule: string;
  /** Why, in one sentence a person reads in `--dry-run`. */
  reason: string;
}

export type TicketAction =
  | { kind: 'add-label'; label: string; cause: ActionCause }
  | { kind: 'remove-label'; label: string; cause: ActionCause }
  /** `marker` is our hidden marker in `body`: finding it on the issue means the comment exists. */
  | { kind: 'comment'; body: string; marker: string; cause: ActionCause }
  | { kind: 'assign'; login: string; cause: ActionCause }
  | { kind: 'unassign'; login: string; cause: ActionCause }
  /** `not_planned` for a ticket closed as spam, `duplicate` for one merged into another; `completed` otherwise. */
  | { kind: 'close'; reason?: 'completed' | 'not_planned' | 'duplicate'; cause: ActionCause }
  | { kind: 'reopen'; cause: ActionCause }
  /** The SLA status line at the end of the issue body (sla-status-section.ts), in the one write. */
  | { kind: 'set-sla-status'; section: SlaStatusSection; cause: ActionCause }
  /**
   * The whole body as routing of an issue opened on GitHub leaves it (markers first, the agent's text,
   * the "For the agent" section last), in the one write.
   */
  | { kind: 'set-body'; body: string; cause: ActionCause }
  | { kind: 'mail'; mail: TicketMail; cause: ActionCause }
  /** An agent's reply held by the collision guard: kept, not mailed, until `/send` or `/drop`. */
  | { kind: 'hold-reply'; reply: HeldReplyDraft; cause: ActionCause }
  /**
   * A held reply sent anyway (its mail queued, once) or dropped, by `by`; a reply no longer held is left as
   * it is (the command's note says so).
   */
  | { kind: 'settle-held-reply'; key: string; state: 'sent' | 'dropped'; by: string; cause: ActionCause }
  /**
   * The ticket's requester (its mail thread in the store); `acknowledge` queues the acknowledgement a
   * ticket gets when it gains its first requester, `lang` is the language of the mail they get.
   */
  | {
      kind: 'set-requester';
      email: string;
      name: string;
      lang: string;
      acknowledge: boolean;
      /** The ticket's title, as the requester's mail shows it (the acknowledgement's subject). */
      title: string;
      cause: ActionCause;
    }
  /** Addresses added to and removed from the ticket's copies (CC). */
  | { kind: 'set-cc'; add: string[]; remove: string[]; cause: ActionCause }
  /** The sender's mail is quarantined without an answer until an admin lifts it (`repodesk mail unblock`). */
  | { kind: 'block-sender'; address: string; cause: ActionCause }
  /** The ticket's requester is forgotten on this ticket only: the issue, its comments, the store, the files. */
  | { kind: 'erase-requester'; email: string; cause: ActionCause }
  /**
   * Actions on another issue than the ticket's own (the target of `/merge`), applied in that turn,
   * against that issue as the executor reads it then.
   */
  | { kind: 'other-issue'; number: number; actions: TicketAction[]; cause: ActionCause }
  /** The ticket is merged into issue `target`: its customer thread continues there (the store keeps it). */
  | { kind: 'merge-into'; target: number; cause: ActionCause }
  /** The ticket's merge is undone: its customer thread is its own again. */
  | { kind: 'unmerge'; cause: ActionCause }
  /** The files of merged ticket `source` listed in this body (`links` empty: no longer), under `heading`. */
  | { kind: 'list-merged-files'; source: number; links: string[]; heading: string; cause: ActionCause }
  /** Issue `child` listed (`linked`) or no longer listed among this master's children, under `heading`. */
  | { kind: 'link-child'; child: number; linked: boolean; heading: string; cause: ActionCause };

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

// Replies the collision guard holds (`/reply` after another agent answered or took the ticket): kept with the
// mail they would send until an agent sends or drops them. Settling is one conditional update (`held` to
// `sent` or `dropped`), so a reply is sent or dropped exactly once, whatever runs the command twice.

import type { HeldReply, HeldReplyDraft, HeldReplyState } from '../tickets/held-reply.ts';
import type { Store, StoreSchema } from './store.ts';

export interface HeldReplies {
  /** Holds a reply of issue `issueNumber`; holding the same key again changes nothing. */
  hold(reply: HeldReplyDraft, issueNumber: number, now: number): Promise<void>;
  /** The replies held on issue `issueNumber` (whatever their state), oldest first. */
  ofIssue(issueNumber: number): Promise<HeldReply[]>;
  /** Every held reply, newest first, at most `limit` (the agent page). */
  list(limit: number): Promise<HeldReply[]>;
  /** Settles a reply still held; false when it was already sent or dropped (or is unknown). */
  settle(key: string, state: Exclude<HeldReplyState, 'held'>, by: string, now: number): Promise<boolean>;
}

const table = (time: string) => `CREATE TABLE held_replies (
  key TEXT PRIMARY KEY,
  ref TEXT NOT NULL,
  issue_number INTEGER NOT NULL,
  author TEXT NOT NULL,
  held_at ${time} NOT NULL,
  draft TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('held', 'sent', 'dropped')),
  settled_by TEXT,
  settled_at ${time}
);
CREATE INDEX held_replies_issue ON held_replies (issue_number, held_at)`;

export const heldRepliesSchema: StoreSchema = {
  domain: 'held-replies',
  sqlite: [table('INTEGER')],
  postgres: [table('BIGINT')],
};

const insert =
  "INSERT INTO held_replies (key, ref, issue_number, author, held_at, draft, state) VALUES (?, ?, ?, ?, ?, ?, 'held') ON CONFLICT (key) DO NOTHING";
const ofIssue = 'SELECT * FROM held_replies WHERE issue_number = ? ORDER BY held_at, key';
const newest = 'SELECT * FROM held_replies ORDER BY held_at DESC, key LIMIT ?';
const settle =
  "UPDATE held_replies SET state = ?, settled_by = ?, settled_at = ? WHERE key = ? AND state = 'held'";

function toHeldReply(row: Record<string, unknown>): HeldReply {
  const draft = JSON.parse(String(row.draft)) as HeldReplyDraft;
  const reply: HeldReply = {
    ...draft,
    issueNumber: Number(row.issue_number),
    heldAt: Number(row.held_at),
    state: String(row.state) as HeldReplyState,
  };
  if (row.settled_by !== null && row.settled_by !== undefined) reply.settledBy = String(row.settled_by);
  if (row.settled_at !== null && row.settled_at !== undefined) reply.settledAt = Number(row.settled_at);
  return reply;
}

/** The held replies of `store` (made by `heldRepliesSchema` when the store opens). */
export function openHeldReplies(store: Store): HeldReplies {
  return {
    async hold(reply, issueNumber, now) {
      await store.run(insert, reply.key, reply.ref, issueNumber, reply.author, now, JSON.stringify(reply));
    },
    async ofIssue(issueNumber) {
      return (await store.all(ofIssue, issueNumber)).map(toHeldReply);
    },
    async list(limit) {
      return (await store.all(newest, limit)).map(toHeldReply);
    },
    async settle(key, state, by, now) {
      return (await store.run(settle, state, by, now, key)) === 1;
    },
  };
}

// Replies the collision guard holds (`/reply` after another agent answered or took the ticket): kept with the
// mail they would send until an agent sends or drops them. Settling is one conditional update (`held` to
// `sent` or `dropped`), so a reply is sent or dropped exactly once, whatever runs the command twice.

import type { HeldReply, HeldReplyDraft, HeldReplyState } from '../tickets/held-reply.ts';
import { repositoryKey, repositoryOfKey } from './repository-key.ts';
import type { Store, StoreSchema } from './store.ts';

export interface HeldReplies {
  /**
   * Holds a reply of issue `issueNumber` of `repository` (omitted: the desk's default); holding the same key
   * again changes nothing.
   */
  hold(reply: HeldReplyDraft, issueNumber: number, now: number, repository?: string): Promise<void>;
  /** The replies held on issue `issueNumber` of `repository` (omitted: the desk's default), oldest first. */
  ofIssue(issueNumber: number, repository?: string): Promise<HeldReply[]>;
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

// Issue numbers are per repository (confidential queues): '' is the desk's default repository.
const byRepository = `ALTER TABLE held_replies ADD COLUMN repository TEXT NOT NULL DEFAULT '';
DROP INDEX held_replies_issue;
CREATE INDEX held_replies_issue ON held_replies (repository, issue_number, held_at)`;

export const heldRepliesSchema: StoreSchema = {
  domain: 'held-replies',
  sqlite: [table('INTEGER'), byRepository],
  postgres: [table('BIGINT'), byRepository],
};

const insert =
  "INSERT INTO held_replies (key, ref, issue_number, repository, author, held_at, draft, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'held') ON CONFLICT (key) DO NOTHING";
const ofIssue = 'SELECT * FROM held_replies WHERE repository = ? AND issue_number = ? ORDER BY held_at, key';
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
  const repository = repositoryOfKey(row.repository);
  if (repository !== undefined) reply.repository = repository;
  if (row.settled_by !== null && row.settled_by !== undefined) reply.settledBy = String(row.settled_by);
  if (row.settled_at !== null && row.settled_at !== undefined) reply.settledAt = Number(row.settled_at);
  return reply;
}

/** The held replies of `store` (made by `heldRepliesSchema` when the store opens). */
export function openHeldReplies(store: Store): HeldReplies {
  return {
    async hold(reply, issueNumber, now, repository) {
      await store.run(
        insert,
        reply.key,
        reply.ref,
        issueNumber,
        repositoryKey(repository),
        reply.author,
        now,
        JSON.stringify(reply),
      );
    },
    async ofIssue(issueNumber, repository) {
      return (await store.all(ofIssue, repositoryKey(repository), issueNumber)).map(toHeldReply);
    },
    async list(limit) {
      return (await store.all(newest, limit)).map(toHeldReply);
    },
    async settle(key, state, by, now) {
      return (await store.run(settle, state, by, now, key)) === 1;
    },
  };
}

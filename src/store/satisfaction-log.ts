// Customer satisfaction (CSAT) ratings: one row per ticket, the last click counts. The comment the customer
// may add on the help site rides on the same row, and so does the id of the internal note that shows the
// rating on the issue, so a changed rating edits that note instead of adding one.

import { repositoryKey, repositoryOfKey } from './repository-key.ts';
import type { Store, StoreSchema } from './store.ts';

export type SatisfactionValue = 'good' | 'bad';

export interface StoredRating {
  ref: string;
  issueNumber: number;
  /** The issue's repository when it is not the desk's default one (a confidential queue). */
  repository?: string;
  rating: SatisfactionValue;
  /** The ticket's language (the survey page's). */
  lang: string;
  /** When the rating was last set (milliseconds). */
  at: number;
  /** What the customer added on the help site, if anything. */
  comment?: string;
  /** The internal note showing the rating on the issue, once posted, and the text it was given last. */
  noteCommentId?: number;
  noteText?: string;
}

export interface SatisfactionLog {
  /** Sets ticket `ref`'s rating (the last click counts); resolves to the rating it had before, if any. */
  rate(
    rating: Omit<StoredRating, 'comment' | 'noteCommentId' | 'noteText'>,
  ): Promise<SatisfactionValue | undefined>;
  get(ref: string): Promise<StoredRating | undefined>;
  /** Sets the comment of a rated ticket; false when the ticket has no rating. */
  comment(ref: string, comment: string): Promise<boolean>;
  /** Records the note that shows `ref`'s rating on its issue, and the text it now has. */
  setNote(ref: string, commentId: number, text: string): Promise<void>;
  /** Every rating set at or after `since` (milliseconds), oldest first. */
  since(since: number): Promise<StoredRating[]>;
}

export const satisfactionSchema: StoreSchema = {
  domain: 'satisfaction',
  sqlite: [
    `CREATE TABLE satisfaction (
       ref TEXT PRIMARY KEY,
       issue_number INTEGER NOT NULL,
       rating TEXT NOT NULL,
       lang TEXT NOT NULL,
       at INTEGER NOT NULL,
       comment TEXT,
       note_comment_id INTEGER,
       note_text TEXT
     )`,
    // Issue numbers are per repository (confidential queues): '' is the desk's default repository.
    "ALTER TABLE satisfaction ADD COLUMN repository TEXT NOT NULL DEFAULT ''",
  ],
  postgres: [
    `CREATE TABLE satisfaction (
       ref TEXT PRIMARY KEY,
       issue_number INTEGER NOT NULL,
       rating TEXT NOT NULL,
       lang TEXT NOT NULL,
       at BIGINT NOT NULL,
       comment TEXT,
       note_comment_id BIGINT,
       note_text TEXT
     )`,
    "ALTER TABLE satisfaction ADD COLUMN repository TEXT NOT NULL DEFAULT ''",
  ],
};

const columns = 'ref, issue_number, repository, rating, lang, at, comment, note_comment_id, note_text';
const select = `SELECT ${columns} FROM satisfaction WHERE ref = ?`;
const upsert = `INSERT INTO satisfaction (ref, issue_number, repository, rating, lang, at) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (ref) DO UPDATE SET rating = excluded.rating, at = excluded.at`;
const setComment = 'UPDATE satisfaction SET comment = ? WHERE ref = ?';
const setNote = 'UPDATE satisfaction SET note_comment_id = ?, note_text = ? WHERE ref = ?';
const recent = `SELECT ${columns} FROM satisfaction WHERE at >= ? ORDER BY at, ref`;

function toRating(row: Record<string, unknown>): StoredRating {
  const rating: StoredRating = {
    ref: String(row.ref),
    issueNumber: Number(row.issue_number),
    rating: row.rating === 'bad' ? 'bad' : 'good',
    lang: String(row.lang),
    at: Number(row.at),
  };
  const repository = repositoryOfKey(row.repository);
  if (repository !== undefined) rating.repository = repository;
  if (row.comment !== null && row.comment !== undefined) rating.comment = String(row.comment);
  if (row.note_comment_id !== null && row.note_comment_id !== undefined)
    rating.noteCommentId = Number(row.note_comment_id);
  if (row.note_text !== null && row.note_text !== undefined) rating.noteText = String(row.note_text);
  return rating;
}

/** The satisfaction table of `store` (made by `satisfactionSchema` when the store opens). */
export function openSatisfactionLog(store: Store): SatisfactionLog {
  return {
    rate(rating) {
      return store.transaction(async () => {
        const before = await store.get(select, rating.ref);
        await store.run(
          upsert,
          rating.ref,
          rating.issueNumber,
          repositoryKey(rating.repository),
          rating.rating,
          rating.lang,
          rating.at,
        );
        return before ? toRating(before).rating : undefined;
      });
    },
    async get(ref) {
      const row = await store.get(select, ref);
      return row ? toRating(row) : undefined;
    },
    async comment(ref, comment) {
      return (await store.run(setComment, comment, ref)) > 0;
    },
    async setNote(ref, commentId, text) {
      await store.run(setNote, commentId, text, ref);
    },
    async since(since) {
      return (await store.all(recent, since)).map(toRating);
    },
  };
}

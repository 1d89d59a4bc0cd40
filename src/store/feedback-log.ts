// Signals from the help site: article votes and comments, searches with no result, requests the customer
// did not send after reading a suggested article. Nothing that identifies a person: no address, no name,
// no IP; the words a reader typed are masked by the route before they reach this table.

import type { FeedbackEntry } from '../feedback/feedback-entry.ts';
import type { Store } from './open-store.ts';

export interface FeedbackLog {
  add(entry: FeedbackEntry): void;
  countByKind(): Record<string, number>;
  /** Every signal received at or after `since` (milliseconds), oldest first. */
  since(since: number): FeedbackEntry[];
}

/** Opens the feedback table of `store`. */
export function openFeedbackLog(store: Store): FeedbackLog {
  store.migrate('feedback', [
    'CREATE TABLE feedback (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, lang TEXT NOT NULL, article TEXT, query TEXT, at INTEGER NOT NULL)',
    'ALTER TABLE feedback ADD COLUMN comment TEXT',
    'ALTER TABLE feedback ADD COLUMN helpful INTEGER',
    'ALTER TABLE feedback ADD COLUMN form TEXT',
    'CREATE INDEX feedback_at ON feedback (at)',
  ]);
  const insert = store.db.prepare(
    'INSERT INTO feedback (kind, lang, article, query, comment, helpful, form, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const counts = store.db.prepare('SELECT kind, count(*) AS n FROM feedback GROUP BY kind');
  const recent = store.db.prepare(
    'SELECT kind, lang, article, query, comment, helpful, form, at FROM feedback WHERE at >= ? ORDER BY at, id',
  );
  return {
    add(entry) {
      insert.run(
        entry.kind,
        entry.lang,
        entry.article ?? null,
        entry.query ?? null,
        entry.comment ?? null,
        entry.helpful === undefined ? null : Number(entry.helpful),
        entry.form ?? null,
        entry.at,
      );
    },
    countByKind() {
      const out: Record<string, number> = {};
      for (const row of counts.all()) out[String(row.kind)] = Number(row.n);
      return out;
    },
    since(since) {
      return recent.all(since).map((row) => {
        const entry: FeedbackEntry = {
          kind: row.kind as FeedbackEntry['kind'],
          lang: String(row.lang),
          at: Number(row.at),
        };
        if (row.article !== null) entry.article = String(row.article);
        if (row.query !== null) entry.query = String(row.query);
        if (row.comment !== null) entry.comment = String(row.comment);
        if (row.helpful !== null) entry.helpful = Number(row.helpful) === 1;
        if (row.form !== null) entry.form = String(row.form);
        return entry;
      });
    },
  };
}

// Signals from the help site: article votes, searches with no result, requests the customer did not send
// after reading a suggested article. Counted per kind and article; nothing that identifies a person.

import type { Store } from './open-store.ts';

export const feedbackKinds = [
  'article-helpful',
  'article-not-helpful',
  'empty-search',
  'deflection',
] as const;
export type FeedbackKind = (typeof feedbackKinds)[number];

export interface FeedbackEntry {
  kind: FeedbackKind;
  lang: string;
  /** Article slug (votes, deflections). */
  article?: string;
  /** The search words that found nothing, lower-cased and shortened. */
  query?: string;
  at: number;
}

export interface FeedbackLog {
  add(entry: FeedbackEntry): void;
  countByKind(): Record<string, number>;
}

/** Opens the feedback table of `store`. */
export function openFeedbackLog(store: Store): FeedbackLog {
  store.migrate('feedback', [
    'CREATE TABLE feedback (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, lang TEXT NOT NULL, article TEXT, query TEXT, at INTEGER NOT NULL)',
  ]);
  const insert = store.db.prepare(
    'INSERT INTO feedback (kind, lang, article, query, at) VALUES (?, ?, ?, ?, ?)',
  );
  const counts = store.db.prepare('SELECT kind, count(*) AS n FROM feedback GROUP BY kind');
  return {
    add(entry) {
      insert.run(entry.kind, entry.lang, entry.article ?? null, entry.query ?? null, entry.at);
    },
    countByKind() {
      const out: Record<string, number> = {};
      for (const row of counts.all()) out[String(row.kind)] = Number(row.n);
      return out;
    },
  };
}

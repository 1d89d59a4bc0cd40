// Tickets an agent merged into another (`/merge #N`): the source issue is closed on GitHub, and this table
// is what sends its customer thread on to the target. A mail to the source's reference lands on the target,
// the source's follow page shows the target's replies from the merge on, and the target's `/reply` also
// mails the source's requester, separately. `/unmerge` deletes the row. On PostgreSQL every replica reads
// the same merges.

import { repositoryKey, repositoryOfKey } from './repository-key.ts';
import type { Store, StoreSchema } from './store.ts';

/** One ticket merged into another. */
export interface TicketMerge {
  /** The repository of both issues when it is not the desk's default one (a confidential queue). */
  repository?: string;
  sourceIssue: number;
  targetIssue: number;
  /** The source's reference, when it has one (an issue opened on GitHub may have none). */
  sourceRef?: string;
  /** When it was merged (ms since the epoch). */
  mergedAt: number;
}

export interface TicketMerges {
  /** Records a merge; a source merged already keeps its first record. */
  record(merge: TicketMerge): Promise<void>;
  /** Forgets the merge of `sourceIssue` of `repository` (omitted: the desk's default) (`/unmerge`). */
  remove(sourceIssue: number, repository?: string): Promise<void>;
  /** The merge of issue `sourceIssue` of `repository` (omitted: the desk's default), if merged. */
  ofSource(sourceIssue: number, repository?: string): Promise<TicketMerge | undefined>;
  /** The merge of the ticket whose reference is `ref` (references are the desk's, whatever the repository). */
  ofSourceRef(ref: string): Promise<TicketMerge | undefined>;
  /** The tickets merged into `targetIssue` of `repository` (omitted: the desk's default), oldest merge first. */
  intoTarget(targetIssue: number, repository?: string): Promise<TicketMerge[]>;
}

const table = `CREATE TABLE ticket_merges (
  source_issue INTEGER PRIMARY KEY,
  target_issue INTEGER NOT NULL,
  source_ref TEXT,
  merged_at BIGINT NOT NULL
)`;

export const ticketMergesSchema: StoreSchema = {
  domain: 'ticket-merges',
  sqlite: [
    table,
    'CREATE INDEX ticket_merges_target ON ticket_merges (target_issue)',
    // Issue numbers are per repository (confidential queues): '' is the desk's default repository. SQLite
    // cannot change a primary key: the table is copied.
    `CREATE TABLE ticket_merges_by_repository (
       repository TEXT NOT NULL DEFAULT '',
       source_issue INTEGER NOT NULL,
       target_issue INTEGER NOT NULL,
       source_ref TEXT,
       merged_at BIGINT NOT NULL,
       PRIMARY KEY (repository, source_issue)
     );
     INSERT INTO ticket_merges_by_repository (source_issue, target_issue, source_ref, merged_at)
       SELECT source_issue, target_issue, source_ref, merged_at FROM ticket_merges;
     DROP TABLE ticket_merges;
     ALTER TABLE ticket_merges_by_repository RENAME TO ticket_merges;
     CREATE INDEX ticket_merges_target ON ticket_merges (repository, target_issue)`,
  ],
  postgres: [
    table,
    'CREATE INDEX ticket_merges_target ON ticket_merges (target_issue)',
    `ALTER TABLE ticket_merges ADD COLUMN repository TEXT NOT NULL DEFAULT '';
     ALTER TABLE ticket_merges DROP CONSTRAINT ticket_merges_pkey;
     ALTER TABLE ticket_merges ADD PRIMARY KEY (repository, source_issue);
     DROP INDEX ticket_merges_target;
     CREATE INDEX ticket_merges_target ON ticket_merges (repository, target_issue)`,
  ],
};

const insert =
  'INSERT INTO ticket_merges (repository, source_issue, target_issue, source_ref, merged_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (repository, source_issue) DO NOTHING';

function toMerge(row: Record<string, unknown>): TicketMerge {
  const merge: TicketMerge = {
    sourceIssue: Number(row.source_issue),
    targetIssue: Number(row.target_issue),
    mergedAt: Number(row.merged_at),
  };
  const repository = repositoryOfKey(row.repository);
  if (repository !== undefined) merge.repository = repository;
  if (row.source_ref !== null && row.source_ref !== undefined) merge.sourceRef = String(row.source_ref);
  return merge;
}

/** The merges table of `store` (made by `ticketMergesSchema` when the store opens). */
export function openTicketMerges(store: Store): TicketMerges {
  return {
    async record(merge) {
      await store.run(
        insert,
        repositoryKey(merge.repository),
        merge.sourceIssue,
        merge.targetIssue,
        merge.sourceRef ?? null,
        merge.mergedAt,
      );
    },
    async remove(sourceIssue, repository) {
      await store.run(
        'DELETE FROM ticket_merges WHERE repository = ? AND source_issue = ?',
        repositoryKey(repository),
        sourceIssue,
      );
    },
    async ofSource(sourceIssue, repository) {
      const row = await store.get(
        'SELECT * FROM ticket_merges WHERE repository = ? AND source_issue = ?',
        repositoryKey(repository),
        sourceIssue,
      );
      return row ? toMerge(row) : undefined;
    },
    async ofSourceRef(ref) {
      const row = await store.get('SELECT * FROM ticket_merges WHERE source_ref = ?', ref);
      return row ? toMerge(row) : undefined;
    },
    async intoTarget(targetIssue, repository) {
      const rows = await store.all(
        'SELECT * FROM ticket_merges WHERE repository = ? AND target_issue = ? ORDER BY merged_at, source_issue',
        repositoryKey(repository),
        targetIssue,
      );
      return rows.map(toMerge);
    },
  };
}

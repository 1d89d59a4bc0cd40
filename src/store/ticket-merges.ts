// Tickets an agent merged into another (`/merge #N`): the source issue is closed on GitHub, and this table
// is what sends its customer thread on to the target. A mail to the source's reference lands on the target,
// the source's follow page shows the target's replies from the merge on, and the target's `/reply` also
// mails the source's requester, separately. `/unmerge` deletes the row. On PostgreSQL every replica reads
// the same merges.

import type { Store, StoreSchema } from './store.ts';

/** One ticket merged into another. */
export interface TicketMerge {
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
  /** Forgets the merge of `sourceIssue` (`/unmerge`). */
  remove(sourceIssue: number): Promise<void>;
  ofSource(sourceIssue: number): Promise<TicketMerge | undefined>;
  ofSourceRef(ref: string): Promise<TicketMerge | undefined>;
  /** The tickets merged into `targetIssue`, oldest merge first. */
  intoTarget(targetIssue: number): Promise<TicketMerge[]>;
}

const table = `CREATE TABLE ticket_merges (
  source_issue INTEGER PRIMARY KEY,
  target_issue INTEGER NOT NULL,
  source_ref TEXT,
  merged_at BIGINT NOT NULL
)`;

export const ticketMergesSchema: StoreSchema = {
  domain: 'ticket-merges',
  sqlite: [table, 'CREATE INDEX ticket_merges_target ON ticket_merges (target_issue)'],
  postgres: [table, 'CREATE INDEX ticket_merges_target ON ticket_merges (target_issue)'],
};

const insert =
  'INSERT INTO ticket_merges (source_issue, target_issue, source_ref, merged_at) VALUES (?, ?, ?, ?) ON CONFLICT (source_issue) DO NOTHING';

function toMerge(row: Record<string, unknown>): TicketMerge {
  const merge: TicketMerge = {
    sourceIssue: Number(row.source_issue),
    targetIssue: Number(row.target_issue),
    mergedAt: Number(row.merged_at),
  };
  if (row.source_ref !== null && row.source_ref !== undefined) merge.sourceRef = String(row.source_ref);
  return merge;
}

/** The merges table of `store` (made by `ticketMergesSchema` when the store opens). */
export function openTicketMerges(store: Store): TicketMerges {
  return {
    async record(merge) {
      await store.run(insert, merge.sourceIssue, merge.targetIssue, merge.sourceRef ?? null, merge.mergedAt);
    },
    async remove(sourceIssue) {
      await store.run('DELETE FROM ticket_merges WHERE source_issue = ?', sourceIssue);
    },
    async ofSource(sourceIssue) {
      const row = await store.get('SELECT * FROM ticket_merges WHERE source_issue = ?', sourceIssue);
      return row ? toMerge(row) : undefined;
    },
    async ofSourceRef(ref) {
      const row = await store.get('SELECT * FROM ticket_merges WHERE source_ref = ?', ref);
      return row ? toMerge(row) : undefined;
    },
    async intoTarget(targetIssue) {
      const rows = await store.all(
        'SELECT * FROM ticket_merges WHERE target_issue = ? ORDER BY merged_at, source_issue',
        targetIssue,
      );
      return rows.map(toMerge);
    },
  };
}

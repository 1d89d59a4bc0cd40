// The store's tables keyed by issue number gain the issue's repository (confidential queues: issue numbers
// are per repository). A database written before keeps every row, read as the desk's default repository's;
// rows of another repository's #N never answer for the default's #N. On both stores.

import { afterAll, describe, expect, it } from 'vitest';
import { openHeldReplies } from '../../src/store/held-replies.ts';
import { openLabelChanges, type LabelChange } from '../../src/store/label-changes.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { openSatisfactionLog } from '../../src/store/satisfaction-log.ts';
import { storeSchemas } from '../../src/store/store-schemas.ts';
import { openTicketMerges } from '../../src/store/ticket-merges.ts';
import type { HeldReplyDraft } from '../../src/tickets/held-reply.ts';
import { storeBackends } from '../support/store-backends.ts';

const backends = await storeBackends(import.meta.filename);
afterAll(async () => {
  for (const backend of backends) await backend.stop();
});

/** The versions each domain had before repositories were recorded. */
const before: Record<string, number> = {
  satisfaction: 1,
  'label-changes': 1,
  'ticket-merges': 2,
  'held-replies': 1,
};
const olderSchemas = storeSchemas.map((schema) => {
  const versions = before[schema.domain];
  if (versions === undefined) return schema;
  return {
    ...schema,
    sqlite: schema.sqlite.slice(0, versions),
    postgres: schema.postgres.slice(0, versions),
  };
});

const change = (issue: number, label: string, repository?: string): LabelChange => ({
  issue,
  ...(repository ? { repository } : {}),
  label,
  change: 'added',
  rulesVersion: 'v1',
  source: 'command',
  rule: 'command /status',
  reason: 'an agent asked',
  at: 1_000,
});

const draft = (key: string): HeldReplyDraft =>
  ({ key, ref: `RD-${key}`, author: 'camille', collision: { kind: 'took', by: 'lucas', at: 1 } }) as never;

describe.each(backends)('on $name', (backend) => {
  const open = (location: string, schemas = storeSchemas): Promise<Store> =>
    openStore(
      backend.name === 'SQLite' ? { dataDir: location, schemas } : { databaseUrl: location, schemas },
    );

  it('rows written before the migration stay, as the default repository’s', async () => {
    const location = await backend.fresh();
    const old = await open(location, olderSchemas);
    await old.run(
      "INSERT INTO satisfaction (ref, issue_number, rating, lang, at) VALUES ('RD-AAAA-AAAA', 1, 'bad', 'fr', 5)",
    );
    await old.run(
      "INSERT INTO label_changes (issue, label, change, rules_version, source, rule, reason, at) VALUES (1, 'sla: breached', 'added', 'v0', 'sla', 'policy standard step 100', 'late', 7)",
    );
    await old.run(
      "INSERT INTO ticket_merges (source_issue, target_issue, source_ref, merged_at) VALUES (2, 1, 'RD-BBBB-BBBB', 9)",
    );
    await old.close();

    const store = await open(location);
    try {
      expect(await openSatisfactionLog(store).since(0)).toEqual([
        { ref: 'RD-AAAA-AAAA', issueNumber: 1, rating: 'bad', lang: 'fr', at: 5 },
      ]);
      const labels = openLabelChanges(store);
      expect((await labels.ofIssue(1)).map((found) => found.label)).toEqual(['sla: breached']);
      expect(await labels.ofIssue(1, 'acme/support-hr')).toEqual([]);
      const merges = openTicketMerges(store);
      expect(await merges.ofSource(2)).toEqual({
        sourceIssue: 2,
        targetIssue: 1,
        sourceRef: 'RD-BBBB-BBBB',
        mergedAt: 9,
      });
      expect(await merges.ofSource(2, 'acme/support-hr')).toBeUndefined();
      // The same source number can now be merged in another repository.
      await merges.record({ repository: 'acme/support-hr', sourceIssue: 2, targetIssue: 3, mergedAt: 10 });
      expect((await merges.ofSource(2, 'acme/support-hr'))?.targetIssue).toBe(3);
      expect((await merges.ofSource(2))?.targetIssue).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('each repository’s #1 keeps its own label changes, merges, held replies and ratings', async () => {
    const store = await open(await backend.fresh());
    try {
      const labels = openLabelChanges(store);
      await labels.record([change(1, 'status: pending', 'acme/support-hr'), change(1, 'priority: high')]);
      expect((await labels.ofIssue(1)).map((found) => found.label)).toEqual(['priority: high']);
      expect(await labels.ofIssue(1, 'Acme/Support-HR')).toEqual([
        { ...change(1, 'status: pending'), repository: 'acme/support-hr' },
      ]);

      const merges = openTicketMerges(store);
      await merges.record({ repository: 'acme/support-hr', sourceIssue: 2, targetIssue: 1, mergedAt: 1 });
      expect(await merges.intoTarget(1)).toEqual([]);
      expect(await merges.ofSource(2)).toBeUndefined();
      expect((await merges.intoTarget(1, 'acme/support-hr')).map((merge) => merge.sourceIssue)).toEqual([2]);
      await merges.remove(2);
      expect(await merges.ofSource(2, 'acme/support-hr')).toBeDefined();

      const held = openHeldReplies(store);
      await held.hold(draft('k1'), 1, 5, 'acme/support-hr');
      expect(await held.ofIssue(1)).toEqual([]);
      expect(
        (await held.ofIssue(1, 'acme/support-hr')).map((reply) => [reply.key, reply.repository]),
      ).toEqual([['k1', 'acme/support-hr']]);

      const ratings = openSatisfactionLog(store);
      await ratings.rate({
        ref: 'RD-HR',
        issueNumber: 1,
        repository: 'acme/support-hr',
        rating: 'good',
        lang: 'fr',
        at: 1,
      });
      await ratings.rate({ ref: 'RD-MAIN', issueNumber: 1, rating: 'bad', lang: 'fr', at: 2 });
      expect(
        (await ratings.since(0)).map((rating) => [rating.ref, rating.repository, rating.rating]),
      ).toEqual([
        ['RD-HR', 'acme/support-hr', 'good'],
        ['RD-MAIN', undefined, 'bad'],
      ]);
    } finally {
      await store.close();
    }
  });
});

// An address that cannot receive mail (a bounce came back, or the SMTP server refused it for good) is
// recorded on the ticket's thread, so nothing is sent to it again, and the ticket gets the
// `email: undeliverable` label so agents know to reach the customer another way. The label is a job of
// its own: the refusal may come before the issue exists (the acknowledgement leaves while the issue is
// being created), and GitHub may be down; the job waits for the issue and is harmless when run twice.

import type { BotContext } from '../context.ts';
import type { JobKind, JobOutcome } from '../worker/worker.ts';

const labelUndeliverableJobKind = 'mail-label-undeliverable';

/** Put on a ticket whose requester's (or a CC's) address cannot receive mail. */
const undeliverableLabel = 'email: undeliverable';

export interface LabelUndeliverablePayload {
  ref: string;
}

/** How long the label waits for an issue that is still being created before giving up. */
const waitForIssueMs = 7 * 24 * 60 * 60 * 1000;

/** Marks `addresses` undeliverable on the thread of `ref` and queues the label, in one transaction. */
export async function recordUndeliverable(
  bot: BotContext,
  ref: string,
  addresses: readonly string[],
  now: number,
): Promise<void> {
  if (addresses.length === 0) return;
  await bot.store.transaction(async () => {
    for (const address of addresses) await bot.mail.mailStore.markUndeliverable(ref, address);
    const payload: LabelUndeliverablePayload = { ref };
    await bot.jobs.enqueue(labelUndeliverableJobKind, payload, now);
  });
  bot.wakeWorker();
}

export function labelUndeliverableJob(bot: BotContext): JobKind {
  return {
    kind: labelUndeliverableJobKind,
    usesTracker: true,
    async run(job, context) {
      const { ref } = job.payload as LabelUndeliverablePayload;
      const record = await bot.refs.get(ref);
      const number = record?.issueNumber;
      if (number === undefined) {
        if (context.now - job.createdAt > waitForIssueMs)
          return { status: 'done', note: 'no issue to label' };
        return { status: 'defer', until: context.now + 30_000, reason: 'issue not created yet' };
      }
      // In the issue's turn: the sweep and agents' commands write its labels too.
      // A confidential queue's ticket is labelled in its own repository.
      const tracker = bot.tracker.forRepository(record?.repository ?? bot.tracker.repository);
      return bot.issueLocks.forRepository(tracker.repository).run(number, async (): Promise<JobOutcome> => {
        const issue = await tracker.getIssue(number);
        if (issue.labels.includes(undeliverableLabel)) return { status: 'done', note: 'already labelled' };
        await tracker.addLabels(number, [undeliverableLabel]);
        // No comment says why: the store keeps it, for `repodesk why`.
        await bot.labelChanges.record([
          {
            issue: number,
            ...(record?.repository === undefined ? {} : { repository: record.repository }),
            label: undeliverableLabel,
            change: 'added',
            rulesVersion: bot.rules.version?.version ?? 'unversioned',
            source: 'mail',
            rule: 'mail undeliverable',
            reason: 'an address of the ticket cannot receive mail (a bounce or a permanent refusal)',
            at: context.now,
          },
        ]);
        context.log.info('ticket labelled: an address cannot receive mail', { ref, issue: number });
        return { status: 'done' };
      });
    },
  };
}

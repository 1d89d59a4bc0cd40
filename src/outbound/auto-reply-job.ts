// Posts one automatic reply on its ticket's issue as a public notice (one comment, one content write
// within the write budget); the notice handler mails it when GitHub's webhook reports the comment.
// "Ensure": any attempt after the first looks for the reply's hidden marker among repodesk's comments
// before posting, so a crash or a 502 after GitHub stored the comment never posts it twice.

import type { BotContext } from '../context.ts';
import type { JobKind } from '../worker/worker.ts';
import { autoReplyComment, autoReplyMarker } from './auto-reply-comment.ts';
import { recipientsOf } from './recipients.ts';

/** The job that posts one automatic reply on its ticket's issue. */
export const autoReplyJobKind = 'mail-auto-reply';

export interface AutoReplyPayload {
  ref: string;
  /** The canned reply id (rules/replies/<id>.<lang>.md). */
  reply: string;
}

function failure(code: 'not-found', message: string): Error {
  return Object.assign(new Error(message), { code });
}

export function autoReplyJob(bot: BotContext): JobKind {
  return {
    kind: autoReplyJobKind,
    usesTracker: true,
    async run(job, context) {
      const { ref, reply } = job.payload as AutoReplyPayload;
      const record = await bot.refs.get(ref);
      // Queued in the transaction that recorded the issue: a ticket without one is a broken store.
      if (record?.issueNumber === undefined)
        throw failure('not-found', `reference ${ref} has no issue recorded for its automatic reply`);
      const number = record.issueNumber;
      // A confidential queue's ticket gets its reply in its own repository.
      const tracker = bot.tracker.forRepository(record.repository ?? bot.tracker.repository);
      const log = context.log.child({ ref, reply });
      if (job.attempts > 1) {
        const marker = autoReplyMarker(ref, reply);
        const logins = await tracker.repodeskLogins();
        const since = new Date(job.createdAt - 60_000).toISOString();
        const posted = (await tracker.listComments(number, { since })).some(
          (comment) => logins.includes(comment.author) && comment.body.includes(marker),
        );
        if (posted) return { status: 'done', note: 'already posted' };
      }
      const recipients = await recipientsOf(bot, ref);
      if (!recipients) return { status: 'done', note: 'no requester address' };
      // The customer's own title is known but for a ticket whose thread has none: read the issue's then.
      const issueTitle = recipients.title === '' ? (await tracker.getIssue(number)).title : '';
      const body = autoReplyComment(bot, { ref, reply, recipients, issueTitle });
      if (body === undefined) {
        log.warn('automatic reply not posted: the canned reply was removed from rules/replies');
        return { status: 'done', note: 'canned reply removed' };
      }
      const budget = await bot.budget.take(context.now);
      if (!budget.granted)
        return { status: 'defer', until: budget.retryAt, reason: 'write budget', holdTracker: true };
      const comment = await tracker.createComment(number, body);
      bot.metrics.count('repodesk_auto_replies_total', 'Automatic replies posted on new tickets.', {
        reply,
      });
      log.info('automatic reply posted', { issue: number, comment: comment.id });
      return { status: 'done' };
    },
  };
}

// Turns an accepted form submission into exactly one GitHub issue (ensure-ticket-issue.ts: one write
// carrying title, body, labels and assignees, never a second issue after a 502 or a crash), then queues
// the automatic replies its routing names. Uploaded files are listed with links signed at creation time,
// the same way as the files of an email ticket.

import type { Submission } from '../../forms/submission-schema.ts';
import { draftFromSubmission } from '../../intake/draft-from-submission.ts';
import { renderIssueBody, ticketTitle, type IssueAttachment } from '../../intake/render-issue-body.ts';
import { signFileUrl } from '../../mail/attachments.ts';
import { queueAutoReplies } from '../../outbound/auto-replies.ts';
import { formAddressIsRobot } from '../../mail/robot-check.ts';
import type { BotContext } from '../../context.ts';
import type { JobKind } from '../../worker/worker.ts';
import { ensureTicketIssue } from '../../outbound/ensure-ticket-issue.ts';

function failure(code: 'not-found' | 'validation', message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The job that turns an accepted submission into one issue. */
export const createTicketJobKind = 'create-ticket';

/** What the create-ticket job reads from the queue. */
export interface CreateTicketJobPayload {
  ref: string;
  inboxId: number;
}

export function createTicketJob(bot: BotContext): JobKind {
  const { refs, inbox } = bot;

  /** The submission's files with links valid for MAIL_ATTACHMENT_LINK_DAYS from now. */
  const issueAttachments = async (submission: Submission, now: number): Promise<IssueAttachment[]> => {
    const files = submission.attachments ?? [];
    if (files.length === 0) return [];
    const mail = bot.mail;
    const uploads = bot.formUploads;
    const expiresAt = Math.floor(now / 1000) + mail.config.attachmentLinkSeconds;
    // Accepted submissions name only files marked attached, which the retention sweep never deletes.
    const listed: IssueAttachment[] = [];
    for (const { id } of files) {
      const upload = await uploads.get(id);
      if (!upload) continue;
      const url = `${bot.config.publicBotUrl ?? ''}${signFileUrl(id, expiresAt, mail.fileSecret)}`;
      listed.push({ name: upload.name, kind: upload.kind, size: upload.size, url });
    }
    return listed;
  };

  return {
    kind: createTicketJobKind,
    usesTracker: true,
    async run(job, context) {
      const { ref, inboxId } = job.payload as CreateTicketJobPayload;
      const record = await refs.get(ref);
      if (!record) throw failure('not-found', `reference ${ref} is not in the store`);
      if (record.issueNumber !== undefined) return { status: 'done', note: 'issue already recorded' };
      const entry = await inbox.get(inboxId);
      if (!entry) throw failure('not-found', `inbox entry ${inboxId} of ${ref} is missing`);
      const submission = entry.payload as Submission;
      const rules = bot.rules.current;
      const form = rules.forms[submission.form];
      if (!form)
        throw failure('validation', `form "${submission.form}" of ${ref} no longer exists in rules/forms`);
      const draft = draftFromSubmission(submission, form, rules);
      const address = submission.requester.email?.trim().toLowerCase() ?? '';
      const attachments = await issueAttachments(submission, context.now);
      return ensureTicketIssue(
        bot,
        {
          ref,
          key: submission.idempotencyKey,
          receivedAt: entry.receivedAt,
          draft,
          render: (decision) => ({
            title: ticketTitle(draft, form),
            // Cut to GitHub's 65,536 characters with a pointer to the full text, never refused and retried.
            body: renderIssueBody(draft, {
              ref,
              key: submission.idempotencyKey,
              rules,
              decision,
              rulesVersion: bot.rules.version?.version ?? 'unversioned',
              attachments,
              assist: { articles: bot.rules.articles, siteUrl: bot.config.publicSiteUrl },
            }),
          }),
          onRecorded: (decision) =>
            queueAutoReplies(bot, {
              ref,
              lang: record.lang,
              address,
              automated: address !== '' && formAddressIsRobot(address, rules.desk.mail.address),
              replies: decision.replies,
              now: context.now,
              log: context.log.child({ ref }),
            }),
        },
        job.attempts,
        context,
      );
    },
  };
}

// Turns an accepted form submission into exactly one GitHub issue, in one write carrying title, body,
// labels and assignees. "Ensure" semantics: any attempt after the first looks for the issue by its hidden
// marker before creating, so a 502 after GitHub created the issue, or a crash between the POST and the
// record, never makes a second issue. The ref → issue number record is written in the same transaction
// that completes the job. Uploaded files are listed with links signed at creation time, the same way as
// the files of an email ticket.

import type { Submission } from '../../forms/submission-schema.ts';
import { draftFromSubmission } from '../../intake/draft-from-submission.ts';
import {
  renderIssueBody,
  ticketMarker,
  ticketTitle,
  type IssueAttachment,
} from '../../intake/render-issue-body.ts';
import { signFileUrl } from '../../mail/attachments.ts';
import { formUploadsFor } from '../../mail/inbound/form-uploads.ts';
import { mailServicesFor } from '../../mail/mail-services.ts';
import { route } from '../../routing/route.ts';
import type { BotServices } from '../../server/bot-services.ts';
import type { CreateTicketJobPayload } from '../../server/routes/submit-request.ts';
import { TrackerError } from '../../tracker/tracker-error.ts';
import type { NewIssue } from '../../tracker/tracker.ts';
import { crashPoint } from '../crash-point.ts';
import type { JobKind } from '../worker.ts';
import { loadWorkload, recordAssignment } from '../workload.ts';

function failure(code: 'not-found' | 'validation', message: string): Error {
  return Object.assign(new Error(message), { code });
}

export function createTicketJob(services: BotServices): JobKind {
  const { tracker, refs, inbox, kv } = services;

  /** The submission's files with links valid for MAIL_ATTACHMENT_LINK_DAYS from now. */
  const issueAttachments = (submission: Submission, now: number): IssueAttachment[] => {
    const files = submission.attachments ?? [];
    if (files.length === 0) return [];
    const mail = mailServicesFor(services);
    const uploads = formUploadsFor(services);
    const expiresAt = Math.floor(now / 1000) + mail.config.attachmentLinkSeconds;
    // Accepted submissions name only files marked attached, which the retention sweep never deletes.
    return files.flatMap(({ id }) => {
      const upload = uploads.get(id);
      if (!upload) return [];
      const url = `${services.config.publicBotUrl ?? ''}${signFileUrl(id, expiresAt, mail.fileSecret)}`;
      return [{ name: upload.name, kind: upload.kind, size: upload.size, url }];
    });
  };

  return {
    kind: 'create-ticket',
    usesTracker: true,
    async run(job, context) {
      const { ref, inboxId } = job.payload as CreateTicketJobPayload;
      const record = refs.get(ref);
      if (!record) throw failure('not-found', `reference ${ref} is not in the store`);
      if (record.issueNumber !== undefined) return { status: 'done', note: 'issue already recorded' };
      const entry = inbox.get(inboxId);
      if (!entry) throw failure('not-found', `inbox entry ${inboxId} of ${ref} is missing`);
      const submission = entry.payload as Submission;
      const rules = services.rules.current;
      const form = rules.forms[submission.form];
      if (!form)
        throw failure('validation', `form "${submission.form}" of ${ref} no longer exists in rules/forms`);
      const log = context.log.child({ ref });

      // Reconcile first: an earlier attempt may have created the issue and died (or got a 502) before recording it.
      if (job.attempts > 1) {
        const since = new Date(entry.receivedAt - 60_000).toISOString();
        const existing = await tracker.findIssueByMarker(ticketMarker(ref, submission.idempotencyKey), since);
        if (existing) {
          log.info('issue found by marker; recorded without a second create', { issue: existing.number });
          return {
            status: 'done',
            note: 'reconciled',
            recordEffect: () => refs.setIssueNumber(ref, existing.number),
          };
        }
      }

      const draft = draftFromSubmission(submission, form, rules);
      const attachments = issueAttachments(submission, context.now);
      const workload = await loadWorkload(kv, tracker, rules, context.now);
      const decision = route(draft, rules, workload, new Date(context.now));
      const issue: NewIssue = {
        title: ticketTitle(draft, form),
        // Cut to GitHub's 65,536 characters with a pointer to the full text, never refused and retried.
        body: renderIssueBody(draft, {
          ref,
          key: submission.idempotencyKey,
          rules,
          decision,
          attachments,
        }),
        labels: decision.labels,
        assignees: decision.assignees,
      };
      const budget = services.budget.take(context.now);
      if (!budget.granted)
        return { status: 'defer', until: budget.retryAt, reason: 'write budget', holdTracker: true };
      crashPoint('before-create-post');
      let created;
      try {
        created = await tracker.createIssue(issue);
      } catch (error) {
        // An assignee GitHub refuses (not a collaborator any more) must not block the ticket: create it unassigned.
        if (!(error instanceof TrackerError) || error.code !== 'validation' || issue.assignees.length === 0)
          throw error;
        log.warn('GitHub refused the assignees; creating the issue unassigned', {
          assignees: issue.assignees,
        });
        const again = services.budget.take(context.now);
        if (!again.granted)
          return { status: 'defer', until: again.retryAt, reason: 'write budget', holdTracker: true };
        created = await tracker.createIssue({ ...issue, assignees: [] });
        issue.assignees = [];
      }
      crashPoint('after-create-post');
      services.metrics.count('repodesk_tickets_created_total', 'Issues created from accepted inputs.', {
        channel: draft.channel,
      });
      log.info('issue created', { issue: created.number, matched: decision.matched });
      return {
        status: 'done',
        recordEffect: () => {
          refs.setIssueNumber(ref, created.number);
          recordAssignment(kv, issue.assignees, issue.assignees.length > 0 ? decision.lastAssigned : {});
        },
      };
    },
  };
}

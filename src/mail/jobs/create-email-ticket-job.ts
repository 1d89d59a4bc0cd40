// Turns a mail that opened a ticket into exactly one issue (one write: title, body, labels, assignees),
// routed like any ticket. Same "ensure" as the form path: a retry looks for the issue by its hidden marker
// before creating, and the ref → issue number is recorded in the transaction that completes the job.

import {
  issueBodyMaxLength,
  renderIssueBody,
  ticketMarker,
  ticketTitle,
  type IssueAttachment,
} from '../../intake/render-issue-body.ts';
import { neutraliseLine } from '../../intake/neutralise.ts';
import { route } from '../../routing/route.ts';
import type { BotServices } from '../../server/bot-services.ts';
import type { TicketDraft } from '../../tickets/types.ts';
import { TrackerError } from '../../tracker/tracker-error.ts';
import type { NewIssue } from '../../tracker/tracker.ts';
import { crashPoint } from '../../worker/crash-point.ts';
import type { JobKind } from '../../worker/worker.ts';
import { loadWorkload, recordAssignment } from '../../worker/workload.ts';
import { screenAttachments, signFileUrl } from '../attachments.ts';
import { withAttachedMessages } from '../attached-messages.ts';
import { keepMailAttachment } from '../keep-mail-attachment.ts';
import { mailServicesFor } from '../mail-services.ts';
import { normaliseSubject } from '../normalise-subject.ts';
import { parseMessage } from '../parse-message.ts';

export const createEmailTicketJobKind = 'mail-create-ticket';

export interface CreateEmailTicketPayload {
  ref: string;
  mailId: number;
  /** The closed ticket this one follows (a reply after the reopen window). */
  linkedRef?: string;
}

function failure(code: 'not-found' | 'validation', message: string): Error {
  return Object.assign(new Error(message), { code });
}

const words = {
  fr: { follows: 'Suite de la demande' },
  en: { follows: 'Follows request' },
};

export function createEmailTicketJob(services: BotServices): JobKind {
  return {
    kind: createEmailTicketJobKind,
    usesTracker: true,
    async run(job, context) {
      const { ref, mailId, linkedRef } = job.payload as CreateEmailTicketPayload;
      const { tracker, refs, kv } = services;
      const mail = mailServicesFor(services);
      const record = refs.get(ref);
      if (!record) throw failure('not-found', `reference ${ref} is not in the store`);
      if (record.issueNumber !== undefined) return { status: 'done', note: 'issue already recorded' };
      const message = mail.mailStore.getInbound(mailId);
      if (!message) throw failure('not-found', `inbound mail ${mailId} of ${ref} is missing`);
      const parsed = await parseMessage(message.raw, mail.config.parseLimits);
      if (!parsed.ok)
        throw failure('validation', `inbound mail ${mailId} no longer parses: ${parsed.reason}`);
      const log = context.log.child({ ref });
      if (job.attempts > 1) {
        const existing = await tracker.findIssueByMarker(
          ticketMarker(ref, message.dedupeKey),
          new Date(message.receivedAt - 60_000).toISOString(),
        );
        if (existing) {
          log.info('issue found by marker; recorded without a second create', { issue: existing.number });
          return {
            status: 'done',
            note: 'reconciled',
            recordEffect: () => refs.setIssueNumber(ref, existing.number),
          };
        }
      }
      const rules = services.rules.current;
      const thread = mail.mailStore.thread(ref);
      const from = parsed.mail.from;
      const draft: TicketDraft = {
        channel: 'email',
        subject: normaliseSubject(parsed.mail.subject).subject,
        // A new ticket keeps the whole text: a forwarded message is the request itself, inline or attached.
        body: withAttachedMessages(
          parsed.mail.text,
          parsed.mail.attachedMessages,
          rules.desk.languages[0] ?? 'en',
        ),
        requester: { name: from?.name || from?.address.split('@')[0] || '', email: from?.address ?? '' },
        language: thread?.lang ?? record.lang,
        fields: {},
        labels: [],
        ...(thread && thread.cc.length > 0 ? { cc: thread.cc } : {}),
      };
      const workload = await loadWorkload(kv, tracker, rules, context.now);
      const decision = route(draft, rules, workload, new Date(context.now));
      const w = rules.desk.languages[0] === 'fr' ? words.fr : words.en;
      const expiresAt = Math.floor(context.now / 1000) + mail.config.attachmentLinkSeconds;
      const attachments = screenAttachments(parsed.mail.attachments, mail.config.attachmentLimits).map(
        (verdict, part): IssueAttachment => {
          if (!verdict.accepted) return { name: verdict.displayName, refused: verdict.reason };
          // Stored once per message and part: a retried create links the same file.
          const stored = keepMailAttachment(services.config.dataDir, mail.mailStore, mailId, part, verdict);
          return {
            name: stored.displayName,
            kind: stored.kind,
            size: stored.size,
            url: `${services.config.publicBotUrl ?? ''}${signFileUrl(stored.id, expiresAt, mail.fileSecret)}`,
          };
        },
      );
      let body = renderIssueBody(draft, { ref, key: message.dedupeKey, rules, decision, attachments });
      const tail = linkedRef ? `\n**${w.follows}** ${neutraliseLine(linkedRef, 40)}\n` : '';
      if (body.length + tail.length <= issueBodyMaxLength) body += tail;
      const issue: NewIssue = {
        title: ticketTitle(draft),
        body,
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
        if (!(error instanceof TrackerError) || error.code !== 'validation' || issue.assignees.length === 0)
          throw error;
        log.warn('GitHub refused the assignees; creating the issue unassigned', {
          assignees: issue.assignees,
        });
        // The second create is a write like the first: it waits for the budget too.
        const again = services.budget.take(context.now);
        if (!again.granted)
          return { status: 'defer', until: again.retryAt, reason: 'write budget', holdTracker: true };
        created = await tracker.createIssue({ ...issue, assignees: [] });
        issue.assignees = [];
      }
      crashPoint('after-create-post');
      services.metrics.count('repodesk_tickets_created_total', 'Issues created from accepted inputs.', {
        channel: 'email',
      });
      log.info('issue created from mail', { issue: created.number, matched: decision.matched });
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

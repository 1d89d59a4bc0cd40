// Turns a mail that opened a ticket into exactly one issue, routed like any ticket, through the same
// "ensure" as the form path (outbound/ensure-ticket-issue.ts: one write, never a second issue), then
// queues the automatic replies its routing names unless the sender is a robot. The sender is verified
// only when our MTA's Authentication-Results vouch for the From; when the address came from a later From
// address, Reply-To or Sender, the issue says which.

import {
  issueBodyMaxLength,
  renderIssueBody,
  ticketTitle,
  type IssueAttachment,
} from '../../intake/render-issue-body.ts';
import { neutraliseLine } from '../../intake/neutralise.ts';
import type { BotContext } from '../../context.ts';
import type { TicketDraft } from '../../tickets/types.ts';
import { ensureTicketIssue } from '../../outbound/ensure-ticket-issue.ts';
import type { JobKind } from '../../worker/worker.ts';
import { screenAttachments, signFileUrl } from '../../mail/attachments.ts';
import { queueAutoReplies } from '../../outbound/auto-replies.ts';
import { withAttachedMessages } from '../../mail/attached-messages.ts';
import { messagesFor } from '../../messages/index.ts';
import { keepMailAttachment } from './keep-mail-attachment.ts';
import { normaliseSubject } from '../../mail/normalise-subject.ts';
import { parseMessage } from '../../mail/parse-message.ts';
import { robotCheck } from '../../mail/robot-check.ts';
import { senderTrust } from '../../mail/sender-authentication.ts';

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

const headerNames = { from: 'From', 'reply-to': 'Reply-To', sender: 'Sender' } as const;

export function createEmailTicketJob(bot: BotContext): JobKind {
  return {
    kind: createEmailTicketJobKind,
    usesTracker: true,
    async run(job, context) {
      const { ref, mailId, linkedRef } = job.payload as CreateEmailTicketPayload;
      const { refs } = bot;
      const record = await refs.get(ref);
      if (!record) throw failure('not-found', `reference ${ref} is not in the store`);
      if (record.issueNumber !== undefined) return { status: 'done', note: 'issue already recorded' };
      const message = await bot.mail.mailStore.getInbound(mailId);
      if (!message) throw failure('not-found', `inbound mail ${mailId} of ${ref} is missing`);
      const parsed = await parseMessage(message.raw, bot.mail.config.parseLimits);
      if (!parsed.ok)
        throw failure('validation', `inbound mail ${mailId} no longer parses: ${parsed.reason}`);
      const rules = bot.rules.current;
      const thread = await bot.mail.mailStore.thread(ref);
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
        sender:
          senderTrust(parsed.mail, rules.desk.mail.authservId) === 'verified' ? 'verified' : 'unverified',
        ...(parsed.mail.attachments.length > 0 ? { attachments: parsed.mail.attachments.length } : {}),
      };
      const w = messagesFor(rules.desk.languages[0] ?? 'en').issueBody;
      const expiresAt = Math.floor(context.now / 1000) + bot.mail.config.attachmentLinkSeconds;
      const verdicts = await screenAttachments(parsed.mail.attachments, bot.mail.config.attachmentLimits);
      const issueAttachments = (): Promise<IssueAttachment[]> =>
        Promise.all(
          verdicts.map(async (verdict, part): Promise<IssueAttachment> => {
            if (!verdict.accepted) return { name: verdict.displayName, refused: verdict.reason };
            // Stored once per message and part: a retried create links the same file.
            const stored = await keepMailAttachment(
              bot.config.dataDir,
              bot.mail.mailStore,
              mailId,
              part,
              verdict,
            );
            return {
              name: stored.displayName,
              kind: stored.kind,
              size: stored.size,
              url: `${bot.config.publicBotUrl ?? ''}${signFileUrl(stored.id, expiresAt, bot.mail.fileSecret)}`,
            };
          }),
        );
      const desk = rules.desk;
      const robot = robotCheck(parsed.mail, { address: desk.mail.address, loopId: desk.mail.address });
      return ensureTicketIssue(
        bot,
        {
          ref,
          key: message.dedupeKey,
          receivedAt: message.receivedAt,
          draft,
          render: async (decision) => {
            let body = renderIssueBody(draft, {
              ref,
              key: message.dedupeKey,
              rules,
              decision,
              rulesVersion: bot.rules.version?.version ?? 'unversioned',
              attachments: await issueAttachments(),
              assist: { articles: bot.rules.articles, siteUrl: bot.config.publicSiteUrl },
            });
            const fallback = parsed.mail.senderFallback;
            const tail = [
              linkedRef ? `\n**${w.follows}** ${neutraliseLine(linkedRef, 40)}\n` : '',
              fallback
                ? `\n${w.senderFrom(headerNames[fallback.header], neutraliseLine(fallback.fromText, 200) || '—')}\n`
                : '',
            ].join('');
            if (body.length + tail.length <= issueBodyMaxLength) body += tail;
            return { title: ticketTitle(draft), body };
          },
          onRecorded: (decision) =>
            queueAutoReplies(bot, {
              ref,
              lang: draft.language,
              address: draft.requester.email,
              automated: robot.automated,
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

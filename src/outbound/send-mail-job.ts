// Sends one mail from the outbox. The key (e.g. `reply:comment:<id>`, `ack:<ref>`) makes it exactly-once
// on our side: a sent key is recorded and never sent again; the Message-ID is derived from the key, so if
// the process dies between the SMTP answer and the record, the resent copy is the same message (same
// Message-ID) that receiving servers and clients collapse. SMTP 4xx and timeouts retry with backoff; a
// 5xx dead-letters the job, and a recipient the server refused for good is marked undeliverable on the
// ticket (label included), as a bounce would.

import type { BotContext } from '../context.ts';
import type { JobKind } from '../worker/worker.ts';
import fs from 'node:fs';
import { composeMail, type ArticleSuggestion, type MailFile } from '../mail/compose.ts';
import { mediaTypeOf } from '../mail/attachments.ts';
import { storedAttachmentPath } from '../store/attachment-files.ts';
import { type EmailTemplateId } from '../rules/email-templates.ts';
import { pickTemplate } from '../mail/render-template.ts';
import { MailerError } from '../mailer/mailer.ts';
import { recordUndeliverable } from './label-undeliverable-job.ts';
import { surveyFor } from './satisfaction-survey.ts';
import { outgoingMessageId, replyToAddress, threadToken } from '../mail/thread-token.ts';

export const sendMailJobKind = 'mail-send';

export interface SendMailPayload {
  /** Exactly-once key of this mail. */
  key: string;
  template: EmailTemplateId;
  ref: string;
  lang: string;
  to: string[];
  cc: string[];
  variables: Record<string, string>;
  suggestions?: ArticleSuggestion[];
  /** Automatic mail (acknowledgement, notices): Auto-Submitted header; counted toward the hourly cap when queued. */
  automatic: boolean;
  /** Thread the mail under the ticket's earlier messages. */
  threaded: boolean;
  /** A resolution mail: it carries the satisfaction survey's links unless satisfaction-survey.ts refuses. */
  survey?: boolean;
  /** Files sent with it, stored under DATA_DIR/attachments: their id and the name shown. */
  attachments?: { id: string; name: string }[];
}

/** The stored files of `payload`, read for sending; a file no longer there fails the mail (never sent without it). */
function readAttachments(dataDir: string, payload: SendMailPayload): MailFile[] {
  return (payload.attachments ?? []).map((file) => {
    const stored = storedAttachmentPath(dataDir, file.id);
    if (!stored || !fs.existsSync(stored.file))
      throw failure('gone', `attachment ${file.id} of mail ${payload.key} is no longer stored`);
    return {
      filename: file.name,
      contentType: mediaTypeOf(stored.kind),
      content: fs.readFileSync(stored.file),
    };
  });
}

function failure(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

export function sendMailJob(bot: BotContext): JobKind {
  return {
    kind: sendMailJobKind,
    usesTracker: false,
    async run(job, context) {
      const payload = job.payload as SendMailPayload;
      if (await bot.mail.mailStore.wasSent(payload.key)) return { status: 'done', note: 'already sent' };
      if (!bot.mail.mailer)
        return { status: 'defer', until: context.now + 60_000, reason: 'SMTP_URL is not set' };
      const rules = bot.rules.current;
      const template = pickTemplate(bot.rules.emails, payload.template, payload.lang, rules.desk.languages);
      if (!template) throw failure('validation', `no email template "${payload.template}" in rules/emails`);
      const undeliverable = new Set((await bot.mail.mailStore.thread(payload.ref))?.undeliverable ?? []);
      const to = payload.to.filter((address) => !undeliverable.has(address.toLowerCase()));
      if (to.length === 0) return { status: 'done', note: 'every recipient is undeliverable' };
      const token = threadToken(payload.ref, bot.mail.threadSecret);
      // Our domain, right of the @ of the desk's address, as the rules in force give it.
      const domain = rules.desk.mail.address.slice(rules.desk.mail.address.lastIndexOf('@') + 1);
      const messageId = outgoingMessageId(token, payload.key, bot.mail.threadSecret, domain);
      const thread = payload.threaded
        ? (await bot.mail.mailStore.messageIds(payload.ref)).filter((id) => id !== messageId)
        : [];
      const desk = rules.desk;
      const survey = payload.survey
        ? await surveyFor(bot, { ref: payload.ref, address: to[0]!, now: context.now })
        : undefined;
      if (survey && 'refused' in survey)
        context.log.info('resolution mail sent without the survey', {
          ref: payload.ref,
          why: survey.refused,
        });
      const outgoing = composeMail({
        template,
        variables: {
          'desk.name': desk.name[payload.lang] ?? Object.values(desk.name)[0] ?? '',
          'desk.siteUrl': desk.siteUrl,
          ...payload.variables,
        },
        ...(payload.suggestions ? { suggestions: payload.suggestions } : {}),
        ...(survey && 'links' in survey ? { survey: survey.links } : {}),
        automatic: payload.automatic,
        from: { name: desk.mail.fromName, address: desk.mail.address },
        to,
        cc: payload.cc.filter((address) => !undeliverable.has(address.toLowerCase())),
        replyTo: replyToAddress(desk.mail.address, token),
        messageId,
        ...(thread.length > 0 ? { inReplyTo: thread[thread.length - 1], references: thread } : {}),
        loopId: desk.mail.address,
        attachments: readAttachments(bot.config.dataDir, payload),
      });
      let refused: string[];
      try {
        refused = (await bot.mail.mailer.send(outgoing)).undeliverable;
      } catch (error) {
        if (error instanceof MailerError && !error.transient) {
          await recordUndeliverable(bot, payload.ref, error.undeliverable, context.now);
          throw failure('gone', error.message);
        }
        throw failure('mail-unavailable', error instanceof Error ? error.message : String(error));
      }
      // Some recipients refused, the others served: the mail is sent, the refused ones are marked.
      await recordUndeliverable(bot, payload.ref, refused, context.now);
      bot.metrics.count('repodesk_mail_sent_total', 'Mail sent, by template.', {
        template: payload.template,
      });
      return {
        status: 'done',
        recordEffect: async () => {
          await bot.mail.mailStore.recordSent(payload.key, messageId, context.now);
          await bot.mail.mailStore.rememberMessageId(messageId, payload.ref, 'out', context.now);
        },
      };
    },
  };
}

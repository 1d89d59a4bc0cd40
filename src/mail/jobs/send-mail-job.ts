// Sends one mail from the outbox. The key (e.g. `reply:comment:<id>`, `ack:<ref>`) makes it exactly-once
// on our side: a sent key is recorded and never sent again; the Message-ID is derived from the key, so if
// the process dies between the SMTP answer and the record, the resent copy is the same message (same
// Message-ID) that receiving servers and clients collapse. SMTP 4xx and timeouts retry with backoff; a
// 5xx dead-letters the job, and a recipient the server refused for good is marked undeliverable on the
// ticket (label included), as a bounce would.

import type { BotServices } from '../../context.ts';
import type { JobKind } from '../../worker/worker.ts';
import { composeMail, type ArticleSuggestion } from '../compose.ts';
import { pickTemplate, type EmailTemplateId } from '../../rules/email-templates.ts';
import { mailServicesFor } from '../mail-services.ts';
import { MailerError } from '../../mailer/mailer.ts';
import { recordUndeliverable } from './label-undeliverable-job.ts';
import { outgoingMessageId, replyToAddress, threadToken } from '../thread-token.ts';

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
}

function failure(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

export function sendMailJob(services: BotServices): JobKind {
  return {
    kind: sendMailJobKind,
    usesTracker: false,
    async run(job, context) {
      const payload = job.payload as SendMailPayload;
      const mail = mailServicesFor(services);
      if (mail.mailStore.wasSent(payload.key)) return { status: 'done', note: 'already sent' };
      if (!mail.mailer)
        return { status: 'defer', until: context.now + 60_000, reason: 'SMTP_URL is not set' };
      const rules = services.rules.current;
      const template = pickTemplate(mail.templates, payload.template, payload.lang, rules.desk.languages);
      if (!template) throw failure('validation', `no email template "${payload.template}" in rules/emails`);
      const undeliverable = new Set(mail.mailStore.thread(payload.ref)?.undeliverable ?? []);
      const to = payload.to.filter((address) => !undeliverable.has(address.toLowerCase()));
      if (to.length === 0) return { status: 'done', note: 'every recipient is undeliverable' };
      const token = threadToken(payload.ref, mail.threadSecret);
      const messageId = outgoingMessageId(token, payload.key, mail.threadSecret, mail.domain);
      const thread = payload.threaded
        ? mail.mailStore.messageIds(payload.ref).filter((id) => id !== messageId)
        : [];
      const desk = rules.desk;
      const outgoing = composeMail({
        template,
        variables: {
          'desk.name': desk.name[payload.lang] ?? Object.values(desk.name)[0] ?? '',
          'desk.siteUrl': desk.siteUrl,
          ...payload.variables,
        },
        ...(payload.suggestions ? { suggestions: payload.suggestions } : {}),
        automatic: payload.automatic,
        from: { name: desk.mail.fromName, address: desk.mail.address },
        to,
        cc: payload.cc.filter((address) => !undeliverable.has(address.toLowerCase())),
        replyTo: replyToAddress(desk.mail.address, token),
        messageId,
        ...(thread.length > 0 ? { inReplyTo: thread[thread.length - 1], references: thread } : {}),
        loopId: desk.mail.address,
      });
      let refused: string[];
      try {
        refused = (await mail.mailer.send(outgoing)).undeliverable;
      } catch (error) {
        if (error instanceof MailerError && !error.transient) {
          recordUndeliverable(services, mail, payload.ref, error.undeliverable, context.now);
          throw failure('gone', error.message);
        }
        throw failure('mail-unavailable', error instanceof Error ? error.message : String(error));
      }
      // Some recipients refused, the others served: the mail is sent, the refused ones are marked.
      recordUndeliverable(services, mail, payload.ref, refused, context.now);
      services.metrics.count('repodesk_mail_sent_total', 'Mail sent, by template.', {
        template: payload.template,
      });
      return {
        status: 'done',
        recordEffect: () => {
          mail.mailStore.recordSent(payload.key, messageId, context.now);
          mail.mailStore.rememberMessageId(messageId, payload.ref, 'out', context.now);
        },
      };
    },
  };
}

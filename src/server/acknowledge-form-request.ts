// A form request gets the same acknowledgement mail as an emailed one (reference, status link, and the
// articles that might already answer its subject and description, as the form suggested them), queued
// in the transaction that accepts the submission, so it is sent exactly once, and within the desk's hourly
// cap of automatic mail per address. The mail itself (template, threading, SMTP) is the mail channel's.

import type { Submission } from '../forms/submission-schema.ts';
import { articleSuggestions } from '../mail/article-suggestions.ts';
import { sendMailJobKind, type SendMailPayload } from '../mail/jobs/send-mail-job.ts';
import { mailServicesFor } from '../mail/mail-services.ts';
import { mayAutoReply } from '../mail/robot-check.ts';
import type { BotServices } from './bot-services.ts';

const hourMs = 3_600_000;

/** Records the mail thread of `ref` and queues its acknowledgement (call inside the inbox transaction). */
export function acknowledgeFormRequest(
  services: BotServices,
  request: {
    ref: string;
    lang: string;
    submission: Submission;
    subject: string;
    statusUrl: string;
    now: number;
  },
): void {
  const address = request.submission.requester.email?.trim().toLowerCase();
  if (!address) return;
  const mail = mailServicesFor(services);
  const title = request.subject.slice(0, 200);
  // Replies by email to the acknowledgement land on this ticket.
  mail.mailStore.saveThread({ ref: request.ref, requester: address, cc: [], lang: request.lang, title });
  const sent = mail.mailStore.automaticMailSince(address, request.now - hourMs);
  if (!mayAutoReply(sent, services.rules.current.desk.mail.autoReplyLimitPerHour)) return;
  mail.mailStore.recordAutomaticMail(address, request.now);
  const name = request.submission.requester.name ?? '';
  const descriptionField = services.rules.current.forms[request.submission.form]?.repodesk.descriptionField;
  const answer = descriptionField === undefined ? undefined : request.submission.fields[descriptionField];
  const description = typeof answer === 'string' ? answer : '';
  const ack: SendMailPayload = {
    key: `ack:${request.ref}`,
    template: 'acknowledgement',
    ref: request.ref,
    lang: request.lang,
    to: [address],
    cc: [],
    variables: {
      'requester.name': name,
      'requester.firstName': name.trim().split(/\s+/)[0] ?? '',
      'requester.email': address,
      'ticket.ref': request.ref,
      'ticket.title': title,
      'ticket.statusUrl': request.statusUrl,
    },
    suggestions: articleSuggestions(services, `${request.subject}\n${description}`, request.lang),
    automatic: true,
    threaded: true,
  };
  services.jobs.enqueue(sendMailJobKind, ack, request.now);
}

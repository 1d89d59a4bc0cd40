// A form request gets the same acknowledgement mail as an emailed one (reference, status link, and the
// articles that might already answer its subject and description, as the form suggested them), queued
// in the transaction that accepts the submission, so it is sent exactly once, never to a robot's address
// (noreply@, postmaster@, our own) and within the desk's hourly cap of automatic mail per address. The
// mail itself (template, threading, SMTP) is the mail channel's.

import type { Submission } from '../../forms/submission-schema.ts';
import { articleSuggestions } from '../../mail/article-suggestions.ts';
import { takeAutomaticSlot } from '../../outbound/automatic-mail.ts';
import { sendMailJobKind, type SendMailPayload } from '../../outbound/send-mail-job.ts';
import { formAddressIsRobot } from '../../mail/robot-check.ts';
import type { BotContext } from '../../context.ts';

/** Records the mail thread of `ref` and queues its acknowledgement (call inside the inbox transaction). */
export function acknowledgeFormRequest(
  bot: BotContext,
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
  const title = request.subject.slice(0, 200);
  const name = request.submission.requester.name ?? '';
  // Replies by email to the acknowledgement land on this ticket; later mail greets the requester by name.
  bot.mail.mailStore.saveThread({
    ref: request.ref,
    requester: address,
    name,
    cc: [],
    lang: request.lang,
    title,
  });
  const automated = formAddressIsRobot(address, bot.rules.current.desk.mail.address);
  if (takeAutomaticSlot(bot, { address, automated, now: request.now }) !== undefined) return;
  const descriptionField = bot.rules.current.forms[request.submission.form]?.repodesk.descriptionField;
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
    suggestions: articleSuggestions(
      bot.rules.articles,
      bot.config.publicSiteUrl,
      `${request.subject}\n${description}`,
      request.lang,
    ),
    automatic: true,
    threaded: true,
  };
  bot.jobs.enqueue(sendMailJobKind, ack, request.now);
}

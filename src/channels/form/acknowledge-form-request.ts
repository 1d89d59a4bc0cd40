// A form request with an address starts a mail thread (replies by mail land on its ticket, later mail
// greets the requester by name) and gets the same acknowledgement as an emailed one
// (outbound/acknowledgement.ts), in the transaction that accepts the submission; an address that is a
// robot's (noreply@, postmaster@, our own) gets none.

import type { BotContext } from '../../context.ts';
import type { Submission } from '../../forms/submission-schema.ts';
import { formAddressIsRobot } from '../../mail/robot-check.ts';
import { queueAcknowledgement } from '../../outbound/acknowledgement.ts';

/** Records the mail thread of `ref` and queues its acknowledgement (call inside the inbox transaction). */
export async function acknowledgeFormRequest(
  bot: BotContext,
  request: {
    ref: string;
    lang: string;
    submission: Submission;
    subject: string;
    now: number;
  },
): Promise<void> {
  const address = request.submission.requester.email?.trim().toLowerCase();
  if (!address) return;
  const title = request.subject.slice(0, 200);
  const name = request.submission.requester.name ?? '';
  // Replies by email to the acknowledgement land on this ticket; later mail greets the requester by name.
  await bot.mail.mailStore.saveThread({
    ref: request.ref,
    requester: address,
    name,
    cc: [],
    lang: request.lang,
    title,
  });
  const descriptionField = bot.rules.current.forms[request.submission.form]?.repodesk.descriptionField;
  const answer = descriptionField === undefined ? undefined : request.submission.fields[descriptionField];
  const description = typeof answer === 'string' ? answer : '';
  await queueAcknowledgement(bot, {
    ref: request.ref,
    lang: request.lang,
    address,
    name,
    title,
    text: `${request.subject}\n${description}`,
    automated: formAddressIsRobot(address, bot.rules.current.desk.mail.address),
    now: request.now,
  });
}

// Whether a resolution mail carries the satisfaction survey, and its two links. Never to a robot (a
// noreply/mailer-daemon address, our own, or a requester whose mail was automatic: outbound/acknowledgement.ts
// records that), never to an address a bounce marked undeliverable, and not when the ticket's form or the
// requester's organisation opted out (`survey: false` in rules/forms/<id>.yaml or rules/customers.yaml).
// The links land on the bot (`/api/satisfaction/<ref>/<good|bad>?token=…`), signed for 30 days.

import type { BotContext } from '../context.ts';
import { formAddressIsRobot } from '../mail/robot-check.ts';
import { findOrganisation, indexDomains } from '../routing/find-organisation.ts';
import { signSurveyToken } from './survey-token.ts';

/** Why a resolution mail goes without the survey. */
export type SurveyRefusal =
  'robot' | 'undeliverable' | 'form-opt-out' | 'organisation-opt-out' | 'no-bot-url';

export interface SurveyLinks {
  good: string;
  bad: string;
}

/** The key in the key/value table saying ticket `ref`'s requester wrote as a robot (Auto-Submitted, bulk…). */
export function robotRequesterKey(ref: string): string {
  return `robot-requester:${ref}`;
}

/** The survey links of ticket `ref`'s resolution mail to `address`, or why it gets none. */
export async function surveyFor(
  bot: BotContext,
  ticket: { ref: string; address: string; now: number },
): Promise<{ links: SurveyLinks } | { refused: SurveyRefusal }> {
  const rules = bot.rules.current;
  const address = ticket.address.toLowerCase();
  if (
    formAddressIsRobot(address, rules.desk.mail.address) ||
    (await bot.kv.get(robotRequesterKey(ticket.ref)))
  )
    return { refused: 'robot' };
  if ((await bot.mail.mailStore.thread(ticket.ref))?.undeliverable.includes(address))
    return { refused: 'undeliverable' };
  const form = (await bot.refs.get(ticket.ref))?.form;
  if (form !== undefined && rules.forms[form]?.repodesk.survey === false) return { refused: 'form-opt-out' };
  const organisation = findOrganisation(rules.customers, indexDomains(rules.customers), { email: address });
  if (organisation.organisation?.survey === false) return { refused: 'organisation-opt-out' };
  const base = bot.config.publicBotUrl;
  if (base === undefined) return { refused: 'no-bot-url' };
  const token = signSurveyToken(bot.surveySecret, ticket.ref, ticket.now);
  const link = (rating: string) =>
    `${base}/api/satisfaction/${encodeURIComponent(ticket.ref)}/${rating}?token=${encodeURIComponent(token)}`;
  return { links: { good: link('good'), bad: link('bad') } };
}

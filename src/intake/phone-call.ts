// A phone call a desk agent logged with a `channel: phone` issue form, read from the form's answers: who
// called (the `requester-email`, `requester-name` and `requester-phone` inputs), how the call ended (the
// `outcome` dropdown, by option position: resolved on the call, follow-up needed, call back) and the
// category chosen (a desk category by its name in any language). Values the bot cannot take as they are (an
// address that is not one, a phone number with markup) are not taken: the problems are listed, each naming
// the form's section, what was expected and what was found (neutralised), for the agent's note. Pure.

import { normaliseAddress } from '../mail/read-addresses.ts';
import { messagesFor } from '../messages/index.ts';
import type { RequestForm, Rules } from '../rules/types.ts';
import { neutraliseLine } from './neutralise.ts';

/** How the call ended, in the order of the form's `outcome` options. */
const callOutcomes = ['resolved', 'follow-up', 'call-back'] as const;
type CallOutcome = (typeof callOutcomes)[number];

interface PhoneCall {
  /** The caller, when every value given for them is acceptable. */
  requester?: { email: string; name: string; phone?: string };
  outcome?: CallOutcome;
  /** The desk category id chosen on the form. */
  category?: string;
  /** One line per refused value, in the desk's language (empty: nothing refused). */
  problems: string[];
}

/** Digits, spaces and the punctuation people write numbers with: never markup or a link. */
const phonePattern = /^\+?[0-9][0-9 ().\-/]{2,39}$/;
/** Characters that have no place in a person's name and could act in a mail header or in Markdown. */
const refusedInName = /[<>@\p{Cc}]/u;

/** The reading of `fields`, answers to the phone form `form` (GitHub writes them in the form file's language). */
export function readPhoneCall(
  form: RequestForm,
  fields: Readonly<Record<string, string | string[]>>,
  rules: Rules,
): PhoneCall {
  const w = messagesFor(rules.desk.languages[0] ?? 'en').phoneCall;
  const answer = (id: string): string => {
    const value = fields[id];
    return (Array.isArray(value) ? value.join(', ') : (value ?? '')).trim();
  };
  const label = (id: string): string => {
    const item = form.body.find((candidate) => candidate.type !== 'markdown' && candidate.id === id);
    return item && item.type !== 'markdown' ? neutraliseLine(item.attributes.label, 200) : id;
  };
  const shown = (text: string) => neutraliseLine(text, 100);
  const problems: string[] = [];

  const given = answer('requester-email');
  const email = normaliseAddress(given);
  if (email === '') problems.push(w.notAddress(label('requester-email'), shown(given)));
  const name = answer('requester-name');
  if (refusedInName.test(name)) problems.push(w.badName(label('requester-name'), shown(name)));
  const phone = answer('requester-phone');
  if (phone !== '' && !phonePattern.test(phone))
    problems.push(w.badPhone(label('requester-phone'), shown(phone)));

  const outcomeItem = form.body.find((item) => item.type === 'dropdown' && item.id === 'outcome');
  const position =
    outcomeItem?.type === 'dropdown' ? outcomeItem.attributes.options.indexOf(answer('outcome')) : -1;
  const chosen = answer('category').toLowerCase();
  const category = rules.desk.categories.find((candidate) =>
    Object.values(candidate.name).some((text) => text.toLowerCase() === chosen),
  );
  return {
    ...(problems.length === 0 ? { requester: { email, name, ...(phone === '' ? {} : { phone }) } } : {}),
    ...(position === -1 ? {} : { outcome: callOutcomes[position] }),
    ...(category && chosen !== '' ? { category: category.id } : {}),
    problems,
  };
}

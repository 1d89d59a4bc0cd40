// The issue title: the form's title prefix and the customer's subject, neutralised and at most 200 UTF-16
// units, the unit GitHub counts its 256 in (an emoji is two): counted in characters, a subject of emoji
// within the form's limit made a title GitHub refused, and the accepted request was never created. A cut
// title ends with `…`; the whole subject stays in the issue body.

import { messagesFor } from '../messages/index.ts';
import type { RequestForm } from '../rules/types.ts';
import type { TicketDraft } from '../tickets/types.ts';
import { neutraliseLine } from './neutralise.ts';

/** The title limit, in UTF-16 units (GitHub allows 256; 200 keeps lists readable). */
export const titleMaxLength = 200;

function fullTitle(draft: TicketDraft, form?: RequestForm): string {
  const prefix = form?.title ?? '';
  const subject =
    draft.subject.trim() === '' ? messagesFor(draft.language).ticketTitle.noSubject : draft.subject;
  return `${prefix}${subject}`;
}

/** The title of the issue for `draft`, prefixed with `form.title` when the draft came from a form. */
export function ticketTitle(draft: TicketDraft, form?: RequestForm): string {
  return neutraliseLine(fullTitle(draft, form), titleMaxLength, 'title');
}

/** Whether `ticketTitle` had to cut the subject (the body then carries it whole). */
export function titleIsCut(draft: TicketDraft, form?: RequestForm): boolean {
  const whole = fullTitle(draft, form);
  return ticketTitle(draft, form) !== neutraliseLine(whole, Number.MAX_SAFE_INTEGER, 'title');
}

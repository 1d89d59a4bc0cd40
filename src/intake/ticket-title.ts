// The issue title: the form's title prefix and the customer's subject, neutralised and at most 200
// characters (GitHub allows 256; 200 keeps lists readable and matches the form's limit).

import type { RequestForm } from '../rules/types.ts';
import type { TicketDraft } from '../tickets/types.ts';
import { neutraliseLine } from './neutralise.ts';

export const titleMaxLength = 200;

const noSubject: Record<string, string> = { fr: '(sans objet)', en: '(no subject)' };

/** The title of the issue for `draft`, prefixed with `form.title` when the draft came from a form. */
export function ticketTitle(draft: TicketDraft, form?: RequestForm): string {
  const prefix = form?.title ?? '';
  const subject = draft.subject.trim() === '' ? (noSubject[draft.language] ?? noSubject.en) : draft.subject;
  return neutraliseLine(`${prefix}${subject}`, titleMaxLength, 'title');
}

// A validated form submission as a ticket draft: the subject and description from the fields the form
// names, answers translated back to the form file's own option labels (what routing rules and agents
// read). A form proves nothing about the address typed in it (anyone can type a key account's), so its
// sender is `unverified`: the domain names no organisation and grants no tier (routing says so).

import { fieldTexts } from '../forms/field-texts.ts';
import type { Submission } from '../forms/submission-schema.ts';
import type { RequestForm, Rules } from '../rules/types.ts';
import type { TicketDraft } from '../tickets/types.ts';

/** Draft field key that keeps the organisation the requester typed (form field ids cannot contain a dot). */
export const declaredOrganisationField = 'requester.organisation';

function canonical(value: string, options: readonly string[], canonicalOptions: readonly string[]): string {
  const index = options.indexOf(value);
  return index === -1 ? value : (canonicalOptions[index] ?? value);
}

/** Builds the draft of a submission of `form` that passed `validateSubmission`. */
export function draftFromSubmission(submission: Submission, form: RequestForm, _rules: Rules): TicketDraft {
  const fields: Record<string, string | string[]> = {};
  for (const field of fieldTexts(form, submission.lang)) {
    const answer = submission.fields[field.id];
    if (answer === undefined) continue;
    if (field.type === 'checkboxes') {
      const ticked = (answer as boolean[]).flatMap((checked, index) =>
        checked ? [field.canonicalOptions[index] ?? ''] : [],
      );
      fields[field.id] = ticked;
    } else if (Array.isArray(answer)) {
      fields[field.id] = answer.map((value) =>
        canonical(String(value), field.options, field.canonicalOptions),
      );
    } else if (field.type === 'dropdown') {
      if (answer !== '') fields[field.id] = canonical(answer, field.options, field.canonicalOptions);
    } else {
      fields[field.id] = answer;
    }
  }

  const { name = '', email = '', phone, organisation: declared } = submission.requester;
  // A typed organisation name is kept for agents but never grants a customer's tier (anyone can type
  // "Banque Arvel"), and neither does a typed address: the form's sender is unverified.
  if (declared !== undefined && declared.trim() !== '') fields[declaredOrganisationField] = declared.trim();

  const text = (id: string): string => {
    const value = fields[id];
    return typeof value === 'string' ? value.trim() : '';
  };
  return {
    channel: 'web',
    form: submission.form,
    subject: text(form.repodesk.subjectField),
    body: text(form.repodesk.descriptionField),
    requester: {
      name: name.trim(),
      email: email.trim(),
      ...(phone !== undefined && phone.trim() !== '' ? { phone: phone.trim() } : {}),
    },
    language: submission.lang,
    fields,
    labels: [...(form.labels ?? [])],
    sender: 'unverified',
    ...(submission.attachments && submission.attachments.length > 0
      ? { attachments: submission.attachments.length }
      : {}),
  };
}

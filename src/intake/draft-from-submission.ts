// A validated form submission as a ticket draft: the subject and description from the fields the form
// names, answers translated back to the form file's own option labels (what routing rules and agents
// read), and the organisation from the requester's email domain.

import { fieldTexts } from '../forms/field-texts.ts';
import type { Submission } from '../forms/submission-schema.ts';
import { findOrganisation, indexDomains } from '../routing/find-organisation.ts';
import type { RequestForm, Rules } from '../rules/types.ts';
import type { TicketDraft } from '../tickets/types.ts';

/** Draft field key that keeps the organisation the requester typed (form field ids cannot contain a dot). */
export const declaredOrganisationField = 'requester.organisation';

function canonical(value: string, options: readonly string[], canonicalOptions: readonly string[]): string {
  const index = options.indexOf(value);
  return index === -1 ? value : (canonicalOptions[index] ?? value);
}

/** Builds the draft of a submission of `form` that passed `validateSubmission`. */
export function draftFromSubmission(submission: Submission, form: RequestForm, rules: Rules): TicketDraft {
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
  // Only the email domain says which customer this is: a typed organisation name is kept for agents but
  // never grants a customer's tier (anyone can type "Banque Arvel").
  const match = findOrganisation(rules.customers, indexDomains(rules.customers), { email });
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
      ...(match.organisation ? { organisation: match.organisation.id } : {}),
    },
    language: submission.lang,
    fields,
    labels: [...(form.labels ?? [])],
  };
}

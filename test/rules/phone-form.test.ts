// A `channel: phone` form (an agent's call log, rules/forms/) is read by the bot through fixed field ids: the
// caller's address (`requester-email`, required) and the call's outcome (`outcome`, three options in order).
// `repodesk validate` refuses a phone form without them, saying where, what it found and what to add, so a
// desk never ships a call form whose calls could not be acknowledged.
import { describe, expect, it } from 'vitest';
import { formatProblem, loadRules } from '../../src/rules/load-rules.ts';
import { deskFixture } from '../support/desk-fixture.ts';

const now = new Date('2026-11-22T12:00:00Z');

/** A phone form of the base desk with `items` as its body. */
const phoneForm = (items: string) => `name: Appel
description: Consigner un appel.
body:
${items}
repodesk:
  channel: phone
  category: billing
  subjectField: summary
  descriptionField: summary
`;

const email = (required: boolean) => `  - type: input
    id: requester-email
    attributes: { label: Adresse }
    validations: { required: ${required} }`;
const summary = `  - type: textarea
    id: summary
    attributes: { label: Résumé }`;
const outcome = (options: string[]) => `  - type: dropdown
    id: outcome
    attributes: { label: Issue, options: [${options.join(', ')}] }`;

async function errorsOf(form: string): Promise<string[]> {
  const root = deskFixture('base', { 'rules/forms/appel.yaml': form });
  const { problems } = await loadRules(root, { now });
  return problems.filter((problem) => problem.severity === 'error').map(formatProblem);
}

describe('a phone form in rules/forms/', () => {
  it('with a required requester-email input and a three-option outcome dropdown is valid', async () => {
    expect(
      await errorsOf(phoneForm([email(true), summary, outcome(['Résolu', 'Suivi', 'Rappel'])].join('\n'))),
    ).toEqual([]);
  });

  it.each([
    [
      'no requester-email input',
      [summary, outcome(['Résolu', 'Suivi', 'Rappel'])],
      'rules/forms/appel.yaml:11:12 error repodesk.channel: a phone form needs a required input with id "requester-email" (the caller\'s address), found none; add it, with validations: { required: true }',
    ],
    [
      'an optional requester-email',
      [email(false), summary, outcome(['Résolu', 'Suivi', 'Rappel'])],
      'rules/forms/appel.yaml:4:5 error body[0]: a phone form needs a required input with id "requester-email" (the caller\'s address), found an input that is not required; add it, with validations: { required: true }',
    ],
    [
      'an outcome of two options',
      [email(true), summary, outcome(['Résolu', 'Suivi'])],
      'rules/forms/appel.yaml:11:5 error body[2]: a phone form needs a dropdown with id "outcome" of three options in this order: resolved on the call, follow-up needed, call back; found a dropdown of 2',
    ],
  ])('with %s is refused, naming what to add', async (_, items, message) => {
    expect(await errorsOf(phoneForm(items.join('\n')))).toEqual([message]);
  });
});

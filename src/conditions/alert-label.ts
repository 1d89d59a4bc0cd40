// `alert-label`: a label of a monitoring alert (channel `alert`) has one of some values.
import type { ConditionKey, Words } from './condition-key.ts';
import { describeValues } from './describe-values.ts';
import { listOf, oneOrMany, subsetOf, type OneOrMany } from './one-or-many.ts';
import { policyRefusal } from './policy-refusal.ts';
import { expected, quote } from './value-match.ts';

/** Matches one label of an alert. */
export interface AlertLabelMatch {
  /** The label's name, as the monitoring system writes it (`team`, `service`, `env`). */
  name: string;
  equals: OneOrMany<string>;
}

const words: Words = { fr: 'alerte dont l’étiquette {name} vaut {v}', en: 'alert whose label {name} is {v}' };

export const alertLabel: ConditionKey<'alert-label', AlertLabelMatch, 'routing'> = {
  key: 'alert-label',
  grammars: ['routing'],
  refused: { policy: policyRefusal('alert labels') },
  schema: {
    type: 'object',
    description:
      "A label of a monitoring alert (channel `alert`): Alertmanager and Grafana labels, the generic format's `labels`. Names compare exactly, values whatever their case.",
    properties: {
      name: { type: 'string', minLength: 1, description: "The label's name.", examples: ['team'] },
      equals: oneOrMany('Matches when the label has one of these values.', ['billing']),
    },
    required: ['name', 'equals'],
    additionalProperties: false,
    examples: [{ name: 'team', equals: 'billing' }],
  },
  compile({ name, equals }) {
    const values = listOf(equals);
    const wanted = new Set(values.map((value) => value.toLowerCase()));
    const wantedText = expected(values);
    return ({ request }) => {
      const found = request.alert?.labels[name];
      if (found === undefined) return { ok: false, why: `no alert label ${quote(name)}` };
      return wanted.has(found.toLowerCase())
        ? { ok: true, why: `alert label ${name}=${quote(found)} matched` }
        : { ok: false, why: `alert label ${name}=${quote(found)} is not ${wantedText}` };
    };
  },
  implies: (narrow, wide) => narrow.name === wide.name && subsetOf(narrow.equals, wide.equals),
  describe: (value, context) =>
    describeValues(
      { fr: words.fr.replace('{name}', value.name), en: words.en.replace('{name}', value.name) },
      value.equals,
      context,
    ),
};

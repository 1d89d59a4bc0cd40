// `field`: a form field's answer equals, contains or matches something.
import type { ConditionFacts } from './condition-facts.ts';
import type { ConditionKey, Words } from './condition-key.ts';
import { inLanguage, orWord } from './describe-values.ts';
import { foldText } from './fold-text.ts';
import { checkIds, listOf, oneOrMany, subsetOf, type OneOrMany } from './one-or-many.ts';
import { policyRefusal } from './policy-refusal.ts';
import { checkPattern, quoted, rulePattern } from './text-match.ts';
import { expected, quote } from './value-match.ts';

/** Matches a form field's answer. */
export interface FieldMatch {
  id: string;
  equals?: OneOrMany<string>;
  contains?: string[];
  matches?: string;
}

function foldedAnswer(facts: ConditionFacts, value: string): string {
  facts.foldedAnswers ??= new Map();
  let folded = facts.foldedAnswers.get(value);
  if (folded === undefined) {
    folded = foldText(value);
    facts.foldedAnswers.set(value, folded);
  }
  return folded;
}

/** A field condition matches when any of equals, contains, matches does; validation wants one at least. */
const testOmitted = 'not tested (a field condition needs at least one of `equals`, `contains`, `matches`)';

const equalTo: Words = { fr: 'champ {id} égal à {v}', en: 'field {id} equal to {v}' };
const containing: Words = { fr: 'champ {id} contenant {v}', en: 'field {id} containing {v}' };
const matching: Words = { fr: 'champ {id} correspondant à {v}', en: 'field {id} matching {v}' };

export const field: ConditionKey<'field', FieldMatch, 'routing'> = {
  key: 'field',
  grammars: ['routing'],
  refused: { policy: policyRefusal('form answers') },
  schema: {
    type: 'object',
    description: "A form field's answer.",
    properties: {
      id: {
        type: 'string',
        minLength: 1,
        description: 'The field `id` in the form.',
        examples: ['impact'],
      },
      equals: {
        ...oneOrMany('Matches when the answer equals one of these values (a dropdown option, text).', [
          "Toute l'entreprise",
        ]),
        'x-when-omitted': testOmitted,
      },
      contains: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        minItems: 1,
        description: 'Words or phrases; any one found in the answer matches.',
        'x-when-omitted': testOmitted,
        examples: [['urgent']],
      },
      matches: {
        type: 'string',
        minLength: 1,
        description:
          'A regular expression in JavaScript syntax, matched case-insensitively against the answer in linear time (no backreferences or lookaround).',
        'x-when-omitted': testOmitted,
        examples: ['^FR\\d{2}'],
      },
    },
    required: ['id'],
    additionalProperties: false,
    examples: [{ id: 'impact', equals: "Toute l'entreprise" }],
  },
  check(value, path, context) {
    const { equals, contains, matches } = value;
    if (equals === undefined && contains === undefined && matches === undefined) {
      context.report({
        path: [...path, 'field'],
        severity: 'error',
        message: `field condition on "${value.id}" tests nothing and so never matches: add equals, contains or matches (e.g. equals: "…")`,
      });
    }
    // Without any valid form there is nothing to compare with (and every form failing says so already).
    if (context.known.fields.size > 0)
      checkIds(
        value.id,
        [...path, 'field', 'id'],
        context.known.fields,
        'form field',
        'form fields',
        context,
      );
    checkPattern(matches, [...path, 'field', 'matches'], context);
  },
  compile(match, { where }) {
    const equals = listOf(match.equals);
    const foldedEquals = equals.map((value) => foldText(value));
    const phrases = (match.contains ?? []).map((phrase) => ({ phrase, folded: foldText(phrase) }));
    const pattern =
      match.matches === undefined ? undefined : rulePattern(match.matches, `${where}.field.matches`);
    const name = `field ${match.id}`;
    const failures = [
      equals.length > 0 ? `does not equal ${expected(equals)}` : '',
      phrases.length > 0 ? `contains none of ${phrases.map((entry) => quote(entry.phrase)).join(', ')}` : '',
      pattern ? `does not match /${pattern.source}/i` : '',
    ].filter(Boolean);
    return (facts) => {
      const answer = facts.request.fields[match.id];
      const answers = answer === undefined ? [] : Array.isArray(answer) ? answer : [answer];
      if (answers.length === 0 || answers.every((value) => value.trim() === '')) {
        return { ok: false, why: `${name} has no answer` };
      }
      // A list answer (several options) matches when any of its items matches.
      for (const value of answers) {
        const folded = foldedAnswer(facts, value);
        const equal = foldedEquals.indexOf(folded);
        if (equal !== -1) return { ok: true, why: `${name} equals ${quote(equals[equal] ?? '')}` };
        const phrase = phrases.find((entry) => folded.includes(entry.folded));
        if (phrase) return { ok: true, why: `${name} contains ${quote(phrase.phrase)}` };
        if (pattern?.test(value)) return { ok: true, why: `${name} matches /${pattern.source}/i` };
      }
      return { ok: false, why: `${name} ${failures.join(' and ') || 'has nothing to match'}` };
    };
  },
  implies: (narrow, wide) =>
    narrow.id === wide.id &&
    subsetOf(listOf(narrow.equals), listOf(wide.equals)) &&
    subsetOf(narrow.contains ?? [], wide.contains ?? []) &&
    (narrow.matches === undefined || narrow.matches === wide.matches),
  describe: (match, { lang }) => {
    const or = ` ${inLanguage(orWord, lang)} `;
    const fill = (template: Words, value: string) =>
      inLanguage(template, lang).replace('{id}', match.id).replace('{v}', value);
    return [
      match.equals === undefined
        ? ''
        : fill(
            equalTo,
            listOf(match.equals)
              .map((value) => quoted(value, lang))
              .join(or),
          ),
      match.contains === undefined
        ? ''
        : fill(containing, match.contains.map((value) => quoted(value, lang)).join(or)),
      match.matches === undefined ? '' : fill(matching, `/${match.matches}/`),
    ]
      .filter(Boolean)
      .join(or);
  },
};

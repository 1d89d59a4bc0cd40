// What `subject`, `body` and `text` share: words or phrases found case- and accent-insensitively, or a
// regular expression run in linear time.
import type { ConditionFacts, Matcher, Outcome, TextPart } from './condition-facts.ts';
import type { CheckContext, ConditionKey, Path, SchemaFragment, Words } from './condition-key.ts';
import { inLanguage, orWord } from './describe-values.ts';
import { policyRefusal } from './policy-refusal.ts';
import { foldText } from './fold-text.ts';
import { subsetOf } from './one-or-many.ts';
import { lowerForLiterals } from './required-literals.ts';
import { compileRulePattern, type RulePattern } from './rule-pattern.ts';
import { quote } from './value-match.ts';

/** Matches text case- and accent-insensitively: any whole word/phrase of `contains`, or the regex. */
export interface TextMatch {
  contains?: string[];
  /** A regular expression in JavaScript syntax, matched case-insensitively in linear time (see rule-pattern.ts). */
  matches?: string;
}

const description =
  'Matches text case- and accent-insensitively: any whole word or phrase of `contains`, or the regular expression `matches`.';

/** The schema of a text match on `what` (`The ticket subject.`). */
function textMatchSchema(what: string): SchemaFragment {
  return {
    type: 'object',
    description: `${what} ${description}`,
    properties: {
      contains: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        minItems: 1,
        description: 'Words or phrases; any one found as a whole word matches.',
        'x-when-omitted': 'only `matches` is tested',
        examples: [['facture', 'invoice']],
      },
      matches: {
        type: 'string',
        minLength: 1,
        description:
          'A regular expression in JavaScript syntax, matched case-insensitively (`i` flag) in linear time, so no text can stall the bot: backreferences (`\\1`) and lookaround (`(?=…)`, `(?<!…)`) are refused; `\\p{L}` is a Unicode class.',
        'x-when-omitted': 'only `contains` is tested',
        examples: ['\\bINV-\\d{6}\\b'],
      },
    },
    additionalProperties: false,
    minProperties: 1,
    examples: [{ contains: ['facture', 'invoice'] }],
  };
}

/** Reports a `matches:` pattern the linear-time engine cannot run, with what to write instead. */
export function checkPattern(source: string | undefined, path: Path, context: CheckContext): void {
  if (source === undefined) return;
  const compiled = compileRulePattern(source);
  if ('problem' in compiled) context.report({ path, severity: 'error', message: compiled.problem });
}

/** A text match is "any phrase of contains, or the pattern": fewer alternatives imply more. */
function textImplies(narrow: TextMatch, wide: TextMatch): boolean {
  if (!subsetOf(narrow.contains, wide.contains)) return false;
  return narrow.matches === undefined || narrow.matches === wide.matches;
}

/** A rule's pattern, compiled; throws on a pattern validation should have refused. */
export function rulePattern(source: string, where: string): RulePattern {
  const compiled = compileRulePattern(source);
  if ('problem' in compiled) throw new Error(`${where}: ${compiled.problem}`);
  return compiled.pattern;
}

function rawPart(facts: ConditionFacts, part: TextPart): string {
  const { subject, body } = facts.request;
  if (part === 'subject') return subject;
  if (part === 'body') return body;
  facts.text ??= `${subject}\n${body}`;
  return facts.text;
}

function foldedPart(facts: ConditionFacts, part: TextPart): string {
  let folded = facts.folded[part];
  if (folded === undefined) {
    folded = foldText(rawPart(facts, part));
    facts.folded[part] = folded;
  }
  return folded;
}

function loweredPart(facts: ConditionFacts, part: TextPart): string {
  facts.lowered ??= {};
  let lowered = facts.lowered[part];
  if (lowered === undefined) {
    lowered = lowerForLiterals(rawPart(facts, part));
    facts.lowered[part] = lowered;
  }
  return lowered;
}

function wordsOf(facts: ConditionFacts, part: TextPart): Set<string> {
  facts.words ??= {};
  let words = facts.words[part];
  if (words === undefined) {
    words = new Set(foldedPart(facts, part).split(' '));
    facts.words[part] = words;
  }
  return words;
}

/** Matches when `part` contains one of the phrases (whole words, folded) or matches the pattern. */
function compileText(part: TextPart, match: TextMatch, where: string): Matcher {
  // Trace texts are built once here, not for every ticket.
  const phrases = (match.contains ?? [])
    .map((phrase) => {
      const folded = foldText(phrase);
      const found: Outcome = { ok: true, why: `${part} contains ${quote(phrase)}` };
      return { phrase, folded, words: folded.trim().split(' '), found };
    })
    .filter((entry) => entry.folded !== ' ');
  const pattern = match.matches === undefined ? undefined : rulePattern(match.matches, where);
  const matched: Outcome = {
    ok: true,
    why: pattern === undefined ? '' : `${part} matches /${pattern.source}/i`,
  };
  const failed = [
    phrases.length > 0 ? `contains none of ${phrases.map((entry) => quote(entry.phrase)).join(', ')}` : '',
    pattern ? `does not match /${pattern.source}/i` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const failure: Outcome = { ok: false, why: `${part} ${failed || 'has no keyword or pattern to match'}` };
  return (facts) => {
    if (phrases.length > 0) {
      const words = wordsOf(facts, part);
      for (const entry of phrases) {
        // A phrase can only be there if each of its words is; only then look for the words in order.
        if (!entry.words.every((word) => words.has(word))) continue;
        if (entry.words.length === 1 || foldedPart(facts, part).includes(entry.folded)) {
          return entry.found;
        }
      }
    }
    if (pattern?.test(rawPart(facts, part), loweredPart(facts, part))) return matched;
    return failure;
  };
}

const containing: Words = { fr: '{part} contenant {v}', en: '{part} containing {v}' };
const matching: Words = { fr: '{part} correspondant à {v}', en: '{part} matching {v}' };

/** `objet contenant « facture » ou « invoice »`, `subject matching /INV-\d+/`. */
function describeText(part: Words, match: TextMatch, lang: string): string {
  const or = ` ${inLanguage(orWord, lang)} `;
  const fill = (template: Words, value: string) =>
    inLanguage(template, lang).replace('{part}', inLanguage(part, lang)).replace('{v}', value);
  return [
    match.contains ? fill(containing, match.contains.map((phrase) => quoted(phrase, lang)).join(or)) : '',
    match.matches === undefined ? '' : fill(matching, `/${match.matches}/`),
  ]
    .filter(Boolean)
    .join(or);
}

const quotes: Words = { fr: '« {v} »', en: '"{v}"' };

/** « facture » in French, "facture" in English (and any language without its own quotes). */
export function quoted(text: string, lang: string): string {
  return ((quotes as Record<string, string>)[lang] ?? quotes.en).replace('{v}', () => text);
}

/**
 * The condition key testing one part of the request's text (`subject`, `body`, or both as `text`): its schema,
 * pattern check, matcher, implication and words. `what` names the part in the schema and in the SLA refusal.
 */
export function textKey<K extends TextPart>(
  key: K,
  what: { schema: string; refusal: string; words: Words },
): ConditionKey<K, TextMatch, 'routing'> {
  return {
    key,
    grammars: ['routing'],
    refused: { policy: policyRefusal(what.refusal) },
    schema: textMatchSchema(what.schema),
    check(value, path, context) {
      checkPattern(value.matches, [...path, key, 'matches'], context);
    },
    compile: (value, { where }) => compileText(key, value, `${where}.${key}`),
    implies: textImplies,
    describe: (value, { lang }) => describeText(what.words, value, lang),
  };
}

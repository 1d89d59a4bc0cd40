// What `subject`, `body` and `text` share: words or phrases found case- and accent-insensitively, or a
// regular expression run in linear time.
import type { CheckContext, Path, SchemaFragment } from './condition-key.ts';
import { subsetOf } from './one-or-many.ts';
import { compileRulePattern } from './rule-pattern.ts';

/** Matches text case- and accent-insensitively: any whole word/phrase of `contains`, or the regex. */
export interface TextMatch {
  contains?: string[];
  /** A regular expression in JavaScript syntax, matched case-insensitively in linear time (see rule-pattern.ts). */
  matches?: string;
}

const description =
  'Matches text case- and accent-insensitively: any whole word or phrase of `contains`, or the regular expression `matches`.';

/** The schema of a text match on `what` (`The ticket subject.`). */
export function textMatchSchema(what: string): SchemaFragment {
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
export function textImplies(narrow: TextMatch, wide: TextMatch): boolean {
  if (!subsetOf(narrow.contains, wide.contains)) return false;
  return narrow.matches === undefined || narrow.matches === wide.matches;
}

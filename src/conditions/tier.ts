// `tier`: the tier of the requester's organisation.
import type { ConditionKey } from './condition-key.ts';
import { describeValues } from './describe-values.ts';
import { checkIds, listOf, oneOrMany, subsetOf, type OneOrMany } from './one-or-many.ts';
import { expected, quote } from './value-match.ts';

export const tier: ConditionKey<'tier', OneOrMany<string>> = {
  key: 'tier',
  grammars: ['routing', 'policy'],
  schema: oneOrMany("Id of the organisation's tier (from `customers.yaml`).", ['vip']),
  check(value, path, context) {
    checkIds(value, [...path, 'tier'], context.known.tiers, 'tier', 'tiers', context);
  },
  compile(value) {
    const values = listOf(value);
    const wantedText = expected(values);
    const wanted = new Set(values.map((id) => id.toLowerCase()));
    return ({ organisation: { tier, how } }) => {
      if (tier === undefined) return { ok: false, why: `tier: ${how}, so no tier, not ${wantedText}` };
      return wanted.has(tier.toLowerCase())
        ? { ok: true, why: `tier ${quote(tier)} matched (${how})` }
        : { ok: false, why: `tier ${quote(tier)} is not ${wantedText} (${how})` };
    };
  },
  implies: subsetOf,
  describe: (value, context) =>
    describeValues({ fr: 'niveau de contrat {v}', en: 'contract tier {v}' }, value, context),
};

// `severity`: the severity a monitoring alert carries (channel `alert`).
import type { ConditionKey } from './condition-key.ts';
import { describeValues } from './describe-values.ts';
import { listOf, oneOrMany, subsetOf, type OneOrMany } from './one-or-many.ts';
import { policyRefusal } from './policy-refusal.ts';
import { compileValues } from './value-match.ts';

export const severity: ConditionKey<'severity', OneOrMany<string>, 'routing'> = {
  key: 'severity',
  grammars: ['routing'],
  refused: { policy: policyRefusal('alert severity') },
  schema: oneOrMany(
    "Severity of a monitoring alert (channel `alert`): the alert's `severity` label, or the generic format's `severity` (`critical`, `warning`, `info`…). Other channels have none.",
    ['critical', ['critical', 'page']],
  ),
  compile: (value) =>
    compileValues('severity', listOf(value), (facts) =>
      facts.request.alert?.severity === undefined
        ? undefined
        : { value: facts.request.alert.severity, source: 'the alert' },
    ),
  implies: subsetOf,
  describe: (value, context) =>
    describeValues({ fr: 'alerte de sévérité {v}', en: 'alert of severity {v}' }, value, context),
};

// `channel`: where the ticket came from.
import type { ConditionKey } from './condition-key.ts';
import { describeValues } from './describe-values.ts';
import { checkIds, listOf, oneOrMany, subsetOf, type OneOrMany } from './one-or-many.ts';
import { compileValues } from './value-match.ts';

/**
 * Where a ticket came from: the channels an intake produces. `github` is an issue opened directly on the
 * support repo; `alert` a monitoring alert (Alertmanager, Grafana, the generic alert format); `phone` a call a
 * desk agent logged on GitHub with a `channel: phone` issue form. (There is no `api`: no intake takes requests
 * with a desk API token.)
 */
export const channels = ['web', 'email', 'github', 'alert', 'phone'] as const;
export type Channel = (typeof channels)[number];

export const channel: ConditionKey<'channel', OneOrMany<Channel>> = {
  key: 'channel',
  grammars: ['routing', 'policy'],
  schema: oneOrMany(
    'Where the ticket came from: `web` (a form), `email`, `github` (an issue opened there), `alert` (a monitoring alert) or `phone` (a call a desk agent logged with a `channel: phone` issue form).',
    ['email', ['web', 'email']],
  ),
  check(value, path, context) {
    checkIds(value, [...path, 'channel'], new Set(channels), 'channel', 'channels', context);
  },
  compile: (value) =>
    compileValues('channel', listOf(value), (facts) =>
      facts.request.channel === undefined ? undefined : { value: facts.request.channel, source: '' },
    ),
  implies: subsetOf,
  describe: (value, context) => describeValues({ fr: 'canal {v}', en: 'channel {v}' }, value, context),
};

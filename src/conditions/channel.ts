// `channel`: where the ticket came from.
import type { ConditionKey } from './condition-key.ts';
import { checkIds, oneOrMany, subsetOf, type OneOrMany } from './one-or-many.ts';

/** Where a ticket came from. `github` is an issue opened directly on the support repo. */
export const channels = ['web', 'email', 'github', 'api'] as const;
export type Channel = (typeof channels)[number];

export const channel: ConditionKey<'channel', OneOrMany<Channel>> = {
  key: 'channel',
  grammars: ['routing', 'policy'],
  schema: oneOrMany('Where the ticket came from: `web`, `email`, `github` or `api`.', [
    'email',
    ['web', 'api'],
  ]),
  check(value, path, context) {
    checkIds(value, [...path, 'channel'], new Set(channels), 'channel', 'channels', context);
  },
  implies: subsetOf,
};

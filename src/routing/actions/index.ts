// The routing actions: one line each, in the order the reference page lists them and a rule's trace line
// names its effects. The `then` schema (rules/formats/routing/schema.ts), `route` and `repodesk validate`
// iterate over this list, and `RuleActions` is derived from it: a new action is one file, listed here once.
import { assign } from './assign.ts';
import { assignees } from './assignees.ts';
import { labels } from './labels.ts';
import { priority } from './priority.ts';
import { reply } from './reply.ts';
import { repository } from './repository.ts';
import type { RoutingAction } from './routing-action.ts';
import { stop } from './stop.ts';
import { tags } from './tags.ts';
import { team } from './team.ts';
import { type } from './type.ts';

export const routingActions = [
  labels,
  tags,
  priority,
  type,
  team,
  assignees,
  assign,
  reply,
  repository,
  stop,
] as const;

type Entry = (typeof routingActions)[number];

/** A rule's `then`: each action at most once, all optional. */
export type RuleActions = {
  [E in Entry as E['key']]?: E extends RoutingAction<string, infer V> ? V : never;
};

// The condition keys: one line each, in the order the reference page lists them. Validation, routing,
// SLA policy selection, the unreachable-rule check and the help site iterate over this list, and the
// `Condition` types below are derived from it: a new key is one file, imported here and listed once.
import { alertLabel } from './alert-label.ts';
import { all } from './all.ts';
import { any } from './any.ts';
import { attachments } from './attachments.ts';
import { body } from './body.ts';
import { channel } from './channel.ts';
import type { ConditionKey, Grammar } from './condition-key.ts';
import { field } from './field.ts';
import { form } from './form.ts';
import { label } from './label.ts';
import { language } from './language.ts';
import { not } from './not.ts';
import { organisation } from './organisation.ts';
import { priority } from './priority.ts';
import { requester } from './requester.ts';
import { sender } from './sender.ts';
import { severity } from './severity.ts';
import { subject } from './subject.ts';
import { team } from './team.ts';
import { text } from './text.ts';
import { tier } from './tier.ts';
import { type } from './type.ts';

/** The keys that test the ticket (all but the combinators), one line each. */
const tests = [
  channel,
  sender,
  form,
  subject,
  body,
  text,
  requester,
  organisation,
  tier,
  language,
  field,
  attachments,
  priority,
  type,
  label,
  team,
  severity,
  alertLabel,
] as const;

/** Every key: `all`, `any`, `not`, then the keys that test the ticket. */
export const conditionKeys = [all, any, not, ...tests] as const;

type TestKey = (typeof tests)[number];

/** `{ channel: … }`, `{ tier: … }`…: one condition per key that `grammar` accepts. */
type TestCondition<G extends Grammar> = TestKey extends infer Entry
  ? Entry extends ConditionKey<infer K, infer V, infer Accepted>
    ? G extends Accepted
      ? { [P in K]: V }
      : never
    : never
  : never;

/** One routing condition; a rule's `when` is one of these (usually `all`). */
export type Condition =
  { all: Condition[] } | { any: Condition[] } | { not: Condition } | TestCondition<'routing'>;

/**
 * One SLA policy condition. A policy is chosen from what the issue says after routing (labels, the
 * ticket marker), so it tests the ticket's facts and its team, never the request's text or answers.
 */
export type PolicyCondition =
  | { all: PolicyCondition[] }
  | { any: PolicyCondition[] }
  | { not: PolicyCondition }
  | TestCondition<'policy'>;

/** A condition of either file. */
export type AnyCondition = Condition | PolicyCondition;

/** The keys `grammar` accepts. */
export type ConditionKeyName<G extends Grammar> = G extends 'routing'
  ? keyof UnionToKeys<Condition>
  : keyof UnionToKeys<PolicyCondition>;

type UnionToKeys<U> = { [K in U extends unknown ? keyof U : never]: true };

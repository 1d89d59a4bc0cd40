// Chooses the SLA policy of a ticket: the first policy in rules/sla.yaml whose `when` matches the
// ticket's facts. Policies only see facts known after routing (priority, type, tier, organisation,
// team, channel, sender, language, labels): the schema of sla.yaml allows no other condition.

import type { Channel, OneOrMany, PolicyCondition, SenderCheck, SlaPolicy } from '../rules/types.ts';

/** What a policy's conditions can look at. */
export interface TicketFacts {
  priority?: string;
  type?: string;
  tier?: string;
  organisation?: string;
  /** Team id, from the ticket's `team: …` label (set by routing). */
  team?: string;
  channel?: Channel;
  /** `verified` when intake proved the requester's address theirs (the facts marker says so). */
  sender?: SenderCheck;
  language?: string;
  labels: string[];
}

/** The policy chosen, with one line per policy tried. */
export interface PolicySelection {
  policy?: SlaPolicy;
  trace: string[];
}

function asList<T>(value: OneOrMany<T>): T[] {
  return Array.isArray(value) ? value : [value];
}

function matchesValue(expected: OneOrMany<string>, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  const wanted = actual.toLowerCase();
  return asList(expected).some((value) => value.toLowerCase() === wanted);
}

/** Whether a condition holds for the facts (same meaning as routing for the keys both use). */
export function matchesPolicyCondition(condition: PolicyCondition, facts: TicketFacts): boolean {
  if ('all' in condition) return condition.all.every((item) => matchesPolicyCondition(item, facts));
  if ('any' in condition) return condition.any.some((item) => matchesPolicyCondition(item, facts));
  if ('not' in condition) return !matchesPolicyCondition(condition.not, facts);
  if ('priority' in condition) return matchesValue(condition.priority, facts.priority);
  if ('type' in condition) return matchesValue(condition.type, facts.type);
  if ('tier' in condition) return matchesValue(condition.tier, facts.tier);
  if ('organisation' in condition) return matchesValue(condition.organisation, facts.organisation);
  if ('team' in condition) return matchesValue(condition.team, facts.team);
  if ('channel' in condition) return matchesValue(condition.channel, facts.channel);
  if ('sender' in condition) return matchesValue(condition.sender, facts.sender ?? 'unverified');
  if ('language' in condition) return matchesValue(condition.language, facts.language);
  return facts.labels.some((label) => matchesValue(condition.label, label));
}

/** The first policy whose `when` matches (a policy without `when` matches every ticket). */
export function selectPolicy(policies: SlaPolicy[], facts: TicketFacts): PolicySelection {
  const trace: string[] = [];
  for (const policy of policies) {
    if (!policy.when || matchesPolicyCondition(policy.when, facts)) {
      trace.push(
        `policy "${policy.id}": ${policy.when ? 'conditions match' : 'no conditions, matches every ticket'}`,
      );
      return { policy, trace };
    }
    trace.push(`policy "${policy.id}": conditions do not match`);
  }
  trace.push('no policy matches: no SLA clock runs for this ticket');
  return { trace };
}

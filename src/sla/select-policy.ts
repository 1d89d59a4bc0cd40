// Chooses the SLA policy of a ticket: the first policy in rules/sla.yaml whose `when` matches the
// ticket's facts. Policies only see facts known after routing (priority, type, tier, organisation,
// team, channel, sender, language, labels): the schema of sla.yaml allows no other condition. Each
// `when` is compiled by src/conditions/, the matcher routing runs too: one meaning for every key.

import { compileCondition } from '../conditions/compile-condition.ts';
import type { ConditionFacts, Matcher } from '../conditions/condition-facts.ts';
import type { Channel, PolicyCondition, SenderCheck, SlaPolicy } from '../rules/types.ts';

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
  /**
   * The shadow policy (`mode: shadow`) that would have been chosen were shadow policies applied: the first
   * matching one above the policy chosen. Recorded as "would have", never applied.
   */
  shadow?: SlaPolicy;
  trace: string[];
}

/** The policies with their `when` compiled: build once per rules load, reuse for every ticket. */
export interface CompiledPolicies {
  kind: 'compiled-policies';
  policies: { policy: SlaPolicy; matches?: Matcher }[];
}

function compilePolicies(policies: readonly SlaPolicy[]): CompiledPolicies {
  return {
    kind: 'compiled-policies',
    policies: policies.map((policy, index) =>
      policy.when === undefined
        ? { policy }
        : {
            policy,
            matches: compileCondition(policy.when, `rules/sla.yaml policies[${index}] (${policy.id}).when`),
          },
    ),
  };
}

const compiledByPolicies = new WeakMap<readonly SlaPolicy[], CompiledPolicies>();

function compiledFor(policies: readonly SlaPolicy[] | CompiledPolicies): CompiledPolicies {
  if ('kind' in policies) return policies;
  let compiled = compiledByPolicies.get(policies);
  if (!compiled) {
    compiled = compilePolicies(policies);
    compiledByPolicies.set(policies, compiled);
  }
  return compiled;
}

/** The facts as conditions read them: the request's text, form and answers are not known here. */
function conditionFacts(facts: TicketFacts): ConditionFacts {
  const traced = (value: string | undefined) => (value === undefined ? undefined : { value, source: '' });
  return {
    request: {
      channel: facts.channel,
      sender: facts.sender,
      language: facts.language,
      subject: '',
      body: '',
      requester: { email: '' },
      fields: {},
    },
    organisation: {
      id: facts.organisation,
      tier: facts.tier,
      how: facts.organisation === undefined ? 'no organisation' : 'from the ticket facts',
    },
    priority: traced(facts.priority),
    type: traced(facts.type),
    labels: new Set(facts.labels),
    team: facts.team,
    folded: {},
  };
}

/** Whether a condition holds for the facts (the matcher routing runs, on what the issue says). */
export function matchesPolicyCondition(condition: PolicyCondition, facts: TicketFacts): boolean {
  return compileCondition(condition, 'rules/sla.yaml when')(conditionFacts(facts)).ok;
}

/**
 * The first policy whose `when` matches (a policy without `when` matches every ticket), shadow policies
 * skipped; the first matching shadow policy above it is what would have been chosen. The policies of the
 * rules, or compiled once with `compilePolicies`.
 */
export function selectPolicy(
  policies: readonly SlaPolicy[] | CompiledPolicies,
  facts: TicketFacts,
): PolicySelection {
  const trace: string[] = [];
  const ticket = conditionFacts(facts);
  let shadow: SlaPolicy | undefined;
  for (const { policy, matches } of compiledFor(policies).policies) {
    if (!matches || matches(ticket).ok) {
      const why = policy.when ? 'conditions match' : 'no conditions, matches every ticket';
      if (policy.mode === 'shadow') {
        trace.push(
          `policy "${policy.id}" (shadow, not applied): ${why}${shadow ? '' : ', would have been chosen'}`,
        );
        shadow ??= policy;
        continue;
      }
      trace.push(`policy "${policy.id}": ${why}`);
      return { policy, ...(shadow ? { shadow } : {}), trace };
    }
    trace.push(
      `policy "${policy.id}"${policy.mode === 'shadow' ? ' (shadow)' : ''}: conditions do not match`,
    );
  }
  trace.push('no policy matches: no SLA clock runs for this ticket');
  return { ...(shadow ? { shadow } : {}), trace };
}

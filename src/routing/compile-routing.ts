// Routing rules turned once into fast predicates, lookups indexed. Each `when` is compiled by
// src/conditions/ (regexes compiled, keywords folded), the matcher SLA policy selection runs too; it
// returns whether it matched and a human-readable reason, which becomes the trace.

import { compileCondition } from '../conditions/compile-condition.ts';
import type { ConditionFacts, Matcher, TracedValue } from '../conditions/condition-facts.ts';
import type { Agent, Organisation, RoutingRule, Rules, Team } from '../rules/types.ts';
import type { TicketDraft } from '../tickets/types.ts';
import type { ActionState } from './actions/routing-action.ts';
import { parseHours, type ParsedHours } from './agent-availability.ts';
import { indexDomains, type DomainIndex } from './find-organisation.ts';

/** What conditions read while the rules run: the draft, and what the actions of the rules matched so far set. */
export interface EvaluationState extends ConditionFacts, ActionState {
  request: TicketDraft;
  priority: TracedValue;
  type: TracedValue;
  labels: Set<string>;
}

export interface CompiledRule {
  rule: RoutingRule;
  /** Absent when the rule has no `when`: it always matches. */
  test?: Matcher;
}

/** The rules, ready for `route`: build once per rules load, reuse for every ticket. */
export interface CompiledRouting {
  kind: 'compiled-routing';
  rules: Rules;
  compiledRules: CompiledRule[];
  domains: DomainIndex;
  teams: Map<string, Team>;
  agents: Map<string, Agent>;
  hours: Map<string, ParsedHours>;
  organisations: Map<string, Organisation>;
  /** Priority, type and team ids by lower-case label; the managed labels in lower case. */
  priorityByLabel: Map<string, string>;
  typeByLabel: Map<string, string>;
  teamByLabel: Map<string, string>;
  /** Labels that carry a status, priority, type or team: the decision sets exactly one of each. */
  managedLabels: Set<string>;
}

/** Compiles `rules.routing` and indexes teams, agents and customers; throws on a regex validation missed. */
export function compileRouting(rules: Rules): CompiledRouting {
  const organisations = new Map(
    rules.customers.organisations.map((organisation) => [organisation.id, organisation]),
  );
  const compiledRules = rules.routing.rules.map((rule, index) => {
    const where = `rules/routing.yaml rules[${index}] (${rule.id}).when`;
    return rule.when === undefined ? { rule } : { rule, test: compileCondition(rule.when, where) };
  });
  // By lower-case label: GitHub labels are case-insensitive, and the sweep reads them so too.
  const lower = (label: string) => label.toLowerCase();
  const priorityByLabel = new Map(
    rules.desk.priorities.map((priority) => [lower(priority.label), priority.id]),
  );
  const typeByLabel = new Map(rules.desk.types.map((type) => [lower(type.label), type.id]));
  const teamByLabel = new Map(rules.teams.teams.map((team) => [lower(team.label), team.id]));
  const statusLabels = Object.values(rules.desk.statuses).map((status) => lower(status.label));
  return {
    kind: 'compiled-routing',
    rules,
    compiledRules,
    domains: indexDomains(rules.customers),
    teams: new Map(rules.teams.teams.map((team) => [team.id, team])),
    agents: new Map(rules.teams.agents.map((agent) => [agent.login, agent])),
    hours: new Map(rules.teams.agents.map((agent) => [agent.login, parseHours(agent.workingHours)])),
    organisations,
    priorityByLabel,
    typeByLabel,
    teamByLabel,
    managedLabels: new Set([
      ...statusLabels,
      ...priorityByLabel.keys(),
      ...typeByLabel.keys(),
      ...teamByLabel.keys(),
    ]),
  };
}

// The routing engine: evaluates rules/routing.yaml in order against a ticket draft and returns what to
// set on the issue (labels, priority, type, team, assignees, automatic replies) with one trace line per
// rule saying what matched or failed and why. Pure: no I/O, no clock; `now` and the workload are passed in.

import type { TracedValue } from '../conditions/condition-facts.ts';
import type { AssignmentStrategy, Rules } from '../rules/types.ts';
import type { RoutingDecision, TicketDraft } from '../tickets/types.ts';
import { applyActions } from './actions/apply-actions.ts';
import { assignAgent, type Workload } from './assign-agent.ts';
import { compileRouting, type CompiledRouting, type EvaluationState } from './compile-routing.ts';
import { findOrganisation } from './find-organisation.ts';

export type { Workload } from './assign-agent.ts';

/** The decision, plus what the caller needs to record or show. */
export interface RoutingOutcome extends RoutingDecision {
  /** Organisation id (or the name given when customers.yaml does not know it). */
  organisation?: string;
  tier?: string;
  /** The organisation the requester's domain names but an unverified sender was not given. */
  organisationWithheld?: string;
  /** Tags accumulated by the rules (used by the skills strategy). */
  tags: string[];
  /** Round-robin state to store once the ticket exists: merge into `workload.lastAssigned`. */
  lastAssigned: Record<string, string>;
  /** How assignees are chosen: named by a rule or the form (`explicit`), a strategy, or not at all. */
  assignment: AssignmentStrategy | 'explicit' | 'none';
  /** The strategy that found no available agent of the team: the sweep assigns by it once one is. */
  awaitingAgent?: Exclude<AssignmentStrategy, 'none'>;
  /** The trace line of the assignment: who was picked (or nobody) and why. */
  assignmentWhy: string;
  /** The rule that named each automatic reply, by reply id. */
  replyRules: Record<string, string>;
  /** Shadow rules (`mode: shadow`) that matched: what they would have done is in the trace, not applied. */
  shadow: string[];
  /** The repository a rule filed the ticket in (`repository:`); absent: desk.yaml's default `repository`. */
  repository?: string;
}

const compiledByRules = new WeakMap<Rules, CompiledRouting>();

function compiledFor(rules: Rules | CompiledRouting): CompiledRouting {
  if ('kind' in rules && rules.kind === 'compiled-routing') return rules;
  const loaded = rules as Rules;
  let compiled = compiledByRules.get(loaded);
  if (!compiled) {
    compiled = compileRouting(loaded);
    compiledByRules.set(loaded, compiled);
  }
  return compiled;
}

function fromLabels(labels: readonly string[], byLabel: Map<string, string>): TracedValue | undefined {
  for (const label of labels) {
    const value = byLabel.get(label.toLowerCase());
    if (value !== undefined) return { value, source: `label ${JSON.stringify(label)}` };
  }
  return undefined;
}

const describe = (name: string, traced: TracedValue): string =>
  `${name} ${JSON.stringify(traced.value)} (${traced.source})`;

/**
 * Routes `draft` through `rules` (or rules compiled once with `compileRouting`, faster for many tickets),
 * picking assignees from `workload` at `now`.
 */
export function route(
  draft: TicketDraft,
  rules: Rules | CompiledRouting,
  workload: Workload,
  now: Date,
): RoutingOutcome {
  const compiled = compiledFor(rules);
  const { desk, customers } = compiled.rules;
  const form = draft.form === undefined ? undefined : compiled.rules.forms[draft.form];
  const formSource = `form ${draft.form ?? ''}`;

  const match = findOrganisation(customers, compiled.domains, draft.requester, draft.sender);
  const state: EvaluationState = {
    request: draft,
    organisation: { id: match.id, tier: match.organisation?.tier, how: match.how },
    priority: fromLabels(draft.labels, compiled.priorityByLabel) ?? {
      value: desk.defaultPriority,
      source: 'desk default',
    },
    type:
      fromLabels(draft.labels, compiled.typeByLabel) ??
      (form?.repodesk.type !== undefined
        ? { value: form.repodesk.type, source: formSource }
        : { value: desk.defaultType, source: 'desk default' }),
    labels: new Set([...draft.labels, ...(form?.labels ?? [])]),
    folded: {},
    tags: new Set(),
    routedTeam: fromLabels(draft.labels, compiled.teamByLabel),
    assignment:
      form?.assignees && form.assignees.length > 0
        ? { kind: 'explicit', logins: form.assignees, source: formSource }
        : undefined,
    replies: [],
    replyRules: {},
    stopped: false,
  };
  const matched: string[] = [];
  const shadow: string[] = [];
  const trace: string[] = [];

  const total = compiled.compiledRules.length;
  for (let index = 0; index < total; index += 1) {
    const { rule, test } = compiled.compiledRules[index] as (typeof compiled.compiledRules)[number];
    const outcome = test ? test(state) : { ok: true, why: 'no conditions, always matches' };
    if (!outcome.ok) {
      trace.push(`rule ${rule.id}: skipped: ${outcome.why}`);
      continue;
    }
    if (rule.mode === 'shadow') {
      // Recorded, never applied: its actions and its `stop` are what it would have done.
      shadow.push(rule.id);
      trace.push(
        `rule ${rule.id} (shadow, not applied): ${outcome.why} → would set ${JSON.stringify(rule.then)}`,
      );
      continue;
    }
    matched.push(rule.id);
    const effects = applyActions(rule.then, state, rule.id);
    trace.push(`rule ${rule.id}: ${outcome.why}${effects.length > 0 ? ` → ${effects.join(', ')}` : ''}`);
    if (state.stopped) {
      const rest = total - index - 1;
      if (rest > 0)
        trace.push(
          `rule ${rule.id} stops evaluation: ${rest} later rule${rest === 1 ? '' : 's'} not evaluated`,
        );
      break;
    }
  }

  const { tags, replies, replyRules, repository, assignment } = state;
  let team = state.routedTeam;
  const organisation = match.organisation;
  if (!team && organisation?.defaultTeam !== undefined) {
    team = { value: organisation.defaultTeam, source: `default team of organisation ${organisation.id}` };
  }
  trace.push(
    `result: ${describe('priority', state.priority)}, ${describe('type', state.type)}, ` +
      (team ? describe('team', team) : 'no team (no rule set one and no organisation default)'),
  );

  const lastAssigned: Record<string, string> = {};
  let awaitingAgent: Exclude<AssignmentStrategy, 'none'> | undefined;
  let assignmentWhy = 'nobody assigned';
  const assignmentLine = (line: string) => {
    trace.push(line);
    assignmentWhy = line;
  };
  let assignees: string[] = [];
  let chosenBy: RoutingOutcome['assignment'] = 'none';
  const teamSetting = team ? compiled.teams.get(team.value) : undefined;
  if (team && !teamSetting)
    assignmentLine(`team ${JSON.stringify(team.value)} is not in teams.yaml: nobody assigned`);
  if (assignment?.kind === 'explicit') {
    assignees = [...new Set(assignment.logins)];
    chosenBy = 'explicit';
    assignmentLine(`assignees ${assignees.join(', ') || '(none)'} (${assignment.source})`);
  } else {
    const strategy = assignment?.strategy ?? teamSetting?.assignment;
    const strategySource = assignment?.source ?? (teamSetting ? `default of team ${teamSetting.id}` : '');
    if (strategy !== undefined && teamSetting) chosenBy = strategy;
    if (strategy === undefined) {
      if (!team) assignmentLine('assign: no team, nobody assigned');
    } else if (strategy === 'none') {
      assignmentLine(`assign none (${strategySource}): nobody assigned`);
    } else if (!teamSetting) {
      if (!team)
        assignmentLine(`assign ${strategy} (${strategySource}): no team to pick from, nobody assigned`);
    } else {
      const picked = assignAgent(strategy, teamSetting, [...tags], draft.language, compiled, workload, now);
      assignmentLine(picked.trace);
      if (picked.login !== undefined) {
        assignees = [picked.login];
        lastAssigned[teamSetting.id] = picked.login;
      } else if (teamSetting.members.length > 0) {
        awaitingAgent = strategy;
      }
    }
  }

  const finalLabels = new Set<string>([desk.statuses.new.label]);
  const priority = desk.priorities.find((candidate) => candidate.id === state.priority.value);
  const type = desk.types.find((candidate) => candidate.id === state.type.value);
  for (const [name, setting, value] of [
    ['priority', priority, state.priority.value],
    ['type', type, state.type.value],
  ] as const) {
    if (setting) finalLabels.add(setting.label);
    else trace.push(`${name} ${JSON.stringify(value)} is not in desk.yaml: no ${name} label`);
  }
  if (teamSetting) finalLabels.add(teamSetting.label);
  for (const label of state.labels)
    if (!compiled.managedLabels.has(label.toLowerCase())) finalLabels.add(label);

  return {
    labels: [...finalLabels],
    priority: state.priority.value,
    type: state.type.value,
    ...(team ? { team: team.value } : {}),
    assignees,
    replies,
    matched,
    trace,
    ...(match.id !== undefined ? { organisation: match.id } : {}),
    ...(organisation ? { tier: organisation.tier } : {}),
    ...(match.withheld ? { organisationWithheld: match.withheld.id } : {}),
    tags: [...tags],
    lastAssigned,
    assignment: chosenBy,
    ...(awaitingAgent ? { awaitingAgent } : {}),
    assignmentWhy,
    replyRules,
    shadow,
    ...(repository !== undefined && repository !== desk.repository ? { repository } : {}),
  };
}

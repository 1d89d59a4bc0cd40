// rules/routing.yaml, second pass: rule ids unique, conditions checked key by key, actions checked action by
// action (src/routing/actions/: a team, priority, type, reply, repository or assignee another file must
// define), and no rule that an earlier `stop` always keeps from running.
import type { ChangingFacts } from '../../../conditions/condition-key.ts';
import { canonicalCondition, conditionImplies, dependsOn } from '../../../conditions/implies.ts';
import type { Finding } from '../../finding.ts';
import { duplicates, reference } from '../../finding.ts';
import type { Known } from '../../known.ts';
import type { RulesInput } from '../../rules-input.ts';
import { actionChanges } from '../../../routing/actions/action-changes.ts';
import { routingActions } from '../../../routing/actions/index.ts';
import type { ActionCheckContext, RoutingAction } from '../../../routing/actions/routing-action.ts';
import type { RoutingRule, RuleActions } from '../../types.ts';
import type { PathSegment } from '../../yaml-source.ts';
import { checkWhen } from '../check-when.ts';

const ROUTING = 'rules/routing.yaml';

/** The second pass over rules/routing.yaml. */
export function checkRouting(input: RulesInput, known: Known): Finding[] {
  const out: Finding[] = [];
  const routing = input.routing;
  if (!routing) return out;
  duplicates(ROUTING, ['rules'], routing.rules, (r) => r.id, 'id', 'rule id', out);
  const changes = routingChanges(routing.rules);
  routing.rules.forEach((rule, index) => {
    const base: PathSegment[] = ['rules', index];
    if (rule.when) checkWhen(out, ROUTING, [...base, 'when'], rule.when, known);
    checkActions(out, rule.then, [...base, 'then'], known);

    const blocker = earlierStop(routing.rules, changes, index);
    if (blocker?.index !== undefined) {
      const earlier = routing.rules[blocker.index]!;
      const where = `rules[${blocker.index}] ("${earlier.id}")`;
      out.push(
        blocker.kind === 'always'
          ? {
              file: ROUTING,
              path: [...base, 'id'],
              severity: 'error',
              message: `rule "${rule.id}" can never run: ${where} has no \`when\` and \`stop: true\`, so evaluation always stops before; move this rule above it or remove that \`stop\``,
            }
          : blocker.kind === 'same'
            ? {
                file: ROUTING,
                path: [...base, 'when'],
                severity: 'error',
                message: `rule "${rule.id}" can never run: ${where} has the same \`when\` and \`stop: true\`; merge the two rules or change one condition`,
              }
            : {
                file: ROUTING,
                path: [...base, 'when'],
                severity: 'error',
                message: `rule "${rule.id}" can never run: every ticket it matches also matches ${where}, which comes first and has \`stop: true\`; move this rule above it, or narrow that rule's \`when\``,
              },
      );
    }
  });
  return out;
}

/** The cross-file checks of each action of a `then` (an unknown team, reply, repository…). */
function checkActions(out: Finding[], then: RuleActions, path: PathSegment[], known: Known): void {
  const context: ActionCheckContext = {
    known,
    reference: (at, ids, value, kind, plural) => reference(out, ROUTING, at, ids, value, kind, plural),
  };
  const given = then as Record<string, unknown>;
  for (const action of routingActions as readonly RoutingAction<string, unknown>[]) {
    const value = given[action.key];
    if (value !== undefined) action.check?.(value, [...path, action.key], context);
  }
}

/**
 * The first earlier rule with `stop: true` that every ticket reaching rule `index` and matching it
 * has already matched: one without `when`, or one whose `when` this rule's `when` implies — provided
 * no rule in between changes a fact that earlier `when` tests (a priority, a type or a label set in
 * between could make it match only now).
 */
function earlierStop(
  rules: readonly RoutingRule[],
  changes: RoutingChanges,
  index: number,
): { index: number; kind: 'always' | 'same' | 'implied' } | undefined {
  const when = rules[index]!.when;
  for (const stop of changes.stops) {
    if (stop >= index) break;
    const earlier = rules[stop]!.when;
    if (earlier === undefined) return { index: stop, kind: 'always' };
    if (when === undefined || dependsOn(earlier, changes.between(stop, index))) continue;
    if (canonicalCondition(when) === canonicalCondition(earlier)) return { index: stop, kind: 'same' };
    if (conditionImplies(when, earlier)) return { index: stop, kind: 'implied' };
  }
  return undefined;
}

/** The stop rules, and what the rules strictly between two positions may change. */
interface RoutingChanges {
  stops: number[];
  between(from: number, to: number): ChangingFacts;
}

function routingChanges(rules: readonly RoutingRule[]): RoutingChanges {
  // Running counts, so "does a rule between a and b set a priority" is one subtraction.
  const priorities = [0];
  const types = [0];
  const labelRules = new Map<string, number[]>();
  const stops: number[] = [];
  rules.forEach((rule, i) => {
    const changed = actionChanges(rule.then);
    priorities.push(priorities[i]! + (changed.priority ? 1 : 0));
    types.push(types[i]! + (changed.type ? 1 : 0));
    for (const label of changed.labels) {
      // Labels match whatever their case: a rule adding `VIP` changes what `label: vip` answers.
      const key = label.toLowerCase();
      const at = labelRules.get(key);
      if (at) at.push(i);
      else labelRules.set(key, [i]);
    }
    // A shadow rule's `stop` stops nothing: it is never applied.
    if (rule.then.stop === true && rule.mode !== 'shadow') stops.push(i);
  });
  return {
    stops,
    between: (from, to) => ({
      priority: priorities[to]! - priorities[from + 1]! > 0,
      type: types[to]! - types[from + 1]! > 0,
      labels: {
        has: (label) => (labelRules.get(label.toLowerCase()) ?? []).some((i) => i > from && i < to),
      },
    }),
  };
}

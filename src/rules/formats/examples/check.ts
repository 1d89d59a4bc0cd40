// rules/examples/*.yaml, second pass: names unique in a file, and everything an example names known
// (form, fields, language, rule, team, priority, type, agents, replies, policy). Running the examples
// needs the engines, so it happens above rules/ (src/rule-examples/).
import { DateTime } from 'luxon';
import type { Finding } from '../../finding.ts';
import { duplicates, reference } from '../../finding.ts';
import type { Known } from '../../known.ts';
import type { RulesInput } from '../../rules-input.ts';
import type { PathSegment } from '../../yaml-source.ts';

/** Whether the schema-shaped text names a day and time that exist (no 30 February, no 25:00). */
const isInstant = (text: string) => DateTime.fromISO(text, { setZone: true }).isValid;

/** The second pass over rules/examples/*.yaml. */
export function checkExamples(input: RulesInput, known: Known): Finding[] {
  const out: Finding[] = [];
  const ruleIds = input.routing ? new Set(input.routing.rules.map((rule) => rule.id)) : undefined;
  const policyIds = input.sla
    ? new Set(['none', ...input.sla.policies.map((policy) => policy.id)])
    : undefined;
  for (const { file, data } of input.examples) {
    duplicates(file, ['examples'], data.examples, (example) => example.name, 'name', 'example name', out);
    data.examples.forEach(({ ticket, expect }, index) => {
      const at = (...path: PathSegment[]): PathSegment[] => ['examples', index, ...path];
      const ref = (
        path: PathSegment[],
        ids: Set<string> | undefined,
        value: string,
        kind: string,
        plural: string,
      ) => reference(out, file, path, ids, value, kind, plural);
      if (ticket.form !== undefined) ref(at('ticket', 'form'), known.forms, ticket.form, 'form', 'forms');
      for (const field of Object.keys(ticket.fields ?? {}))
        ref(at('ticket', 'fields', field), input.formFieldIds, field, 'form field', 'form fields');
      if (ticket.language !== undefined)
        ref(at('ticket', 'language'), known.languages, ticket.language, 'language', 'languages of desk.yaml');
      if (!isInstant(ticket.createdAt))
        out.push({
          file,
          path: at('ticket', 'createdAt'),
          severity: 'error',
          message: `"${ticket.createdAt}" is not a real instant; write one such as 2026-12-07T09:30:00+01:00`,
        });
      (expect.rules ?? []).forEach((id, i) => ref(at('expect', 'rules', i), ruleIds, id, 'rule', 'rules'));
      if (expect.team !== undefined) ref(at('expect', 'team'), known.teams, expect.team, 'team', 'teams');
      if (expect.priority !== undefined)
        ref(at('expect', 'priority'), known.priorities, expect.priority, 'priority', 'priorities');
      if (expect.type !== undefined) ref(at('expect', 'type'), known.types, expect.type, 'type', 'types');
      (expect.assignees ?? []).forEach((login, i) =>
        ref(at('expect', 'assignees', i), known.agents, login, 'agent', 'agents'),
      );
      (expect.replies ?? []).forEach((id, i) =>
        ref(at('expect', 'replies', i), known.replies, id, 'reply', 'replies (rules/replies/)'),
      );
      if (expect.policy !== undefined)
        ref(at('expect', 'policy'), policyIds, expect.policy, 'SLA policy', 'SLA policies (and none)');
      for (const [clock, due] of Object.entries(expect.due ?? {}))
        if (!isInstant(due))
          out.push({
            file,
            path: at('expect', 'due', clock),
            severity: 'error',
            message: `"${due}" is not a real instant; write one such as 2026-12-07T13:30:00+01:00`,
          });
    });
  }
  return out;
}

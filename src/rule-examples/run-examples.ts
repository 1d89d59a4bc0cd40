// Runs the rule examples (rules/examples/*.yaml) with the engines the bot runs: routing at the example's
// instant, the issue body intake would write, the facts the sweep reads back from it, SLA policy selection
// and the clocks of the new ticket. Reports each example whose expectations do not hold at the first
// expectation that fails, with every difference and the trace. Pure: no I/O, no clock.
import { DateTime } from 'luxon';
import { renderIssueBody } from '../intake/render-issue-body.ts';
import { parseDraft } from '../routing/parse-draft.ts';
import { route } from '../routing/route.ts';
import type { ExamplesInput } from '../rules/rules-input.ts';
import type { Problem } from '../rules/problem.ts';
import type { ExampleExpectation, Rules, RuleExample } from '../rules/types.ts';
import { exampleClocks } from '../rules/types.ts';
import { formatPath, locate, type PathSegment } from '../rules/yaml-source.ts';
import { evaluateSla } from '../sla/evaluate-sla.ts';
import { policyCalendar } from '../sla/policy-calendar.ts';
import { selectPolicy } from '../sla/select-policy.ts';
import { indexLabels, ticketFacts } from '../sweep/ticket-facts.ts';

export interface ExamplesRun {
  /** One error per failing example. */
  problems: Problem[];
  /** How many examples ran. */
  count: number;
  /** Ids of the routing rules some example matched. */
  matchedRules: Set<string>;
  /** Ids of the SLA policies some example was given, or would have been given (a shadow policy). */
  chosenPolicies: Set<string>;
}

/** What the rules decided for one example's ticket. */
interface Outcome {
  rules: string[];
  labels: string[];
  priority: string;
  type: string;
  team?: string;
  assign: string;
  assignees: string[];
  replies: string[];
  policy: string;
  /** The shadow policy that would have been chosen: exercised, never expected (nothing applies it). */
  shadowPolicy?: string;
  due: Partial<Record<string, string>>;
  trace: string[];
}

/** The login intake writes issues as: the facts marker counts only in an issue repodesk opened. */
const repodeskLogin = 'repodesk';

function decide(example: RuleExample, rules: Rules): Outcome | string[] {
  const { createdAt, ...request } = example.ticket;
  const parsed = parseDraft(request, rules);
  if (!parsed.draft) return parsed.errors;
  const draft = parsed.draft;
  const now = new Date(createdAt);
  const decision = route(draft, rules, { openByAgent: {}, lastAssigned: {} }, now);
  // An issue opened on GitHub has no body of ours: its facts are its labels and the github channel.
  const issue =
    draft.channel === 'github'
      ? { body: '', author: '' }
      : {
          body: renderIssueBody(draft, { ref: 'EXAMPLE', key: example.name, rules, decision }),
          author: repodeskLogin,
        };
  const { facts } = ticketFacts(decision.labels, rules, indexLabels(rules), issue, [repodeskLogin]);
  const selection = selectPolicy(rules.sla.policies, facts);
  const due: Outcome['due'] = {};
  const trace = [...decision.trace, ...selection.trace];
  if (selection.policy) {
    const calendar = policyCalendar(rules, selection.policy, facts.team);
    const history = {
      number: 0,
      createdAt: now.toISOString(),
      state: 'open' as const,
      labels: decision.labels,
      assignees: decision.assignees,
      timeline: [],
    };
    const evaluation = evaluateSla(history, selection.policy, calendar, now, rules.desk.statuses);
    for (const clock of exampleClocks) {
      const dueAt = evaluation.clocks[clock]?.dueAt;
      if (dueAt === undefined) continue;
      due[clock] = DateTime.fromISO(dueAt, { zone: calendar.timezone }).toISO({
        suppressMilliseconds: true,
      })!;
      trace.push(
        `${clock} due ${due[clock]} (${evaluation.clocks[clock]!.target} on calendar ${calendar.id})`,
      );
    }
  }
  return {
    rules: decision.matched,
    labels: decision.labels,
    priority: decision.priority,
    type: decision.type,
    ...(decision.team !== undefined ? { team: decision.team } : {}),
    // A rule example's `assign` is the strategy that picked: assignees named by a rule are `none`.
    assign: decision.assignment === 'explicit' ? 'none' : decision.assignment,
    assignees: decision.assignees,
    replies: decision.replies,
    policy: selection.policy?.id ?? 'none',
    ...(selection.shadow ? { shadowPolicy: selection.shadow.id } : {}),
    due,
    trace,
  };
}

const shown = (value: string | string[] | undefined): string =>
  value === undefined ? 'nothing' : Array.isArray(value) ? `[${value.join(', ')}]` : JSON.stringify(value);

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((item, i) => item === b[i]);
const sameSet = (a: string[], b: string[]) => sameList([...a].sort(), [...b].sort());

/** Each expectation that does not hold: where it is written, and expected vs found. */
function differences(expect: ExampleExpectation, outcome: Outcome): { path: PathSegment[]; text: string }[] {
  const out: { path: PathSegment[]; text: string }[] = [];
  const differ = (key: string, expected: string | string[], found: string | string[] | undefined) =>
    out.push({ path: [key], text: `${key}: expected ${shown(expected)}, found ${shown(found)}` });
  if (expect.rules && !sameList(expect.rules, outcome.rules)) differ('rules', expect.rules, outcome.rules);
  if (expect.labels) {
    const carried = new Set(outcome.labels.map((label) => label.toLowerCase()));
    const missing = expect.labels.filter((label) => !carried.has(label.toLowerCase()));
    if (missing.length > 0)
      out.push({
        path: ['labels'],
        text: `labels: expected ${shown(missing)} among the issue's labels, found ${shown(outcome.labels)}`,
      });
  }
  for (const key of ['priority', 'type', 'team', 'assign', 'policy'] as const) {
    const expected = expect[key];
    if (expected !== undefined && expected !== outcome[key]) differ(key, expected, outcome[key]);
  }
  if (expect.assignees && !sameSet(expect.assignees, outcome.assignees))
    differ('assignees', expect.assignees, outcome.assignees);
  if (expect.replies && !sameSet(expect.replies, outcome.replies))
    differ('replies', expect.replies, outcome.replies);
  for (const clock of exampleClocks) {
    const expected = expect.due?.[clock];
    if (expected === undefined) continue;
    const found = outcome.due[clock];
    if (found === undefined || Date.parse(found) !== Date.parse(expected))
      out.push({
        path: ['due', clock],
        text: `due.${clock}: expected ${expected}, found ${found ?? `no ${clock} clock (policy ${outcome.policy})`}`,
      });
  }
  return out;
}

/** Runs every example of `files` against `rules`. */
export function runExamples(rules: Rules, files: readonly ExamplesInput[]): ExamplesRun {
  const run: ExamplesRun = { problems: [], count: 0, matchedRules: new Set(), chosenPolicies: new Set() };
  for (const { file, source, data } of files) {
    data.examples.forEach((example, index) => {
      run.count += 1;
      const report = (path: PathSegment[], lines: string[]) => {
        const at = ['examples', index, ...path];
        const { line, column } = locate(source, at, 'key');
        run.problems.push({
          file,
          line,
          column,
          path: formatPath(at),
          severity: 'error',
          message: [`example "${example.name}" fails:`, ...lines.map((text) => `  ${text}`)].join('\n'),
        });
      };
      const outcome = decide(example, rules);
      if (Array.isArray(outcome)) {
        report(['ticket'], outcome);
        return;
      }
      for (const id of outcome.rules) run.matchedRules.add(id);
      if (outcome.policy !== 'none') run.chosenPolicies.add(outcome.policy);
      if (outcome.shadowPolicy) run.chosenPolicies.add(outcome.shadowPolicy);
      const found = differences(example.expect, outcome);
      if (found.length === 0) return;
      report(
        ['expect', ...found[0]!.path],
        [...found.map(({ text }) => text), 'trace:', ...outcome.trace.map((line) => `  ${line}`)],
      );
    });
  }
  return run;
}

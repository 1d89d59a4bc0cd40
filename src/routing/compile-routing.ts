// Routing rules turned once into fast predicates: regexes compiled, keywords folded, lookups indexed.
// Each predicate returns whether it matched and a human-readable reason, which becomes the trace.

import type {
  Agent,
  Condition,
  OneOrMany,
  Organisation,
  RoutingRule,
  Rules,
  Team,
  TextMatch,
} from '../rules/types.ts';
import type { TicketDraft } from '../tickets/types.ts';
import { lowerForLiterals } from '../conditions/required-literals.ts';
import { compileRulePattern, type RulePattern } from '../conditions/rule-pattern.ts';
import { parseHours, type ParsedHours } from './agent-availability.ts';
import { emailDomain, indexDomains, type DomainIndex, type OrganisationMatch } from './find-organisation.ts';
import { foldText } from '../conditions/fold-text.ts';

/** A value set on the ticket so far, with where it came from (for the trace). */
export interface TracedValue {
  value: string;
  source: string;
}

/** What conditions read: the draft and the values set by the rules evaluated so far. */
export interface EvaluationState {
  draft: TicketDraft;
  organisation: OrganisationMatch;
  priority: TracedValue;
  type: TracedValue;
  labels: Set<string>;
  /** Folded subject, body and both, computed on first use. */
  folded: Partial<Record<TextPart, string>>;
  /** Subject, body and both lower-cased for the patterns' required words, computed on first use. */
  lowered?: Partial<Record<TextPart, string>>;
  /** The words of the folded texts, computed on first use: most keywords are one word, found in O(1). */
  words?: Partial<Record<TextPart, Set<string>>>;
  /** Folded field answers, computed on first use. */
  foldedAnswers?: Map<string, string>;
  /** Subject and body together, computed on first use. */
  text?: string;
}

/** Whether a condition matched, and why; shared and never mutated (many are built once at compile time). */
export interface Outcome {
  readonly ok: boolean;
  readonly why: string;
}

type Test = (state: EvaluationState) => Outcome;
type TextPart = 'subject' | 'body' | 'text';

export interface CompiledRule {
  rule: RoutingRule;
  /** Absent when the rule has no `when`: it always matches. */
  test?: Test;
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
  priorityByLabel: Map<string, string>;
  typeByLabel: Map<string, string>;
  teamByLabel: Map<string, string>;
  /** Labels that carry a status, priority, type or team: the decision sets exactly one of each. */
  managedLabels: Set<string>;
}

const quote = (value: string): string => JSON.stringify(value);

function list<T>(value: OneOrMany<T>): T[] {
  return Array.isArray(value) ? value : [value];
}

/** `"web"` or `one of "web", "api"`. */
function expected(values: readonly string[]): string {
  return values.length === 1 ? quote(values[0] ?? '') : `one of ${values.map(quote).join(', ')}`;
}

function regex(source: string, where: string): RulePattern {
  const compiled = compileRulePattern(source);
  if ('problem' in compiled) throw new Error(`${where}: ${compiled.problem}`);
  return compiled.pattern;
}

export function foldedPart(state: EvaluationState, part: TextPart): string {
  let folded = state.folded[part];
  if (folded === undefined) {
    folded = foldText(rawPart(state, part));
    state.folded[part] = folded;
  }
  return folded;
}

function rawPart(state: EvaluationState, part: TextPart): string {
  const { subject, body } = state.draft;
  if (part === 'subject') return subject;
  if (part === 'body') return body;
  state.text ??= `${subject}\n${body}`;
  return state.text;
}

function loweredPart(state: EvaluationState, part: TextPart): string {
  state.lowered ??= {};
  let lowered = state.lowered[part];
  if (lowered === undefined) {
    lowered = lowerForLiterals(rawPart(state, part));
    state.lowered[part] = lowered;
  }
  return lowered;
}

function wordsOf(state: EvaluationState, part: TextPart): Set<string> {
  state.words ??= {};
  let words = state.words[part];
  if (words === undefined) {
    words = new Set(foldedPart(state, part).split(' '));
    state.words[part] = words;
  }
  return words;
}

function foldedAnswer(state: EvaluationState, value: string): string {
  state.foldedAnswers ??= new Map();
  let folded = state.foldedAnswers.get(value);
  if (folded === undefined) {
    folded = foldText(value);
    state.foldedAnswers.set(value, folded);
  }
  return folded;
}

function compileText(part: TextPart, match: TextMatch, where: string): Test {
  // Trace texts are built once here, not for every ticket.
  const phrases = (match.contains ?? [])
    .map((phrase) => {
      const folded = foldText(phrase);
      const found: Outcome = { ok: true, why: `${part} contains ${quote(phrase)}` };
      return { phrase, folded, words: folded.trim().split(' '), found };
    })
    .filter((entry) => entry.folded !== ' ');
  const pattern = match.matches === undefined ? undefined : regex(match.matches, where);
  const matched: Outcome = {
    ok: true,
    why: pattern === undefined ? '' : `${part} matches /${pattern.source}/i`,
  };
  const failed = [
    phrases.length > 0 ? `contains none of ${phrases.map((entry) => quote(entry.phrase)).join(', ')}` : '',
    pattern ? `does not match /${pattern.source}/i` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const failure: Outcome = { ok: false, why: `${part} ${failed || 'has no keyword or pattern to match'}` };
  return (state) => {
    if (phrases.length > 0) {
      const words = wordsOf(state, part);
      for (const entry of phrases) {
        // A phrase can only be there if each of its words is; only then look for the words in order.
        if (!entry.words.every((word) => words.has(word))) continue;
        if (entry.words.length === 1 || foldedPart(state, part).includes(entry.folded)) {
          return entry.found;
        }
      }
    }
    if (pattern?.test(rawPart(state, part), loweredPart(state, part))) return matched;
    return failure;
  };
}

function compileValues(
  name: string,
  values: readonly string[],
  read: (state: EvaluationState) => TracedValue | undefined,
): Test {
  const wanted = new Set(values);
  const wantedText = expected(values);
  return (state) => {
    const current = read(state);
    if (!current)
      return { ok: false, why: `no ${name} (channel ${state.draft.channel}) is not ${wantedText}` };
    const source = current.source === '' ? '' : ` (${current.source})`;
    return wanted.has(current.value)
      ? { ok: true, why: `${name} ${quote(current.value)} matched${source}` }
      : { ok: false, why: `${name} ${quote(current.value)}${source} is not ${wantedText}` };
  };
}

function compileCondition(
  condition: Condition,
  where: string,
  organisations: Map<string, Organisation>,
): Test {
  if ('all' in condition) {
    const tests = condition.all.map((child, index) =>
      compileCondition(child, `${where}.all[${index}]`, organisations),
    );
    return (state) => {
      const reasons: string[] = [];
      for (const test of tests) {
        const outcome = test(state);
        if (!outcome.ok) return outcome;
        reasons.push(outcome.why);
      }
      return { ok: true, why: reasons.length === 0 ? 'no conditions (empty all)' : reasons.join(' and ') };
    };
  }
  if ('any' in condition) {
    const tests = condition.any.map((child, index) =>
      compileCondition(child, `${where}.any[${index}]`, organisations),
    );
    return (state) => {
      const reasons: string[] = [];
      for (const test of tests) {
        const outcome = test(state);
        if (outcome.ok) return outcome;
        reasons.push(outcome.why);
      }
      return {
        ok: false,
        why: reasons.length === 0 ? 'no alternatives (empty any)' : `none of: ${reasons.join('; ')}`,
      };
    };
  }
  if ('not' in condition) {
    const test = compileCondition(condition.not, `${where}.not`, organisations);
    return (state) => {
      const outcome = test(state);
      return { ok: !outcome.ok, why: `not (${outcome.why})` };
    };
  }
  if ('channel' in condition) {
    return compileValues('channel', list(condition.channel), (state) => ({
      value: state.draft.channel,
      source: '',
    }));
  }
  if ('form' in condition) {
    return compileValues('form', list(condition.form), (state) =>
      state.draft.form === undefined ? undefined : { value: state.draft.form, source: '' },
    );
  }
  if ('subject' in condition) return compileText('subject', condition.subject, `${where}.subject`);
  if ('body' in condition) return compileText('body', condition.body, `${where}.body`);
  if ('text' in condition) return compileText('text', condition.text, `${where}.text`);
  if ('requester' in condition) {
    const emails = condition.requester.email === undefined ? undefined : list(condition.requester.email);
    const domains = condition.requester.domain === undefined ? undefined : list(condition.requester.domain);
    const wantedEmails = new Set(emails?.map((email) => email.toLowerCase()));
    const wantedDomains = domains?.map((domain) => domain.toLowerCase());
    // Either list may name the requester: an address or a whole domain (and its sub-domains).
    return (state) => {
      const email = state.draft.requester.email.trim().toLowerCase();
      if (emails && wantedEmails.has(email))
        return { ok: true, why: `requester email is ${expected(emails)}` };
      const domain = emailDomain(email);
      const hit = wantedDomains?.find((wanted) => domain === wanted || domain.endsWith(`.${wanted}`));
      if (hit !== undefined)
        return { ok: true, why: `requester domain ${quote(domain)} matched ${quote(hit)}` };
      const missed = [
        emails ? `email is not ${expected(emails)}` : '',
        domains ? `domain ${quote(domain)} is not ${expected(domains)}` : '',
      ].filter(Boolean);
      return { ok: false, why: `requester ${missed.join(' and ') || 'condition names no email or domain'}` };
    };
  }
  if ('organisation' in condition) {
    const values = list(condition.organisation);
    const wantedText = expected(values);
    const wanted = new Set(values);
    return (state) => {
      const { id, how } = state.organisation;
      if (id === undefined) return { ok: false, why: `organisation: ${how}, not ${wantedText}` };
      return wanted.has(id)
        ? { ok: true, why: `organisation ${quote(id)} matched (${how})` }
        : { ok: false, why: `organisation ${quote(id)} is not ${wantedText} (${how})` };
    };
  }
  if ('tier' in condition) {
    const values = list(condition.tier);
    const wantedText = expected(values);
    const wanted = new Set(values);
    return (state) => {
      const { organisation, how } = state.organisation;
      if (!organisation) return { ok: false, why: `tier: ${how}, so no tier, not ${wantedText}` };
      return wanted.has(organisation.tier)
        ? { ok: true, why: `tier ${quote(organisation.tier)} matched (${how})` }
        : { ok: false, why: `tier ${quote(organisation.tier)} is not ${wantedText} (${how})` };
    };
  }
  if ('sender' in condition) {
    return compileValues('sender', [condition.sender], (state) =>
      state.draft.sender === undefined
        ? { value: 'unverified', source: 'nothing checked the address' }
        : {
            value: state.draft.sender,
            source:
              state.draft.channel === 'email' ? 'Authentication-Results' : `channel ${state.draft.channel}`,
          },
    );
  }
  if ('language' in condition) {
    return compileValues('language', list(condition.language), (state) => ({
      value: state.draft.language,
      source: '',
    }));
  }
  if ('field' in condition) return compileField(condition.field, where);
  if ('priority' in condition)
    return compileValues('priority', list(condition.priority), (state) => state.priority);
  if ('type' in condition) return compileValues('type', list(condition.type), (state) => state.type);
  if ('label' in condition) {
    const values = list(condition.label);
    const wantedText = expected(values);
    return (state) => {
      const hit = values.find((label) => state.labels.has(label));
      return hit === undefined
        ? { ok: false, why: `no label ${wantedText} so far` }
        : { ok: true, why: `label ${quote(hit)} is set` };
    };
  }
  const keys = Object.keys(condition as object).join(', ');
  throw new Error(`${where}: unknown condition ${keys}`);
}

function compileField(match: Extract<Condition, { field: unknown }>['field'], where: string): Test {
  const equals = match.equals === undefined ? [] : list(match.equals);
  const foldedEquals = equals.map((value) => foldText(value));
  const phrases = (match.contains ?? []).map((phrase) => ({ phrase, folded: foldText(phrase) }));
  const pattern = match.matches === undefined ? undefined : regex(match.matches, `${where}.field.matches`);
  const name = `field ${match.id}`;
  const failures = [
    equals.length > 0 ? `does not equal ${expected(equals)}` : '',
    phrases.length > 0 ? `contains none of ${phrases.map((entry) => quote(entry.phrase)).join(', ')}` : '',
    pattern ? `does not match /${pattern.source}/i` : '',
  ].filter(Boolean);
  return (state) => {
    const answer = state.draft.fields[match.id];
    const answers = answer === undefined ? [] : Array.isArray(answer) ? answer : [answer];
    if (answers.length === 0 || answers.every((value) => value.trim() === '')) {
      return { ok: false, why: `${name} has no answer` };
    }
    // A list answer (several options) matches when any of its items matches.
    for (const value of answers) {
      const folded = foldedAnswer(state, value);
      const equal = foldedEquals.indexOf(folded);
      if (equal !== -1) return { ok: true, why: `${name} equals ${quote(equals[equal] ?? '')}` };
      const phrase = phrases.find((entry) => folded.includes(entry.folded));
      if (phrase) return { ok: true, why: `${name} contains ${quote(phrase.phrase)}` };
      if (pattern?.test(value)) return { ok: true, why: `${name} matches /${pattern.source}/i` };
    }
    return { ok: false, why: `${name} ${failures.join(' and ') || 'has nothing to match'}` };
  };
}

/** Compiles `rules.routing` and indexes teams, agents and customers; throws on a regex validation missed. */
export function compileRouting(rules: Rules): CompiledRouting {
  const organisations = new Map(
    rules.customers.organisations.map((organisation) => [organisation.id, organisation]),
  );
  const compiledRules = rules.routing.rules.map((rule, index) => {
    const where = `rules/routing.yaml rules[${index}] (${rule.id}).when`;
    return rule.when === undefined
      ? { rule }
      : { rule, test: compileCondition(rule.when, where, organisations) };
  });
  const priorityByLabel = new Map(rules.desk.priorities.map((priority) => [priority.label, priority.id]));
  const typeByLabel = new Map(rules.desk.types.map((type) => [type.label, type.id]));
  const teamByLabel = new Map(rules.teams.teams.map((team) => [team.label, team.id]));
  const statusLabels = Object.values(rules.desk.statuses).map((status) => status.label);
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

// Second pass over rules/: what the schema cannot say. Every reference resolves, ids are unique,
// patterns compile for the linear-time engine, timezones exist, hours make sense, no rule is dead,
// forms and replies are consistent. Pure: the loader passes the parsed files (and ICS texts) in.
// A file that failed the first pass is absent here, and checks that need it are skipped, so one
// typo does not cascade into dozens of "unknown …" messages.
import { DateTime, IANAZone } from 'luxon';
import { checkCondition } from '../conditions/check-condition.ts';
import { closestMatch, listChoices } from './closest-match.ts';
import { checkGithubIssueForm } from './formats/forms/github-issue-form.ts';
import { canonicalCondition, conditionImplies, dependsOn } from '../conditions/implies.ts';
import type { ChangingFacts } from '../conditions/condition-key.ts';
import { readIcsHolidays } from './formats/sla/read-ics-holidays.ts';
import { customersSchema } from './formats/customers/schema.ts';
import { deskSchema } from './formats/desk/schema.ts';
import { slaSchema } from './formats/sla/schema.ts';
import { teamsSchema } from './formats/teams/schema.ts';
import type {
  CannedReplyFrontmatter,
  Condition,
  CustomersFile,
  DeskSettings,
  FormItem,
  PolicyCondition,
  RequestForm,
  RoutingFile,
  RoutingRule,
  SlaFile,
  TeamsFile,
  WeeklyHours,
} from './types.ts';
import { replyVariables, weekDays } from './types.ts';
import { formatPath } from './yaml-source.ts';
import type { PathSegment } from './yaml-source.ts';

/** A problem found by a check, located by its path in a file (or by an explicit line:column). */
export interface Finding {
  file: string;
  path: PathSegment[];
  at?: 'key' | 'value';
  line?: number;
  column?: number;
  severity: 'error' | 'warning';
  message: string;
}

export interface ReplyInput {
  file: string;
  /** From the file name `<id>.<lang>.md`; undefined when the name does not follow it. */
  fileId?: string;
  fileLang?: string;
  frontmatter?: CannedReplyFrontmatter;
  body: string;
  bodyLine: number;
}

export interface RulesInput {
  desk?: DeskSettings;
  teams?: TeamsFile;
  customers?: CustomersFile;
  routing?: RoutingFile;
  sla?: SlaFile;
  /** Forms that passed the first pass; `written` is the data as in the file, before defaults. */
  forms: { id: string; file: string; form: RequestForm; written: unknown }[];
  /** Ids of every form file, valid or not (references to an invalid form are not "unknown"). */
  formIds: Set<string>;
  /** Field ids found in every form file, valid or not. */
  formFieldIds: Set<string>;
  replies: ReplyInput[];
  /** ICS files named by calendars, by path from the root; undefined when the file is missing. */
  icsTexts: Map<string, string | undefined>;
  /** Today, for holiday lists about to run out. */
  now: Date;
}

const DESK = 'rules/desk.yaml';
const TEAMS = 'rules/teams.yaml';
const CUSTOMERS = 'rules/customers.yaml';
const ROUTING = 'rules/routing.yaml';
const SLA = 'rules/sla.yaml';

/** `unknown team "billng"; known teams: billing, it` (with a suggestion when one is close). */
export function unknownReference(
  kind: string,
  plural: string,
  value: string,
  known: Iterable<string>,
): string {
  const list = [...known];
  const suggestion = closestMatch(value, list);
  const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
  return `unknown ${kind} "${value}"${hint}; known ${plural}: ${listChoices(list)}`;
}

let timezoneNames: string[] | undefined;

export function timezoneProblem(zone: string): string | undefined {
  if (IANAZone.isValidZone(zone)) return undefined;
  timezoneNames ??= Intl.supportedValuesOf('timeZone');
  const suggestion = closestMatch(zone, timezoneNames);
  const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
  return `unknown timezone "${zone}"${hint}; expected an IANA timezone name such as Europe/Paris, America/Montreal or UTC`;
}

export function dateProblem(date: string): string | undefined {
  return DateTime.fromISO(date, { zone: 'utc' }).isValid
    ? undefined
    : `"${date}" is not a real date; expected YYYY-MM-DD`;
}

/** How long before the last listed holiday the validator asks for the next year's. */
const holidayNoticeDays = 90;

/** `YYYY-MM-DD`, `days` after `now` (UTC). */
function addDays(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

function checkWeeklyHours(
  file: string,
  base: PathSegment[],
  hours: WeeklyHours | undefined,
  out: Finding[],
): void {
  for (const day of weekDays) {
    const ranges = (hours?.[day] ?? []).map((text, index) => ({
      text,
      index,
      start: toMinutes(text.slice(0, 5)),
      end: toMinutes(text.slice(6, 11)),
    }));
    for (const range of ranges) {
      if (range.start >= range.end) {
        out.push({
          file,
          path: [...base, day, range.index],
          severity: 'error',
          message: `empty range "${range.text}": the start must be before the end; for hours past midnight, end this day at 24:00 and start the next at 00:00`,
        });
      }
    }
    const valid = ranges.filter((range) => range.start < range.end).sort((a, b) => a.start - b.start);
    for (let i = 1; i < valid.length; i += 1) {
      const previous = valid[i - 1]!;
      const current = valid[i]!;
      if (current.start < previous.end) {
        out.push({
          file,
          path: [...base, day, current.index],
          severity: 'error',
          message: `range "${current.text}" overlaps "${previous.text}" on ${day}; merge them or fix one of them`,
        });
      }
    }
  }
}

function duplicates<T>(
  file: string,
  base: PathSegment[],
  items: readonly T[],
  key: (item: T) => string,
  field: string,
  what: string,
  out: Finding[],
): void {
  const first = new Map<string, number>();
  // Shown as written; `key` may fold case (GitHub logins), then the other spelling is named too.
  const written = (item: T) => String((item as Record<string, unknown>)[field]);
  items.forEach((item, index) => {
    const value = key(item);
    const earlier = first.get(value);
    if (earlier === undefined) {
      first.set(value, index);
      return;
    }
    const shown = written(item);
    const other = written(items[earlier]!);
    const spelling = other === shown ? '' : ` as "${other}", the same ignoring case`;
    out.push({
      file,
      path: [...base, index, field],
      severity: 'error',
      message: `duplicate ${what} "${shown}" (also ${formatPath([...base, earlier])}${spelling}); ${what}s must be unique, rename or remove one`,
    });
  });
}

interface Known {
  teams?: Set<string>;
  agents?: Set<string>;
  calendars?: Set<string>;
  priorities?: Set<string>;
  types?: Set<string>;
  categories?: Set<string>;
  languages?: Set<string>;
  tiers?: Set<string>;
  organisations?: Set<string>;
  forms: Set<string>;
  replies: Set<string>;
  /** Field ids over all valid forms. */
  fields: Set<string>;
  /** desk.mail.authservId: when empty, no sender is ever verified. */
  authservId?: string;
}

function reference(
  out: Finding[],
  file: string,
  path: PathSegment[],
  known: Set<string> | undefined,
  value: string,
  kind: string,
  plural: string,
): void {
  if (known && !known.has(value))
    out.push({ file, path, severity: 'error', message: unknownReference(kind, plural, value, known) });
}

/** The checks of the condition keys (src/conditions/), reported in `file`. */
function checkWhen(
  out: Finding[],
  file: string,
  path: PathSegment[],
  condition: Condition | PolicyCondition,
  known: Known,
): void {
  checkCondition(condition, path, {
    known,
    report: (problem) => out.push({ file, ...problem }),
    unknownReference,
  });
}

function ids<T>(items: readonly T[] | undefined, key: (item: T) => string): Set<string> | undefined {
  return items ? new Set(items.map(key)) : undefined;
}

function checkDesk(input: RulesInput, known: Known, out: Finding[]): void {
  const desk = input.desk;
  if (!desk) return;
  duplicates(DESK, ['priorities'], desk.priorities, (p) => p.id, 'id', 'priority id', out);
  duplicates(DESK, ['types'], desk.types, (t) => t.id, 'id', 'type id', out);
  duplicates(DESK, ['categories'], desk.categories, (c) => c.id, 'id', 'category id', out);
  reference(out, DESK, ['defaultPriority'], known.priorities, desk.defaultPriority, 'priority', 'priorities');
  reference(out, DESK, ['defaultType'], known.types, desk.defaultType, 'type', 'types');
  reference(
    out,
    DESK,
    ['lifecycle', 'calendar'],
    known.calendars,
    desk.lifecycle.calendar,
    'calendar',
    'calendars (sla.yaml)',
  );
}

function checkTeams(input: RulesInput, known: Known, out: Finding[]): void {
  const teams = input.teams;
  if (!teams) return;
  duplicates(TEAMS, ['agents'], teams.agents, (a) => a.login.toLowerCase(), 'login', 'agent login', out);
  duplicates(TEAMS, ['teams'], teams.teams, (t) => t.id, 'id', 'team id', out);
  teams.agents.forEach((agent, index) => {
    const base: PathSegment[] = ['agents', index];
    const zone = timezoneProblem(agent.timezone);
    if (zone) out.push({ file: TEAMS, path: [...base, 'timezone'], severity: 'error', message: zone });
    checkWeeklyHours(TEAMS, [...base, 'workingHours'], agent.workingHours, out);
    if (weekDays.every((day) => (agent.workingHours[day] ?? []).length === 0)) {
      out.push({
        file: TEAMS,
        path: [...base, 'workingHours'],
        at: 'key',
        severity: 'warning',
        message: `agent "${agent.login}" has no working hours: round-robin, least-open and skills never pick them (naming them in \`assignees\` still works); add hours such as mon: ['09:00-17:00']`,
      });
    }
    agent.languages.forEach((lang, i) =>
      reference(
        out,
        TEAMS,
        [...base, 'languages', i],
        known.languages,
        lang,
        'language',
        'languages (desk.yaml)',
      ),
    );
    agent.outOfOffice.forEach((period, i) => {
      const path: PathSegment[] = [...base, 'outOfOffice', i];
      const bad = dateProblem(period.from) ?? dateProblem(period.to);
      if (bad) out.push({ file: TEAMS, path, severity: 'error', message: bad });
      else if (period.from > period.to)
        out.push({
          file: TEAMS,
          path: [...path, 'to'],
          severity: 'error',
          message: `"to" (${period.to}) is before "from" (${period.from}); swap them`,
        });
    });
  });
  teams.teams.forEach((team, index) => {
    const base: PathSegment[] = ['teams', index];
    team.members.forEach((login, i) =>
      reference(
        out,
        TEAMS,
        [...base, 'members', i],
        known.agents,
        login,
        'agent',
        'agents (add it under agents)',
      ),
    );
    reference(
      out,
      TEAMS,
      [...base, 'escalationContact'],
      known.agents,
      team.escalationContact,
      'agent',
      'agents',
    );
    reference(
      out,
      TEAMS,
      [...base, 'calendar'],
      known.calendars,
      team.calendar,
      'calendar',
      'calendars (sla.yaml)',
    );
  });
}

function checkCustomers(input: RulesInput, known: Known, out: Finding[]): void {
  const customers = input.customers;
  if (!customers) return;
  duplicates(CUSTOMERS, ['tiers'], customers.tiers, (t) => t.id, 'id', 'tier id', out);
  duplicates(
    CUSTOMERS,
    ['organisations'],
    customers.organisations,
    (o) => o.id,
    'id',
    'organisation id',
    out,
  );
  const claimed = new Map<string, number>();
  customers.organisations.forEach((organisation, index) => {
    const base: PathSegment[] = ['organisations', index];
    reference(out, CUSTOMERS, [...base, 'tier'], known.tiers, organisation.tier, 'tier', 'tiers');
    if (organisation.defaultTeam !== undefined)
      reference(
        out,
        CUSTOMERS,
        [...base, 'defaultTeam'],
        known.teams,
        organisation.defaultTeam,
        'team',
        'teams',
      );
    if (organisation.language !== undefined)
      reference(
        out,
        CUSTOMERS,
        [...base, 'language'],
        known.languages,
        organisation.language,
        'language',
        'languages (desk.yaml)',
      );
    organisation.domains.forEach((domain, i) => {
      const owner = claimed.get(domain);
      if (owner === undefined) claimed.set(domain, index);
      else if (owner !== index) {
        const ownerId = customers.organisations[owner]!.id;
        out.push({
          file: CUSTOMERS,
          path: [...base, 'domains', i],
          severity: 'error',
          message: `domain "${domain}" is already claimed by organisation "${ownerId}" (organisations[${owner}]); a domain belongs to one organisation, remove it from one of them`,
        });
      }
    });
  });
}

function checkRouting(input: RulesInput, known: Known, out: Finding[]): void {
  const routing = input.routing;
  if (!routing) return;
  duplicates(ROUTING, ['rules'], routing.rules, (r) => r.id, 'id', 'rule id', out);
  const changes = routingChanges(routing.rules);
  routing.rules.forEach((rule, index) => {
    const base: PathSegment[] = ['rules', index];
    if (rule.when) checkWhen(out, ROUTING, [...base, 'when'], rule.when, known);
    const then = rule.then;
    if (then.team !== undefined)
      reference(out, ROUTING, [...base, 'then', 'team'], known.teams, then.team, 'team', 'teams');
    if (then.priority !== undefined)
      reference(
        out,
        ROUTING,
        [...base, 'then', 'priority'],
        known.priorities,
        then.priority,
        'priority',
        'priorities',
      );
    if (then.type !== undefined)
      reference(out, ROUTING, [...base, 'then', 'type'], known.types, then.type, 'type', 'types');
    if (then.reply !== undefined)
      reference(
        out,
        ROUTING,
        [...base, 'then', 'reply'],
        known.replies,
        then.reply,
        'reply',
        'replies (rules/replies/)',
      );
    (then.assignees ?? []).forEach((login, i) =>
      reference(out, ROUTING, [...base, 'then', 'assignees', i], known.agents, login, 'agent', 'agents'),
    );

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
    priorities.push(priorities[i]! + (rule.then.priority === undefined ? 0 : 1));
    types.push(types[i]! + (rule.then.type === undefined ? 0 : 1));
    for (const label of rule.then.labels ?? []) {
      // Labels match whatever their case: a rule adding `VIP` changes what `label: vip` answers.
      const key = label.toLowerCase();
      const at = labelRules.get(key);
      if (at) at.push(i);
      else labelRules.set(key, [i]);
    }
    if (rule.then.stop === true) stops.push(i);
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

function checkSla(input: RulesInput, known: Known, out: Finding[]): void {
  const sla = input.sla;
  if (!sla) return;
  duplicates(SLA, ['calendars'], sla.calendars, (c) => c.id, 'id', 'calendar id', out);
  duplicates(SLA, ['policies'], sla.policies, (p) => p.id, 'id', 'policy id', out);
  sla.calendars.forEach((calendar, index) => {
    const base: PathSegment[] = ['calendars', index];
    const zone = timezoneProblem(calendar.timezone);
    if (zone) out.push({ file: SLA, path: [...base, 'timezone'], severity: 'error', message: zone });
    checkWeeklyHours(SLA, [...base, 'hours'], calendar.hours, out);
    const openDays = weekDays.filter((day) => (calendar.hours?.[day] ?? []).length > 0);
    if (!calendar.alwaysOpen && openDays.length === 0) {
      out.push({
        file: SLA,
        path: base,
        severity: 'error',
        message: `calendar "${calendar.id}" is never open: add \`hours\` (e.g. mon: ['09:00-18:00']) or \`alwaysOpen: true\``,
      });
    }
    if (calendar.alwaysOpen && calendar.hours !== undefined && openDays.length > 0) {
      out.push({
        file: SLA,
        path: [...base, 'hours'],
        severity: 'warning',
        message: `hours are ignored because \`alwaysOpen: true\`; remove one of the two`,
      });
    }
    const seen = new Set<string>();
    (calendar.holidays ?? []).forEach((holiday, i) => {
      const path: PathSegment[] = [...base, 'holidays', i, 'date'];
      const bad = dateProblem(holiday.date);
      if (bad) out.push({ file: SLA, path, severity: 'error', message: bad });
      else if (seen.has(holiday.date))
        out.push({
          file: SLA,
          path,
          severity: 'warning',
          message: `holiday ${holiday.date} is listed twice; remove one`,
        });
      seen.add(holiday.date);
    });
    let icsHolidays: string[] = [];
    if (calendar.ics !== undefined) {
      const file = `rules/${calendar.ics}`.replace(/\/\.\//g, '/');
      const text = input.icsTexts.get(file);
      icsHolidays = text === undefined ? [] : readIcsHolidays(text).map((holiday) => holiday.date);
      if (text === undefined) {
        out.push({
          file: SLA,
          path: [...base, 'ics'],
          severity: 'error',
          message: `ICS file "${file}" not found; the path is relative to rules/ (e.g. calendars/holidays.ics), fix it or remove \`ics\``,
        });
      } else if (icsHolidays.length === 0) {
        out.push({
          file: SLA,
          path: [...base, 'ics'],
          severity: 'warning',
          message: `ICS file "${file}" has no all-day events (DTSTART;VALUE=DATE:YYYYMMDD); no holiday is taken from it`,
        });
      }
    }
    // Holidays are listed year by year: warn while there is time to add the next ones.
    const dates = [...(calendar.holidays ?? []).map((holiday) => holiday.date), ...icsHolidays].filter(
      (date) => dateProblem(date) === undefined,
    );
    const last = dates.sort().at(-1);
    if (!calendar.alwaysOpen && last !== undefined && last < addDays(input.now, holidayNoticeDays)) {
      out.push({
        file: SLA,
        path: [...base, calendar.holidays && calendar.holidays.length > 0 ? 'holidays' : 'ics'],
        at: 'key',
        severity: 'warning',
        message: `holidays listed until ${last}; add next year's (after that date, SLA clocks count holidays as working days)`,
      });
    }
  });
  sla.policies.forEach((policy, index) => {
    const base: PathSegment[] = ['policies', index];
    reference(out, SLA, [...base, 'calendar'], known.calendars, policy.calendar, 'calendar', 'calendars');
    if (policy.when) checkWhen(out, SLA, [...base, 'when'], policy.when, known);
    // The first policy that matches applies: an earlier one that matches whenever this one does takes it.
    const earlier = sla.policies.findIndex(
      (other, i) =>
        i < index &&
        (other.when === undefined ||
          (policy.when !== undefined && conditionImplies(policy.when, other.when))),
    );
    if (earlier !== -1) {
      const other = sla.policies[earlier]!;
      const where = `policies[${earlier}] ("${other.id}")`;
      out.push(
        other.when === undefined
          ? {
              file: SLA,
              path: [...base, 'id'],
              severity: 'error',
              message: `policy "${policy.id}" never applies: ${where} has no \`when\` and matches every ticket first; move this policy above it`,
            }
          : canonicalCondition(other.when) === canonicalCondition(policy.when)
            ? {
                file: SLA,
                path: [...base, 'when'],
                severity: 'error',
                message: `policy "${policy.id}" never applies: ${where} has the same \`when\` and applies first; merge them or change one condition`,
              }
            : {
                file: SLA,
                path: [...base, 'when'],
                severity: 'error',
                message: `policy "${policy.id}" never applies: every ticket it matches also matches ${where}, which comes first; move this policy above it, or narrow that policy's \`when\``,
              },
      );
    }
    if (Object.keys(policy.targets).length === 0) {
      out.push({
        file: SLA,
        path: [...base, 'targets'],
        severity: 'error',
        message:
          'no target: set at least one of firstResponse, nextResponse, resolution (e.g. firstResponse: 4h)',
      });
    }
    policy.escalation.forEach((step, i) => {
      const previous = policy.escalation[i - 1];
      if (previous && step.at <= previous.at) {
        out.push({
          file: SLA,
          path: [...base, 'escalation', i, 'at'],
          severity: 'error',
          message: `expected escalation steps in increasing \`at\`; found ${step.at} after ${previous.at}; reorder the steps`,
        });
      }
    });
  });
}

/** A form item that asks something (every item but markdown), named by its id. */
type FieldItem = Exclude<FormItem, { type: 'markdown' }>;

function fieldOptions(item: FormItem): number | undefined {
  if (item.type === 'dropdown') return item.attributes.options.length;
  if (item.type === 'checkboxes') return item.attributes.options.length;
  return undefined;
}

/** What GitHub's issue-forms validator refuses, so the file stays usable in .github/ISSUE_TEMPLATE/. */
function checkGithubFormRules(file: string, written: unknown, out: Finding[]): void {
  // GitHub never sees the `repodesk` key: a copy for .github/ISSUE_TEMPLATE/ goes without it.
  const { repodesk: _extension, ...forGithub } = written as Record<string, unknown>;
  for (const problem of checkGithubIssueForm(forGithub))
    out.push({ file, path: problem.path, at: problem.at, severity: 'error', message: problem.message });
}

function checkForms(input: RulesInput, known: Known, out: Finding[]): void {
  for (const { file, form, written } of input.forms) {
    // Duplicate ids are among GitHub's rules: reported there, the first one is kept here.
    checkGithubFormRules(file, written, out);
    const ext = form.repodesk;
    const fields = new Map<string, { item: FieldItem; index: number }>();
    const markdownCount = form.body.filter((item) => item.type === 'markdown').length;
    form.body.forEach((item, index) => {
      if (item.type === 'markdown') return;
      if (!fields.has(item.id)) fields.set(item.id, { item, index });
      if (
        item.type === 'dropdown' &&
        item.attributes.default !== undefined &&
        item.attributes.default >= item.attributes.options.length
      ) {
        const count = item.attributes.options.length;
        out.push({
          file,
          path: ['body', index, 'attributes', 'default'],
          severity: 'error',
          message: `default ${item.attributes.default} is out of range: the dropdown has ${count} option${count === 1 ? '' : 's'}, so default must be 0 to ${count - 1}`,
        });
      }
    });
    // The subject may come from a dropdown (its option is text); the description must be free text.
    const accepted = {
      subjectField: ['input', 'textarea', 'dropdown'],
      descriptionField: ['input', 'textarea'],
    } as const;
    for (const key of ['subjectField', 'descriptionField'] as const) {
      const kinds: readonly string[] = accepted[key];
      const candidates = [...fields.entries()]
        .filter(([, { item }]) => kinds.includes(item.type))
        .map(([id]) => id);
      const id = ext[key];
      const field = fields.get(id);
      if (!field) {
        out.push({
          file,
          path: ['repodesk', key],
          severity: 'error',
          message: unknownReference('field', `${kinds.join('/')} fields`, id, candidates),
        });
      } else if (!kinds.includes(field.item.type)) {
        out.push({
          file,
          path: ['repodesk', key],
          severity: 'error',
          message: `expected a field of type ${kinds.join(' or ')}, found "${id}" of type ${field.item.type}; candidates: ${listChoices(candidates)}`,
        });
      }
    }
    reference(
      out,
      file,
      ['repodesk', 'category'],
      known.categories,
      ext.category,
      'category',
      'categories (desk.yaml)',
    );
    reference(out, file, ['repodesk', 'type'], known.types, ext.type, 'type', 'types (desk.yaml)');
    reference(
      out,
      file,
      ['repodesk', 'lang'],
      known.languages,
      ext.lang,
      'language',
      'languages (desk.yaml)',
    );
    for (const [lang, translation] of Object.entries(ext.translations)) {
      const base: PathSegment[] = ['repodesk', 'translations', lang];
      if (lang === ext.lang) {
        out.push({
          file,
          path: base,
          at: 'key',
          severity: 'error',
          message: `translation into "${lang}", the language of the file itself; remove it`,
        });
        continue;
      }
      if (known.languages && !known.languages.has(lang)) {
        out.push({
          file,
          path: base,
          at: 'key',
          severity: 'error',
          message: unknownReference('language', 'languages (desk.yaml)', lang, known.languages),
        });
      }
      if (translation.markdown !== undefined && translation.markdown.length !== markdownCount) {
        out.push({
          file,
          path: [...base, 'markdown'],
          severity: 'error',
          message: `expected ${markdownCount} translated markdown text${markdownCount === 1 ? '' : 's'} (one per markdown item of body, in the same order), found ${translation.markdown.length}`,
        });
      }
      for (const [id, texts] of Object.entries(translation.body ?? {})) {
        const field = fields.get(id);
        if (!field) {
          out.push({
            file,
            path: [...base, 'body', id],
            at: 'key',
            severity: 'error',
            message: unknownReference('field', 'fields', id, fields.keys()),
          });
          continue;
        }
        const expected = fieldOptions(field.item);
        if (texts.options !== undefined && expected !== texts.options.length) {
          out.push({
            file,
            path: [...base, 'body', id, 'options'],
            severity: 'error',
            message:
              expected === undefined
                ? `field "${id}" is a ${field.item.type} and has no options; remove \`options\``
                : `expected ${expected} translated options (as many as body[${field.index}], in the same order), found ${texts.options.length}`,
          });
        }
      }
    }
    for (const lang of known.languages ?? []) {
      if (lang !== ext.lang && !(lang in ext.translations)) {
        out.push({
          file,
          path: ['repodesk', 'translations'],
          at: 'key',
          severity: 'warning',
          message: `no "${lang}" translation; the form is shown in ${ext.lang} to ${lang} readers; add repodesk.translations.${lang}`,
        });
      }
    }
  }
}

const variablePattern = /\{\{\s*([^}]*?)\s*\}\}/g;

function checkReplies(input: RulesInput, known: Known, out: Finding[]): void {
  const seen = new Map<string, string>();
  const languagesById = new Map<string, { langs: Set<string>; file: string }>();
  const allowed: readonly string[] = replyVariables;
  for (const reply of input.replies) {
    if (reply.fileId === undefined) {
      out.push({
        file: reply.file,
        path: [],
        line: 1,
        column: 1,
        severity: 'error',
        message: `expected a file name like <id>.<lang>.md (e.g. password-reset.fr.md); rename the file`,
      });
    }
    const lines = reply.body.split('\n');
    lines.forEach((text, index) => {
      for (const match of text.matchAll(variablePattern)) {
        const name = match[1]!;
        if (allowed.includes(name)) continue;
        const suggestion = closestMatch(name, allowed);
        out.push({
          file: reply.file,
          path: [],
          line: reply.bodyLine + index,
          column: match.index + 1,
          severity: 'error',
          message: `unknown variable {{${name}}}${suggestion ? ` (did you mean {{${suggestion}}}?)` : ''}; known variables: ${allowed.join(', ')}`,
        });
      }
    });
    const frontmatter = reply.frontmatter;
    if (!frontmatter) continue;
    if (reply.fileLang !== undefined && frontmatter.lang !== reply.fileLang) {
      out.push({
        file: reply.file,
        path: ['lang'],
        severity: 'error',
        message: `expected lang "${reply.fileLang}" as in the file name, found "${frontmatter.lang}"; fix lang or rename the file`,
      });
    }
    reference(
      out,
      reply.file,
      ['lang'],
      known.languages,
      frontmatter.lang,
      'language',
      'languages (desk.yaml)',
    );
    const key = `${frontmatter.id}\u0000${frontmatter.lang}`;
    const other = seen.get(key);
    if (other) {
      out.push({
        file: reply.file,
        path: ['id'],
        severity: 'error',
        message: `duplicate reply "${frontmatter.id}" in ${frontmatter.lang} (also ${other}); rename one id`,
      });
    } else seen.set(key, reply.file);
    const entry = languagesById.get(frontmatter.id) ?? { langs: new Set<string>(), file: reply.file };
    entry.langs.add(frontmatter.lang);
    languagesById.set(frontmatter.id, entry);
  }
  for (const [id, { langs, file }] of languagesById) {
    for (const lang of known.languages ?? []) {
      if (!langs.has(lang)) {
        out.push({
          file,
          path: ['id'],
          severity: 'warning',
          message: `reply "${id}" has no "${lang}" version; ${lang} requesters get it in ${[...langs].join(', ')}; add rules/replies/${id}.${lang}.md`,
        });
      }
    }
  }
}

type SchemaNode = Record<string, unknown>;

/** A text-per-language map of the schemas (`localised()` in common-schemas.ts). */
const isLocalised = (schema: SchemaNode) =>
  schema.type === 'object' &&
  schema.propertyNames !== undefined &&
  (schema.additionalProperties as SchemaNode | undefined)?.type === 'string';

/**
 * Walks data along its schema and checks that every text per language (names, descriptions) has
 * each desk language: a missing one shows an empty name on the site in that language.
 */
function checkLocalisedTexts(
  file: string,
  path: PathSegment[],
  schema: SchemaNode,
  data: unknown,
  languages: string[],
  out: Finding[],
): void {
  if (data === null || typeof data !== 'object') return;
  if (isLocalised(schema)) {
    const present = Object.keys(data);
    for (const lang of languages) {
      if (present.includes(lang)) continue;
      out.push({
        file,
        path,
        severity: 'warning',
        message: `no "${lang}" text; ${lang} readers see ${present.join(', ')}; add ${lang}: …`,
      });
    }
    for (const lang of present) {
      if (languages.includes(lang)) continue;
      out.push({
        file,
        path: [...path, lang],
        at: 'key',
        severity: 'warning',
        message: `"${lang}" is not a desk language (${languages.join(', ')}); this text is never shown, remove it or add the language to desk.yaml`,
      });
    }
    return;
  }
  if (Array.isArray(data)) {
    const items = schema.items as SchemaNode | undefined;
    if (items)
      data.forEach((item, index) => checkLocalisedTexts(file, [...path, index], items, item, languages, out));
    return;
  }
  const properties = (schema.properties ?? {}) as Record<string, SchemaNode>;
  for (const [key, value] of Object.entries(data)) {
    const child = properties[key];
    if (child) checkLocalisedTexts(file, [...path, key], child, value, languages, out);
  }
}

/** All semantic checks over rules/. */
export function checkRules(input: RulesInput): Finding[] {
  const out: Finding[] = [];
  const fields = new Set<string>();
  for (const { form } of input.forms)
    for (const item of form.body) if (item.type !== 'markdown') fields.add(item.id);
  const replies = new Set<string>();
  for (const reply of input.replies) {
    const id = reply.frontmatter?.id ?? reply.fileId;
    if (id !== undefined) replies.add(id);
  }
  const known: Known = {
    teams: ids(input.teams?.teams, (t) => t.id),
    agents: ids(input.teams?.agents, (a) => a.login),
    calendars: ids(input.sla?.calendars, (c) => c.id),
    priorities: ids(input.desk?.priorities, (p) => p.id),
    types: ids(input.desk?.types, (t) => t.id),
    categories: ids(input.desk?.categories, (c) => c.id),
    languages: input.desk ? new Set(input.desk.languages) : undefined,
    tiers: ids(input.customers?.tiers, (t) => t.id),
    organisations: ids(input.customers?.organisations, (o) => o.id),
    forms: input.formIds,
    replies,
    fields,
    ...(input.desk?.mail ? { authservId: input.desk.mail.authservId } : {}),
  };
  if (known.languages) {
    const files: [string, unknown, object][] = [
      [DESK, input.desk, deskSchema],
      [TEAMS, input.teams, teamsSchema],
      [CUSTOMERS, input.customers, customersSchema],
      [SLA, input.sla, slaSchema],
    ];
    for (const [file, data, schema] of files) {
      if (data !== undefined)
        checkLocalisedTexts(file, [], schema as SchemaNode, data, [...known.languages], out);
    }
  }
  checkDesk(input, known, out);
  checkTeams(input, known, out);
  checkCustomers(input, known, out);
  checkRouting(input, known, out);
  checkSla(input, known, out);
  checkForms(input, known, out);
  checkReplies(input, known, out);
  return out;
}

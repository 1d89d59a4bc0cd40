// `repodesk why <issue>`: the chain of decisions behind one ticket, for an admin asking "why did this go to
// Lucas?": the rules version it was created under, the routing rules that matched, the team, the
// assignment and its reason (all from the decision marker intake wrote), the automatic replies posted and
// the rule behind each, the SLA policy the rules in force choose (and why), and the escalations and
// lifecycle steps repodesk took (its labels and marked comments). Reads GitHub, and the bot's store when
// the environment names it (DATA_DIR, DATABASE_URL): the label changes recorded there carry the rules
// version and the rule or policy step behind each, which the issue's timeline does not. Writes nothing.

import path from 'node:path';
import { loadRules } from '../rules/load-rules.ts';
import { rulesVersion } from '../rules/rules-version.ts';
import type { Rules } from '../rules/types.ts';
import { readAutoReplyMarker } from '../outbound/auto-reply-comment.ts';
import { dueClocks, type DueClocks } from '../sla/due-clocks.ts';
import { planIssue } from '../sweep/plan-ticket.ts';
import { repodeskLoginsOf } from '../sweep/run-sweep.ts';
import { trackerFromEnvironment } from '../sweep/sweep-environment.ts';
import { readCauseMarker } from '../tickets/cause-marker.ts';
import { openKeyValue, type KeyValue } from '../store/key-value.ts';
import { openTicketReferences, parseReference, type TicketReferences } from '../store/reference.ts';
import { openLabelChanges, type LabelChange, type LabelChanges } from '../store/label-changes.ts';
import {
  openedIssueDecisionKey,
  readDecisionMarker,
  type TicketDecision,
} from '../tickets/decision-marker.ts';
import { markersIn } from '../tickets/ticket-action.ts';
import type { Command } from './command.ts';
import { deskRepository } from './desk-repository.ts';
import { openNamedStore } from './named-store.ts';

const usage = `Usage: repodesk why <N|#N|OWNER/REPO#N|REFERENCE> [--root DIR] [--repository OWNER/REPO] [--format text|json]

Prints why a ticket is the way it is: the rules version it was created under, the routing rules that
matched, its team, who was assigned and why, the automatic replies posted (and the rule behind each), the
SLA policy the rules in force choose (and why), and the escalations and lifecycle steps repodesk took.
Reads the issue from GitHub: needs GITHUB_TOKEN and GITHUB_REPOSITORY (GITHUB_API_URL, REPODESK_BOT_LOGIN
and REPODESK_OTHER_LOGINS optional, as for repodesk sweep). With DATA_DIR or DATABASE_URL (the bot's
store, as for repodesk serve) it also reads the label changes the bot recorded, each with its rules
version and the rule or policy step behind it; without (GitHub Actions), label changes come from the
issue's timeline only. Writes nothing.

The ticket: an issue number of the default repository (42 or #42), an issue of another repository
desk.yaml lists (acme/support-hr#7: a confidential queue), or a customer's reference (RD-7K3M-9QX2),
found in the bot's store (DATA_DIR or DATABASE_URL) with its repository.

Options:
  --root DIR        the repository root that holds rules/ (default: .)
  --repository R    the desk's default repository owner/repo (default: GITHUB_REPOSITORY)
  --format F        text (default) or json

Exit status: 0 on success, 1 when the rules, the issue or the environment are wrong, 2 for bad usage.
`;

/** One step repodesk took on the ticket after its creation. */
interface Step {
  at: string;
  what: string;
}

/** Everything `why` prints, as `--format json` gives it. */
interface WhyReport {
  issue: {
    number: number;
    /** `owner/repo` of the issue. */
    repository: string;
    title: string;
    state: string;
    labels: string[];
    assignees: string[];
  };
  /** The creation's decision, when repodesk opened the issue and recorded one. */
  created?: TicketDecision & { at: string };
  /** For an issue opened on GitHub: the routing the bot applied then, from its store. */
  routedWhenOpened?: TicketDecision & { at: string };
  /** Why there is no creation decision. */
  noDecision?: string;
  automaticReplies: { reply: string; rule?: string; at: string }[];
  sla: {
    rulesVersion: string;
    policy?: string;
    /** The shadow policy that would have been chosen, and its clocks' due times: not applied. */
    shadow?: { policy: string; clocks: DueClocks };
    trace: string[];
  };
  steps: Step[];
  /** Where the label changes among the steps come from: the bot's store (with their cause), or the timeline only. */
  labelChanges: 'store' | 'timeline';
}

/** A label change recorded in the store, as a step. */
function storedStep(change: LabelChange): Step {
  return {
    at: new Date(change.at).toISOString(),
    what: `${change.change} label "${change.label}" (${change.rule}; rules ${change.rulesVersion}): ${change.reason}`,
  };
}

/** The ticket asked about: an issue number, with its repository when it is not the desk's default one. */
interface WhyTarget {
  number: number;
  /** `owner/repo` as written, when another repository than the default is named. */
  repository?: string;
}

/** Reads the ticket argument: `42`, `#42`, `owner/repo#42`, or a reference (undefined: not one of those). */
function parseTarget(text: string): WhyTarget | { ref: string } | undefined {
  const issue = /^(?:([\w.-]+\/[\w.-]+))?#?(\d+)$/.exec(text.trim());
  if (issue) {
    const number = Number(issue[2]);
    if (!Number.isSafeInteger(number) || number <= 0) return undefined;
    return issue[1] === undefined ? { number } : { number, repository: issue[1] };
  }
  const ref = parseReference(text);
  return ref === undefined ? undefined : { ref };
}

/**
 * The ticket's issue and repository (undefined: the default one): a reference through the store, another
 * repository only when desk.yaml lists it; else what is wrong.
 */
async function resolveTarget(
  target: WhyTarget | { ref: string },
  desk: Rules['desk'],
  defaultRepository: string | undefined,
  refs: TicketReferences | undefined,
): Promise<WhyTarget | string> {
  if ('ref' in target) {
    if (!refs)
      return `${target.ref} is a reference: reading it needs the bot's store (set DATA_DIR or DATABASE_URL, as for repodesk serve), or give the issue as OWNER/REPO#N`;
    const record = await refs.get(target.ref);
    if (record?.issueNumber === undefined)
      return record
        ? `${target.ref} has no issue yet (the bot has not created it); try again once it has`
        : `no ticket ${target.ref} in the bot's store; check the reference, or give the issue as OWNER/REPO#N`;
    return record.repository === undefined
      ? { number: record.issueNumber }
      : { number: record.issueNumber, repository: record.repository };
  }
  if (target.repository === undefined) return target;
  const kind = deskRepository(desk, target.repository, defaultRepository);
  if (kind === 'default') return { number: target.number };
  if (kind === 'unlisted')
    return `${target.repository}#${target.number}: "${target.repository}" is not one of the desk's repositories (rules/desk.yaml repositories: ${(desk.repositories ?? [desk.repository]).join(', ')}); expected one of them, or add it there`;
  return target;
}

async function report(
  target: WhyTarget,
  rules: Rules,
  versionNow: string,
  repository: string | undefined,
  kv: KeyValue | undefined,
  labelLog: LabelChanges | undefined,
): Promise<WhyReport | string[]> {
  const environment = trackerFromEnvironment(process.env, repository);
  if ('problems' in environment) return environment.problems;
  const { number } = target;
  const tracker =
    target.repository === undefined
      ? environment.tracker
      : environment.tracker.forRepository(target.repository);
  const issue = await tracker.getIssue(number);
  const timeline = await tracker.listTimeline(number, {
    agentLogins: rules.teams.agents.map((agent) => agent.login),
  });
  const repodeskLogins = await repodeskLoginsOf(tracker);
  const byRepodesk = repodeskLogins.includes(issue.author);
  const comments = (await tracker.listComments(number)).filter((comment) =>
    repodeskLogins.includes(comment.author),
  );
  // Markers count only where repodesk wrote them: anybody can type one into an issue they open.
  const decision = byRepodesk ? readDecisionMarker(issue.body) : undefined;
  // An issue opened on GitHub was routed by the bot without rewriting it: its decision is in the store.
  const stored =
    !byRepodesk && kv
      ? await kv.get<TicketDecision & { at: string }>(openedIssueDecisionKey(number, target.repository))
      : undefined;

  const automaticReplies = comments.flatMap((comment) => {
    const marked = readAutoReplyMarker(comment.body);
    if (!marked) return [];
    const rule = decision?.replies[marked.reply];
    return [{ reply: marked.reply, ...(rule ? { rule } : {}), at: comment.createdAt }];
  });
  const ownMarkers = comments.flatMap((comment) =>
    markersIn(comment.body).map((marker) => ({ marker, at: comment.createdAt })),
  );
  const plan = planIssue(issue, timeline, { rules, repodeskLogins, ownMarkers, now: new Date() });

  // Escalation labels repodesk put, named by the policy step that carries each: the ticket's policy's
  // first, then the first policy with a step of that label.
  const stepOfLabel = new Map<string, string>();
  const current = rules.sla.policies.find((policy) => policy.id === plan.policy);
  const applied = rules.sla.policies.filter((policy) => policy.mode !== 'shadow');
  for (const policy of [...(current ? [current] : []), ...applied])
    for (const step of policy.escalation)
      if (!stepOfLabel.has(step.label.toLowerCase()))
        stepOfLabel.set(step.label.toLowerCase(), `policy ${policy.id} step ${step.at}%`);
  // The changes the bot recorded stand for their label events on the timeline, one for one; a label event
  // with none recorded (a sweep run without the store) is named by the policy step that carries it.
  const recorded = (await labelLog?.ofIssue(number, target.repository)) ?? [];
  const unmatched = new Map<string, number>();
  for (const change of recorded) {
    const key = `${change.change} ${change.label.toLowerCase()}`;
    unmatched.set(key, (unmatched.get(key) ?? 0) + 1);
  }
  const steps: Step[] = recorded.map(storedStep);
  for (const event of timeline) {
    if ((event.kind !== 'labeled' && event.kind !== 'unlabeled') || !repodeskLogins.includes(event.actor))
      continue;
    const key = `${event.kind === 'labeled' ? 'added' : 'removed'} ${event.label.toLowerCase()}`;
    const left = unmatched.get(key) ?? 0;
    if (left > 0) {
      unmatched.set(key, left - 1);
      continue;
    }
    const step = stepOfLabel.get(event.label.toLowerCase());
    if (step)
      steps.push({
        at: event.at,
        what: `${event.kind === 'labeled' ? 'added' : 'removed'} label "${event.label}" (${step})`,
      });
  }
  for (const comment of comments) {
    // The executor's cause marker names the rule or policy step and the rules version behind the comment.
    const cause = readCauseMarker(comment.body);
    const why = cause ? ` (${cause.rule}; rules ${cause.rules})` : '';
    for (const marker of markersIn(comment.body))
      steps.push({
        at: comment.createdAt,
        what: `comment ${marker.replace(/^<!-- repodesk:|\s*-->$/g, '')}${why}`,
      });
  }
  steps.sort((a, b) => a.at.localeCompare(b.at));

  return {
    issue: {
      number,
      repository: tracker.repository,
      title: issue.title,
      state: issue.state,
      labels: issue.labels,
      assignees: issue.assignees,
    },
    ...(decision
      ? { created: { ...decision, at: issue.createdAt } }
      : stored
        ? { routedWhenOpened: stored }
        : {
            noDecision: byRepodesk
              ? 'repodesk opened this issue but recorded no decision (created before decisions were recorded)'
              : `opened on GitHub by ${issue.author}, not through intake: no decision is recorded in the issue (the bot routes such an issue by adding labels and an assignee, and records why in its store: set DATA_DIR or DATABASE_URL to read it)`,
          }),
    automaticReplies,
    sla: {
      rulesVersion: versionNow,
      ...(plan.policy ? { policy: plan.policy } : {}),
      ...(plan.shadow
        ? { shadow: { policy: plan.shadow.policy, clocks: dueClocks(plan.shadow.evaluation) } }
        : {}),
      trace: plan.policyTrace,
    },
    steps,
    labelChanges: labelLog ? 'store' : 'timeline',
  };
}

function text(why: WhyReport, defaultRepository: boolean): string {
  const { issue, created } = why;
  const lines = [
    `${defaultRepository ? '' : issue.repository}#${issue.number} ${issue.title} (${issue.state}; labels: ${issue.labels.join(', ') || 'none'}; assignees: ${issue.assignees.join(', ') || 'none'})`,
    '',
  ];
  const routed = why.routedWhenOpened;
  if (routed) {
    lines.push(
      `opened on GitHub; routed ${routed.at} under rules ${routed.rules} (from the bot's store)`,
      `  matched rules: ${routed.matched.join(', ') || 'none'}`,
      `  team: ${routed.team ?? 'none'}`,
      `  assigned: ${routed.assignees.join(', ') || 'nobody'}`,
      `  why: ${routed.assignment}`,
      `  shadow rules that would have matched (not applied): ${routed.shadow.join(', ') || 'none'}`,
    );
  } else if (created) {
    lines.push(
      `created ${created.at} under rules ${created.rules}`,
      `  matched rules: ${created.matched.join(', ') || 'none'}`,
      `  team: ${created.team ?? 'none'}`,
      `  assigned: ${created.assignees.join(', ') || 'nobody'}`,
      `  why: ${created.assignment}`,
      `  shadow rules that would have matched (not applied): ${created.shadow.join(', ') || 'none'}`,
    );
  } else lines.push(`created: ${why.noDecision ?? ''}`);
  lines.push('', why.automaticReplies.length === 0 ? 'automatic replies: none' : 'automatic replies:');
  for (const reply of why.automaticReplies)
    lines.push(`  ${reply.at} ${reply.reply}${reply.rule ? ` (rule ${reply.rule})` : ''}`);
  lines.push(
    '',
    `SLA policy: ${why.sla.policy ?? 'none'} (rules in force: ${why.sla.rulesVersion})`,
    ...(why.sla.shadow
      ? [
          `  shadow policy that would have been chosen (not applied): ${[
            why.sla.shadow.policy,
            ...Object.entries(why.sla.shadow.clocks).map(
              ([clock, outcome]) => `${clock} due ${outcome.dueAt} (${outcome.state})`,
            ),
          ].join('; ')}`,
        ]
      : []),
    ...why.sla.trace.map((line) => `  ${line}`),
    '',
    why.steps.length === 0 ? 'escalations and lifecycle steps: none' : 'escalations and lifecycle steps:',
    ...why.steps.map((step) => `  ${step.at} ${step.what}`),
    '',
    why.labelChanges === 'store'
      ? "label changes: from the bot's store, each with its rules version and rule"
      : "label changes: from the issue's timeline only, without the rules version or rule behind each (no store: set DATA_DIR or DATABASE_URL to read them from the bot's store)",
  );
  return lines.join('\n') + '\n';
}

type Parsed = { positional: string[]; values: Record<string, string> };

function parseArgs(argv: string[]): Parsed | string {
  const allowed = ['--root', '--repository', '--format'];
  const parsed: Parsed = { positional: [], values: {} };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (!arg.startsWith('--')) {
      parsed.positional.push(arg);
      continue;
    }
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (!allowed.includes(name)) return `unknown option "${arg}"; expected ${allowed.join(', ')}`;
    const value = inline ?? argv[(index += 1)];
    if (value === undefined || value === '') return `${name} needs a value`;
    parsed.values[name] = value;
  }
  const format = parsed.values['--format'];
  if (format !== undefined && format !== 'text' && format !== 'json')
    return `--format: expected text or json, found "${format}"`;
  if (parsed.positional.length !== 1 || parseTarget(parsed.positional[0]!) === undefined)
    return `expected one ticket: an issue number (repodesk why 42), OWNER/REPO#N for another repository of the desk, or a reference (RD-7K3M-9QX2); found ${parsed.positional.length === 0 ? 'none' : `"${parsed.positional.join(' ')}"`}`;
  return parsed;
}

export const command: Command = {
  summary: 'explain why a ticket was routed, assigned, answered and escalated as it was',
  usage,
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(usage);
      return 0;
    }
    const parsed = parseArgs(argv);
    if (typeof parsed === 'string') {
      process.stderr.write(`repodesk why: ${parsed}\n\n${usage}`);
      return 2;
    }
    const root = path.resolve(parsed.values['--root'] ?? '.');
    const loaded = await loadRules(root, { now: new Date() });
    if (!loaded.rules) {
      process.stderr.write(
        `repodesk why: the rules under ${root} are invalid; run repodesk validate --root ${root} for the list\n`,
      );
      return 1;
    }
    const version = await rulesVersion(root, loaded.contentHash);
    const given = parseTarget(parsed.positional[0]!)!;
    // The bot's store, only when named: opening a default folder would create one.
    const store = await openNamedStore(process.env);
    let number = 'ref' in given ? given.ref : `#${given.number}`;
    try {
      const target = await resolveTarget(
        given,
        loaded.rules.desk,
        parsed.values['--repository'] ?? process.env.GITHUB_REPOSITORY,
        store ? openTicketReferences(store) : undefined,
      );
      if (typeof target === 'string') {
        process.stderr.write(`repodesk why: ${target}\n`);
        return 1;
      }
      number = `${target.repository ?? ''}#${target.number}`;
      const why = await report(
        target,
        loaded.rules,
        version.version,
        parsed.values['--repository'],
        store ? openKeyValue(store) : undefined,
        store ? openLabelChanges(store) : undefined,
      );
      if (Array.isArray(why)) {
        process.stderr.write(why.map((problem) => `repodesk why: ${problem}\n`).join(''));
        return 1;
      }
      process.stdout.write(
        parsed.values['--format'] === 'json'
          ? `${JSON.stringify(why, null, 2)}\n`
          : text(why, target.repository === undefined),
      );
      return 0;
    } catch (error) {
      process.stderr.write(`repodesk why: could not read issue ${number}: ${(error as Error).message}\n`);
      return 1;
    } finally {
      await store?.close();
    }
  },
};

// `repodesk sla`: explanations of SLA clocks for people. `explain` shows why a ticket's clocks are where
// they are (policy chosen, running and paused segments, due times); `due` computes a due instant on a
// calendar, for admins checking a calendar change before merging it.

import path from 'node:path';
import { DateTime } from 'luxon';
import type { Calendar, Rules, SlaClock } from '../rules/types.ts';
import { slaClocks } from '../rules/types.ts';
import { addBusinessTime } from '../sla/business-time.ts';
import type { ClockEvaluation, SlaEvaluation } from '../sla/evaluate-sla.ts';
import { formatDuration, parseDuration } from '../sla/parse-duration.ts';
import { calendarOf, planIssue } from '../sweep/plan-ticket.ts';
import { readOwnMarkers, repodeskLoginsOf } from '../sweep/run-sweep.ts';
import { rulesOrProblems, trackerFromEnvironment } from '../sweep/sweep-environment.ts';
import type { Command } from './command.ts';

const usage = `Usage:
  repodesk sla explain <issue-number> [--root DIR] [--repository OWNER/REPO] [--now ISO-8601] [--format text|json]
  repodesk sla due --calendar <id> --from <ISO-8601> --duration <e.g. 4h> [--root DIR]

explain  reads the issue and its timeline from GitHub and prints the SLA policy chosen (and why), each
         clock's state, running and paused segments, due time and business time left, and what the
         next sweep would do; a shadow policy (mode: shadow) that would have been chosen is shown
         next to it with its clocks, as "would have": never applied. Needs GITHUB_TOKEN and GITHUB_REPOSITORY (GITHUB_API_URL,
         REPODESK_BOT_LOGIN and REPODESK_OTHER_LOGINS optional, as for repodesk sweep).
due      prints the instant a duration of business time after --from ends on a calendar of
         rules/sla.yaml (durations: 30m, 4h, 1h30m, 2d with 1d = 24 counted hours; 0m is the
         first open instant: --from itself during opening hours, else the next opening).

Options:
  --root DIR        the repository root that holds rules/ (default: .)
  --repository R    the support repository owner/repo (default: GITHUB_REPOSITORY)
  --now ISO-8601    explain as of this time (default: now)
  --format F        explain: text (default) or json

Exit status: 0 on success, 1 when the rules, the issue or the environment are wrong, 2 for bad usage.
`;

type Parsed = { positional: string[]; values: Record<string, string> };

function parseArgs(argv: string[], allowed: string[]): Parsed | string {
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
  return parsed;
}

function parseInstant(name: string, value: string): Date | string {
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? `${name}: expected an ISO-8601 time such as 2026-11-20T16:30:00+01:00, found "${value}"`
    : date;
}

/** `2026-11-23T11:30:00.000Z (Mon 23 Nov 2026 12:30 Europe/Paris)`. */
function instant(iso: string, calendar: Calendar): string {
  const local = DateTime.fromISO(iso, { zone: calendar.timezone }).toFormat('ccc d LLL yyyy HH:mm');
  return `${iso} (${local} ${calendar.timezone})`;
}

const clockNames: Record<SlaClock, string> = {
  firstResponse: 'first response',
  nextResponse: 'next response',
  resolution: 'resolution',
};

function explainClock(clock: ClockEvaluation, calendar: Calendar): string[] {
  const lines = [
    `${clockNames[clock.clock]}: target ${clock.target}, ${clock.state}${clock.late ? ' (late)' : ''}`,
    `  why      ${clock.reason}`,
    `  started  ${instant(clock.startedAt, calendar)}`,
  ];
  if (clock.stoppedAt) lines.push(`  stopped  ${instant(clock.stoppedAt, calendar)}`);
  lines.push(
    `  due      ${instant(clock.dueAt, calendar)}`,
    `  counted  ${formatDuration(clock.elapsedMs)} of ${formatDuration(clock.targetMs)} (${clock.elapsedPercent}%), ` +
      `${clock.businessTimeLeftMs >= 0 ? `${formatDuration(clock.businessTimeLeftMs)} left` : `${formatDuration(-clock.businessTimeLeftMs)} over`}`,
    '  segments',
  );
  for (const segment of clock.segments) {
    lines.push(
      `    ${segment.running ? 'running' : 'paused '}  ${instant(segment.from, calendar)} → ${instant(segment.to, calendar)}` +
        `  status ${segment.status}  ${formatDuration(segment.businessMs)} counted`,
    );
  }
  for (const step of clock.stepsReached) {
    lines.push(
      `  step ${step.at}% (${step.label}${step.notify ? `, ${step.notify}` : ''}) reached ${instant(step.reachedAt, calendar)}`,
    );
  }
  return lines;
}

/** What `sla explain` prints, as `--format json` gives it. */
interface SlaExplanation {
  issue: { number: number; title: string; state: string; labels: string[] };
  now: string;
  policy?: string;
  policyTrace: string[];
  /** The policy's clocks; none when the ticket has no policy or is closed. */
  evaluation?: SlaEvaluation;
  /** The shadow policy that would have been chosen (`mode: shadow`), with its clocks: never applied. */
  shadow?: { policy: string; evaluation?: SlaEvaluation };
  /** What the next sweep would do, each with the rule behind it. */
  nextSweep: {
    kind: string;
    label?: string;
    login?: string;
    marker?: string;
    rule: string;
    reason: string;
  }[];
}

async function explanation(
  number: number,
  rules: Rules,
  now: Date,
  repository?: string,
): Promise<SlaExplanation | string[]> {
  const environment = trackerFromEnvironment(process.env, repository);
  if ('problems' in environment) return environment.problems;
  const { tracker } = environment;
  const issue = await tracker.getIssue(number);
  const timeline = await tracker.listTimeline(number, {
    agentLogins: rules.teams.agents.map((agent) => agent.login),
  });
  const repodeskLogins = await repodeskLoginsOf(tracker);
  const ownMarkers = await readOwnMarkers(tracker, number, timeline, repodeskLogins);
  const plan = planIssue(issue, timeline, { rules, repodeskLogins, ownMarkers, now });
  return {
    issue: { number, title: issue.title, state: issue.state, labels: issue.labels },
    now: now.toISOString(),
    ...(plan.policy ? { policy: plan.policy } : {}),
    policyTrace: plan.policyTrace,
    ...(plan.evaluation ? { evaluation: plan.evaluation } : {}),
    ...(plan.shadow ? { shadow: plan.shadow } : {}),
    nextSweep: plan.actions.map((action) => ({
      kind: action.kind,
      ...(action.kind === 'add-label' || action.kind === 'remove-label' ? { label: action.label } : {}),
      ...(action.kind === 'assign' ? { login: action.login } : {}),
      ...(action.kind === 'comment' ? { marker: action.marker } : {}),
      rule: action.cause.rule,
      reason: action.cause.reason,
    })),
  };
}

/** The calendar and clocks of `policyId` evaluated as `evaluation`, as people read them. */
function clockLines(rules: Rules, policyId: string, evaluation: SlaEvaluation): string[] {
  const calendar = calendarOf(rules, evaluation.calendar);
  const lines = [
    `calendar: ${calendar.id} (${calendar.timezone}${calendar.alwaysOpen ? ', always open' : ''})`,
  ];
  const policy = rules.sla.policies.find((candidate) => candidate.id === policyId);
  for (const clock of slaClocks) {
    const clockEvaluation = evaluation.clocks[clock];
    lines.push('');
    if (clockEvaluation) lines.push(...explainClock(clockEvaluation, calendar));
    else if (policy?.targets[clock] === undefined)
      lines.push(`${clockNames[clock]}: no target in this policy`);
    else lines.push(`${clockNames[clock]}: not started (no customer message after an agent reply)`);
  }
  return lines;
}

function explanationText(explained: SlaExplanation, rules: Rules): string {
  const { issue } = explained;
  const lines = [
    `#${issue.number} ${issue.title} (${issue.state}; labels: ${issue.labels.join(', ') || 'none'})`,
    `as of ${explained.now}`,
    '',
    `policy: ${explained.policy ?? 'none'}`,
    ...explained.policyTrace.map((line) => `  ${line}`),
  ];
  if (explained.evaluation && explained.policy)
    lines.push(...clockLines(rules, explained.policy, explained.evaluation));
  else if (explained.policy) lines.push('', 'the issue is closed: no clock runs');
  const { shadow } = explained;
  if (shadow) {
    // Shown next to the applied policy, so that an admin trying a policy in shadow sees what it would do.
    lines.push(
      '',
      `shadow policy that would have been chosen (not applied): ${shadow.policy}`,
      ...(shadow.evaluation
        ? clockLines(rules, shadow.policy, shadow.evaluation).map((line) => (line ? `  ${line}` : line))
        : ['  the issue is closed: no clock runs']),
    );
  }
  lines.push(
    '',
    explained.nextSweep.length === 0 ? 'the next sweep changes nothing' : 'the next sweep would:',
  );
  for (const action of explained.nextSweep) {
    const what =
      action.kind === 'add-label' || action.kind === 'remove-label'
        ? `${action.kind} "${action.label ?? ''}"`
        : action.kind === 'assign'
          ? `assign ${action.login ?? ''}`
          : action.kind === 'comment'
            ? `comment ${action.marker ?? ''}`
            : 'close the issue';
    lines.push(`  ${what} (${action.rule}: ${action.reason})`);
  }
  return lines.join('\n') + '\n';
}

function due(values: Record<string, string>, rules: Rules): number | string {
  const calendarId = values['--calendar'];
  const from = values['--from'];
  const durationText = values['--duration'];
  if (!calendarId || !from || !durationText) return 'due needs --calendar, --from and --duration';
  const calendar = rules.sla.calendars.find((candidate) => candidate.id === calendarId);
  if (!calendar) {
    return `--calendar: unknown calendar "${calendarId}"; known calendars: ${rules.sla.calendars.map((candidate) => candidate.id).join(', ')}`;
  }
  const start = parseInstant('--from', from);
  if (typeof start === 'string') return start;
  const duration = parseDuration(durationText);
  if (!duration.ok) return `--duration: ${duration.message}`;
  const dueAt = addBusinessTime(calendar, start, duration.ms).toISOString();
  const fromText = instant(start.toISOString(), calendar);
  process.stdout.write(
    duration.ms === 0
      ? `${dueAt}\n${durationText} on calendar ${calendar.id} from ${fromText} is due at the first open instant, ${instant(dueAt, calendar)}\n`
      : `${dueAt}\n${durationText} of business time on calendar ${calendar.id} from ${fromText} ends ${instant(dueAt, calendar)}\n`,
  );
  return 0;
}

export const command: Command = {
  summary: 'explain a ticket’s SLA clocks, or compute a due time on a calendar',
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub !== 'explain' && sub !== 'due') {
      process.stderr.write(
        `repodesk sla: expected "explain" or "due", found ${sub === undefined ? 'nothing' : `"${sub}"`}\n\n${usage}`,
      );
      return 2;
    }
    const parsed = parseArgs(
      rest,
      sub === 'due'
        ? ['--calendar', '--from', '--duration', '--root']
        : ['--root', '--repository', '--now', '--format'],
    );
    if (typeof parsed === 'string') {
      process.stderr.write(`repodesk sla ${sub}: ${parsed}\n\n${usage}`);
      return 2;
    }
    const format = parsed.values['--format'];
    if (format !== undefined && format !== 'text' && format !== 'json') {
      process.stderr.write(
        `repodesk sla ${sub}: --format: expected text or json, found "${format}"\n\n${usage}`,
      );
      return 2;
    }
    let now = new Date();
    if (parsed.values['--now'] !== undefined) {
      const given = parseInstant('--now', parsed.values['--now']);
      if (typeof given === 'string') {
        process.stderr.write(`repodesk sla ${sub}: ${given}\n`);
        return 2;
      }
      now = given;
    }
    const loaded = await rulesOrProblems(path.resolve(parsed.values['--root'] ?? '.'), now);
    if ('problems' in loaded) {
      process.stderr.write(
        `repodesk sla: the rules are invalid (repodesk validate shows the same list):\n${loaded.problems.map((problem) => `  ${problem}\n`).join('')}`,
      );
      return 1;
    }
    if (sub === 'due') {
      const outcome = due(parsed.values, loaded.rules);
      if (typeof outcome === 'string') {
        process.stderr.write(`repodesk sla due: ${outcome}\n`);
        return 2;
      }
      return outcome;
    }
    const number = Number(parsed.positional[0]);
    if (parsed.positional.length !== 1 || !Number.isInteger(number) || number <= 0) {
      process.stderr.write(`repodesk sla explain: expected one issue number, e.g. repodesk sla explain 42\n`);
      return 2;
    }
    try {
      const explained = await explanation(number, loaded.rules, now, parsed.values['--repository']);
      if (Array.isArray(explained)) {
        process.stderr.write(explained.map((problem) => `repodesk sla explain: ${problem}\n`).join(''));
        return 1;
      }
      process.stdout.write(
        parsed.values['--format'] === 'json'
          ? `${JSON.stringify(explained, null, 2)}\n`
          : explanationText(explained, loaded.rules),
      );
      return 0;
    } catch (error) {
      process.stderr.write(
        `repodesk sla explain: could not read issue #${number}: ${(error as Error).message}\n`,
      );
      return 1;
    }
  },
};

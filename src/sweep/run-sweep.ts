// The sweep: one pass of SLA escalation and lifecycle automation over the open tickets, through the
// Tracker port only. It reads the open issues (100 a page), reads a timeline only when the ticket could
// need an action and the cached one is stale, plans each ticket with the pure engines, and writes only
// what differs from the issue as GitHub holds it, within a write budget. A dry run plans and writes nothing.

import type { Logger } from '../config/logger.ts';
import type { LabelChanges } from '../store/label-changes.ts';
import { LockBusyError } from '../store/lock-busy-error.ts';
import type { Rules } from '../rules/types.ts';
import type { TicketHistory } from '../sla/ticket-history.ts';
import type { TimelineEvent } from '../tickets/types.ts';
import { applyTicketActions, contentWritesNeeded, writesNeeded } from '../executor/apply-ticket-actions.ts';
import { TrackerError } from '../tracker/tracker-error.ts';
import type { IssueLocks } from '../tracker/issue-locks.ts';
import type { IssueWithBody, Tracker } from '../tracker/tracker.ts';
import { canSkipTicket } from './can-skip-ticket.ts';
import { planTicket, type TicketPlan } from './plan-ticket.ts';
import { emptySweepCache, type CachedTicket, type SweepCache } from './sweep-cache.ts';
import { markersIn, type OwnMarker } from '../tickets/ticket-action.ts';
import { indexLabels } from './ticket-facts.ts';
import { sameLogin } from '../rules/agents.ts';
import {
  agentDirectory,
  assignWaitingTickets,
  type WaitingTicket,
} from '../routing/assign-waiting-tickets.ts';
import type { SlaEvaluation } from '../sla/evaluate-sla.ts';
import { waitingForAgent, type AgentWanted } from './waiting-for-agent.ts';

export interface SweepOptions {
  tracker: Tracker;
  rules: Rules;
  now: Date;
  log?: Logger;
  dryRun?: boolean;
  /** At most this many writes in this run; tickets that would exceed it wait for the next run. */
  maxWrites?: number;
  /** Timelines kept from earlier runs (updated in place); a fresh one when absent. */
  cache?: SweepCache;
  /** Tickets read at once. GitHub asks integrations to send requests one at a time: keep 1 there. */
  concurrency?: number;
  /**
   * Asks a budget shared with other writers (the bot's intake) for `count` content writes (comments)
   * before a ticket's writes; false stops the run there, and the next run goes on from the same tickets.
   */
  takeContentWrites?: (count: number) => boolean | Promise<boolean>;
  /**
   * The bot's per-issue turns (its jobs write the same issues): each plan is applied in the issue's turn,
   * against the issue read again there. Left out (the CLI, the Actions workflow), the list as read is used.
   */
  issueLocks?: IssueLocks;
  /** Round-robin positions by team id (the bot keeps them in its store); the run returns the new ones. */
  lastAssigned?: Record<string, string>;
  /** The rules version in force, written in the cause marker of each comment the sweep posts. */
  rulesVersion?: string;
  /** The bot's store of label changes: each label the sweep adds or removes is recorded there, with its cause. */
  labelChanges?: LabelChanges;
  /**
   * Open tickets per teams.yaml agent in the desk's other repositories (confidential queues), added to those
   * listed here before tickets waiting for an agent are assigned; asked only when a ticket waits.
   */
  openElsewhere?: () => Promise<Record<string, number>>;
}

export interface SweepResult {
  now: string;
  dryRun: boolean;
  /** Open tickets listed. */
  tickets: number;
  /** Tickets skipped without reading their history (nothing can be due yet). */
  skipped: number;
  timelinesRead: number;
  timelinesFromCache: number;
  commentListsRead: number;
  /** Tickets with at least one action, with their actions. */
  plans: TicketPlan[];
  actions: number;
  writes: number;
  /** Tickets whose actions wait for the next run (write budget spent, or the issue busy in another replica). */
  deferred: number[];
  /** True when the shared content-write budget stopped the run. */
  stoppedByBudget: boolean;
  errors: { number: number; message: string }[];
  /** Tickets that waited for an agent and were assigned in this run (not in a dry run). */
  assigned: { number: number; login: string }[];
  /** Round-robin positions changed by this run's assignments, by team id. */
  lastAssigned: Record<string, string>;
  /** Open tickets per teams.yaml agent in this repository: those listed, plus this run's assignments. */
  openByAgent: Record<string, number>;
}

/** The cause rule of an assignment of a ticket that waited for an agent. */
const waitingRule = 'sweep waiting ticket';

/** The default write budget of one run: well under GitHub's 500 content writes an hour at 4 runs an hour. */
export const defaultMaxWrites = 100;

/** Runs one sweep and resolves to what it planned and did. */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const { tracker, rules, now } = options;
  const nowMs = now.getTime();
  const cache = options.cache ?? emptySweepCache('');
  const labels = indexLabels(rules);
  const repodeskLogins = await repodeskLoginsOf(tracker);
  const agentLogins = rules.teams.agents.map((agent) => agent.login);
  const maxWrites = options.maxWrites ?? defaultMaxWrites;
  const result: SweepResult = {
    now: now.toISOString(),
    dryRun: options.dryRun === true,
    tickets: 0,
    skipped: 0,
    timelinesRead: 0,
    timelinesFromCache: 0,
    commentListsRead: 0,
    plans: [],
    actions: 0,
    writes: 0,
    deferred: [],
    stoppedByBudget: false,
    errors: [],
    assigned: [],
    lastAssigned: {},
    openByAgent: {},
  };

  const issues: IssueWithBody[] = [];
  for await (const issue of tracker.listOpenIssues()) issues.push(issue);
  result.tickets = issues.length;
  const seen = new Set(issues.map((issue) => String(issue.number)));
  for (const key of Object.keys(cache.tickets)) if (!seen.has(key)) delete cache.tickets[key];

  const history = async (issue: IssueWithBody): Promise<CachedTicket> => {
    const key = String(issue.number);
    const cached = cache.tickets[key];
    if (cached && cached.updatedAt === issue.updatedAt) {
      result.timelinesFromCache += 1;
      return cached;
    }
    const timeline = await tracker.listTimeline(issue.number, { agentLogins });
    result.timelinesRead += 1;
    const ownMarkers = await readOwnMarkers(tracker, issue.number, timeline, repodeskLogins, () => {
      result.commentListsRead += 1;
    });
    const entry: CachedTicket = { updatedAt: issue.updatedAt, timeline, ownMarkers };
    cache.tickets[key] = entry;
    return entry;
  };

  const planned: { issue: IssueWithBody; plan: TicketPlan }[] = [];
  const waiting: { issue: IssueWithBody; plan: TicketPlan; wanted: AgentWanted }[] = [];
  const planOne = async (issue: IssueWithBody): Promise<void> => {
    try {
      // A ticket waiting for an agent is read: its SLA due times order the queue.
      const wanted = waitingForAgent(issue, rules, labels, repodeskLogins);
      if (
        !wanted &&
        !cache.tickets[String(issue.number)] &&
        canSkipTicket(issue, rules, labels, nowMs, repodeskLogins)
      ) {
        result.skipped += 1;
        return;
      }
      const { timeline, ownMarkers } = await history(issue);
      const ticket: TicketHistory = {
        number: issue.number,
        createdAt: issue.createdAt,
        state: issue.state,
        labels: issue.labels,
        assignees: issue.assignees,
        timeline,
      };
      const plan = planTicket({
        history: ticket,
        title: issue.title,
        body: issue.body,
        author: issue.author,
        rules,
        labels,
        repodeskLogins,
        ownMarkers,
        now,
      });
      if (wanted && !plan.actions.some((action) => action.kind === 'assign' || action.kind === 'close'))
        waiting.push({ issue, plan, wanted });
      else if (plan.actions.length > 0) planned.push({ issue, plan });
    } catch (error) {
      result.errors.push({ number: issue.number, message: (error as Error).message });
      options.log?.error('sweep could not plan a ticket', {
        issue: issue.number,
        error: (error as Error).message,
      });
    }
  };

  const concurrency = Math.max(1, options.concurrency ?? 1);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, issues.length) }, async () => {
      while (next < issues.length) await planOne(issues[next++]!);
    }),
  );
  planned.push(...(await assignWaiting(waiting, issues, options, result)));
  planned.sort((a, b) => a.issue.number - b.issue.number);

  /** Applies one plan to the issue as it is now; false when it waits for the next run (budget). */
  const apply = async (listed: IssueWithBody, plan: TicketPlan): Promise<boolean> => {
    // Inside the bot, others write the same issues (jobs, commands): read it again in its turn, so that
    // the write is computed against what is there now, not against the list read at the start.
    const issue = options.issueLocks ? await tracker.getIssue(listed.number) : listed;
    // Closed since it was listed: its plan was for an open ticket.
    if (issue.state !== listed.state) return true;
    // Someone took the waiting ticket meanwhile: it waits no more.
    const actions =
      issue.assignees.length > 0
        ? plan.actions.filter((action) => action.kind !== 'assign' || action.cause.rule !== waitingRule)
        : plan.actions;
    const needed = writesNeeded(issue, actions);
    if (result.stoppedByBudget || result.writes + needed > maxWrites) return false;
    const content = contentWritesNeeded(actions);
    if (content > 0 && options.takeContentWrites && !(await options.takeContentWrites(content))) {
      result.stoppedByBudget = true;
      return false;
    }
    result.writes += await applyTicketActions(
      tracker,
      issue.number,
      issue,
      actions,
      new Set(),
      options.rulesVersion,
      options.labelChanges ? { changes: options.labelChanges, at: nowMs } : undefined,
    );
    for (const action of actions)
      if (action.kind === 'assign' && action.cause.rule === waitingRule)
        result.assigned.push({ number: issue.number, login: action.login });
    return true;
  };

  for (const { issue, plan } of planned) {
    result.plans.push(plan);
    result.actions += plan.actions.length;
    if (result.dryRun) continue;
    if (result.stoppedByBudget || result.writes + writesNeeded(issue, plan.actions) > maxWrites) {
      result.deferred.push(issue.number);
      continue;
    }
    try {
      const applied = await (options.issueLocks
        ? options.issueLocks.run(issue.number, () => apply(issue, plan))
        : apply(issue, plan));
      if (!applied) {
        result.deferred.push(issue.number);
        continue;
      }
    } catch (error) {
      // Another replica works on the issue (a job, its own sweep): no error, the next run plans it again.
      if (error instanceof LockBusyError) {
        result.deferred.push(issue.number);
        options.log?.info('sweep left a ticket busy in another replica for its next run', {
          lock: error.what,
        });
        continue;
      }
      result.errors.push({ number: issue.number, message: (error as Error).message });
      options.log?.error('sweep could not apply a plan', {
        issue: issue.number,
        error: (error as Error).message,
      });
    }
    // Our writes moved updated_at: the next run reads this ticket again.
    delete cache.tickets[String(issue.number)];
  }
  result.openByAgent = openByAgent(rules, issues);
  for (const { login } of result.assigned) result.openByAgent[login] = (result.openByAgent[login] ?? 0) + 1;
  options.log?.info('sweep done', {
    tickets: result.tickets,
    skipped: result.skipped,
    timelinesRead: result.timelinesRead,
    actions: result.actions,
    writes: result.writes,
    deferred: result.deferred.length,
    stoppedByBudget: result.stoppedByBudget,
    errors: result.errors.length,
  });
  return result;
}

/** When the first of the ticket's running SLA clocks is due, else when the ticket was created (epoch ms). */
function firstDueMs(evaluation: SlaEvaluation | undefined, createdAt: string): number {
  const dues = Object.values(evaluation?.clocks ?? {})
    .filter((clock) => clock.state !== 'met' && clock.stoppedAt === undefined)
    .map((clock) => Date.parse(clock.dueAt));
  return dues.length > 0 ? Math.min(...dues) : Date.parse(createdAt);
}

/** Open tickets per teams.yaml agent among `issues`. */
function openByAgent(rules: Rules, issues: readonly IssueWithBody[]): Record<string, number> {
  return Object.fromEntries(
    rules.teams.agents.map((agent) => [
      agent.login,
      issues.filter((issue) => issue.assignees.some((login) => sameLogin(login, agent.login))).length,
    ]),
  );
}

/**
 * Adds to the plans of the tickets waiting for an agent the agent available now (due first, within
 * capacity, by the strategy routing wanted), open tickets counted from the issues listed plus those of the
 * desk's other repositories (`openElsewhere`, asked only here); returns the plans that have actions.
 * Records the round-robin positions it moved in `result.lastAssigned`.
 */
async function assignWaiting(
  waiting: readonly { issue: IssueWithBody; plan: TicketPlan; wanted: AgentWanted }[],
  issues: readonly IssueWithBody[],
  options: SweepOptions,
  result: SweepResult,
): Promise<{ issue: IssueWithBody; plan: TicketPlan }[]> {
  if (waiting.length === 0) return [];
  const { rules, now } = options;
  const tickets: WaitingTicket[] = waiting.map(({ issue, plan, wanted }) => ({
    number: issue.number,
    team: wanted.team,
    strategy: wanted.strategy,
    dueMs: firstDueMs(plan.evaluation, issue.createdAt),
    createdMs: Date.parse(issue.createdAt),
    tags: issue.labels,
    language: wanted.language,
  }));
  const directory = agentDirectory(rules);
  const decide = (open: Record<string, number>) =>
    assignWaitingTickets(
      tickets,
      directory,
      { openByAgent: open, lastAssigned: options.lastAssigned ?? {} },
      now,
    );
  const open = openByAgent(rules, issues);
  let decided = decide(open);
  // An HR case is as much work as a ticket of this repository, as least-open routing counts it at intake.
  // More open tickets only take agents out (capacity), never bring one in: when nobody can take a ticket on
  // this repository's counts alone (at night, say), the other repositories are not read.
  if (decided.assignments.length > 0 && options.openElsewhere) {
    try {
      for (const [login, count] of Object.entries(await options.openElsewhere()))
        if (login in open) open[login]! += count;
      decided = decide(open);
    } catch (error) {
      // Counts that leave out the other repositories could overload an agent: the tickets wait for the next run.
      const message = `not assigned: the open tickets of the desk's other repositories could not be read: ${(error as Error).message}`;
      for (const { number } of decided.assignments) result.errors.push({ number, message });
      options.log?.error('sweep could not count open tickets in the other repositories', {
        waiting: waiting.length,
        error: (error as Error).message,
      });
      decided = { assignments: [], lastAssigned: {}, stillWaiting: [] };
    }
  }
  result.lastAssigned = decided.lastAssigned;
  const loginOf = new Map(decided.assignments.map((assignment) => [assignment.number, assignment]));
  return waiting.flatMap(({ issue, plan }) => {
    const assignment = loginOf.get(issue.number);
    const actions = assignment
      ? [
          ...plan.actions,
          {
            kind: 'assign' as const,
            login: assignment.login,
            cause: { source: 'routing' as const, rule: waitingRule, reason: assignment.trace },
          },
        ]
      : plan.actions;
    return actions.length > 0 ? [{ issue, plan: { ...plan, actions } }] : [];
  });
}

/**
 * The logins repodesk writes as. GitHub refuses GET /user to an installation token (the Actions
 * GITHUB_TOKEN, a GitHub App's token used as GITHUB_TOKEN): then say how to name the login instead.
 */
export async function repodeskLoginsOf(tracker: Tracker): Promise<string[]> {
  try {
    return await tracker.repodeskLogins();
  } catch (error) {
    if (error instanceof TrackerError && error.code === 'forbidden') {
      throw new Error(
        `cannot tell which login this token writes as: ${error.method} ${error.path} answered ${error.status ?? 403} ` +
          '(GitHub refuses it to installation tokens such as the Actions GITHUB_TOKEN); set REPODESK_BOT_LOGIN ' +
          'to the login the token writes as, for example REPODESK_BOT_LOGIN=github-actions[bot]',
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * The sweep markers of the comments repodesk wrote on an issue. Read only when the timeline shows a
 * comment of ours: our notices and escalation comments are the only comments whose body matters here.
 */
export async function readOwnMarkers(
  tracker: Tracker,
  number: number,
  timeline: TimelineEvent[],
  repodeskLogins: readonly string[],
  onRead: () => void = () => {},
): Promise<OwnMarker[]> {
  if (!timeline.some((event) => event.kind === 'commented' && event.author === 'bot')) return [];
  const comments = await tracker.listComments(number);
  onRead();
  return comments
    .filter((comment) => repodeskLogins.includes(comment.author))
    .flatMap((comment) => markersIn(comment.body).map((marker) => ({ marker, at: comment.createdAt })));
}

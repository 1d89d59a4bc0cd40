// The sweep: one pass of SLA escalation and lifecycle automation over the open tickets, through the
// Tracker port only. It reads the open issues (100 a page), reads a timeline only when the ticket could
// need an action and the cached one is stale, plans each ticket with the pure engines, and writes only
// what differs from the issue as GitHub holds it, within a write budget. A dry run plans and writes nothing.

import type { Logger } from '../config/logger.ts';
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
  /** Tickets whose actions wait for the next run (write budget spent). */
  deferred: number[];
  /** True when the shared content-write budget stopped the run. */
  stoppedByBudget: boolean;
  errors: { number: number; message: string }[];
}

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
  const planOne = async (issue: IssueWithBody): Promise<void> => {
    try {
      if (
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
      if (plan.actions.length > 0) planned.push({ issue, plan });
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
  planned.sort((a, b) => a.issue.number - b.issue.number);

  /** Applies one plan to the issue as it is now; false when it waits for the next run (budget). */
  const apply = async (listed: IssueWithBody, plan: TicketPlan): Promise<boolean> => {
    // Inside the bot, others write the same issues (jobs, commands): read it again in its turn, so that
    // the write is computed against what is there now, not against the list read at the start.
    const issue = options.issueLocks ? await tracker.getIssue(listed.number) : listed;
    // Closed since it was listed: its plan was for an open ticket.
    if (issue.state !== listed.state) return true;
    const needed = writesNeeded(issue, plan.actions);
    if (result.stoppedByBudget || result.writes + needed > maxWrites) return false;
    const content = contentWritesNeeded(plan.actions);
    if (content > 0 && options.takeContentWrites && !(await options.takeContentWrites(content))) {
      result.stoppedByBudget = true;
      return false;
    }
    result.writes += await applyTicketActions(tracker, issue.number, issue, plan.actions);
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
      result.errors.push({ number: issue.number, message: (error as Error).message });
      options.log?.error('sweep could not apply a plan', {
        issue: issue.number,
        error: (error as Error).message,
      });
    }
    // Our writes moved updated_at: the next run reads this ticket again.
    delete cache.tickets[String(issue.number)];
  }
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

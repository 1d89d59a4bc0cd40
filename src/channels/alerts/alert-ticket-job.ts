// The job that keeps an alert's ticket up to date: creates its issue once (ensure-ticket-issue.ts: routed,
// one write, never a second issue after a 502 or a crash), then writes what planAlertTicket asks for, in
// the fewest writes (the body, the status and flapping labels in one PATCH; the resolution note), inside
// the write budget. One job per alert at a time: firings that arrive while it is queued need no other.

import type { BotContext } from '../../context.ts';
import { messagesFor } from '../../messages/index.ts';
import { ensureTicketIssue } from '../../outbound/ensure-ticket-issue.ts';
import { newReference } from '../../store/reference.ts';
import type { TicketDraft } from '../../tickets/types.ts';
import type { IssueChanges } from '../../tracker/tracker.ts';
import type { JobKind, JobOutcome, JobRunContext } from '../../worker/worker.ts';
import {
  planAlertTicket,
  plansWrites,
  reopenAsNewTicket,
  shownAfter,
  type AlertTicketState,
} from './alert-ticket-state.ts';
import { alertTicketKey, renderAlertIssue, utcMinute } from './render-alert-issue.ts';

/** The job that creates and updates an alert's ticket. */
export const alertTicketJobKind = 'alert-ticket';

/** What the alert-ticket job reads from the queue: the key of the alert's state. */
export interface AlertTicketJobPayload {
  key: string;
}

const resolvedMarker = (ref: string, at: number) => `<!-- repodesk:alert-resolved ref=${ref} at=${at} -->`;

export function alertTicketJob(bot: BotContext): JobKind {
  const { kv, tracker } = bot;

  /**
   * In the transaction that completes the job: the state as `update` leaves it, and another job when more is
   * due (a notification arrived since the job read the state, a body edit held back, a note held while flapping).
   */
  const settle = async (
    key: string,
    seen: number,
    now: number,
    update: (state: AlertTicketState) => AlertTicketState,
  ) => {
    await bot.store.serialize(key);
    const current = await kv.get<AlertTicketState>(key);
    if (!current) return;
    const next = update(current);
    const settings = bot.rules.current.desk.alerts;
    const more =
      next.shown && next.issueNumber !== undefined
        ? planAlertTicket(next, next.shown, settings, now)
        : undefined;
    const runAfter = current.version !== seen || (more && plansWrites(more)) ? now : more?.next;
    if (runAfter !== undefined) {
      const payload: AlertTicketJobPayload = { key };
      await bot.jobs.enqueue(alertTicketJobKind, payload, now, runAfter);
    }
    await kv.set(key, { ...next, jobQueued: runAfter !== undefined });
  };

  const create = async (key: string, state: AlertTicketState, attempts: number, context: JobRunContext) => {
    const rules = bot.rules.current;
    const language = rules.desk.languages[0] ?? 'en';
    const { alert } = state;
    const draft: TicketDraft = {
      channel: 'alert',
      subject: alert.summary,
      body: alert.description,
      requester: { name: alert.source, email: '' },
      language,
      fields: {},
      labels: [],
      alert: { labels: alert.labels, ...(alert.severity ? { severity: alert.severity } : {}) },
    };
    const rendered = renderAlertIssue(state, rules, language);
    return ensureTicketIssue(
      bot,
      {
        ref: state.ref,
        key: alertTicketKey(state),
        receivedAt: state.firstFiringAt,
        draft,
        render: () => rendered,
        onRecorded: (_decision, issueNumber) =>
          settle(key, state.version, context.now, (current) => ({
            ...current,
            issueNumber,
            shown: {
              // Found by its marker after a crash: what an earlier attempt wrote is unknown, so written again.
              firings: attempts > 1 ? -1 : state.firings,
              // The label is not set at creation: the plan adds it.
              flapped: false,
              editedAt: context.now,
              ticketResolved: false,
            },
          })),
      },
      attempts,
      context,
    );
  };

  const update = async (
    key: string,
    state: AlertTicketState,
    issueNumber: number,
    attempts: number,
    context: JobRunContext,
  ): Promise<JobOutcome> => {
    const { now } = context;
    const rules = bot.rules.current;
    const settings = rules.desk.alerts;
    const language = rules.desk.languages[0] ?? 'en';
    const shown = state.shown!;
    const issue = await tracker.getIssue(issueNumber);
    if (issue.state === 'closed') {
      const closedAt = Date.parse(issue.closedAt ?? issue.updatedAt);
      if (state.status !== 'firing' || state.lastFiringAt <= closedAt)
        return {
          status: 'done',
          note: 'ticket closed',
          recordEffect: async () => {
            await bot.store.serialize(key);
            const current = await kv.get<AlertTicketState>(key);
            if (current) await kv.set(key, { ...current, jobQueued: false });
          },
        };
      // Fired again after its ticket was closed: a new ticket, with a reference of its own.
      return {
        status: 'done',
        note: 'new ticket',
        recordEffect: async () => {
          await bot.store.serialize(key);
          const current = await kv.get<AlertTicketState>(key);
          if (!current) return;
          const next = reopenAsNewTicket(current, newReference(), current.inboxId);
          await bot.refs.add({ ref: next.ref, inboxId: next.inboxId, lang: language, createdAt: now });
          const payload: AlertTicketJobPayload = { key };
          await bot.jobs.enqueue(alertTicketJobKind, payload, now);
          await kv.set(key, { ...next, jobQueued: true });
        },
      };
    }
    const plan = planAlertTicket(state, shown, settings, now);
    if (!plansWrites(plan)) {
      if (plan.next !== undefined) return { status: 'defer', until: plan.next, reason: 'alert ticket waits' };
      return {
        status: 'done',
        note: 'up to date',
        recordEffect: () => settle(key, state.version, now, (s) => s),
      };
    }
    const patch = plan.body || plan.ticketStatus !== undefined || plan.flappingLabel;
    const writes = (patch ? 1 : 0) + (plan.note ? 1 : 0);
    const budget = await bot.budget.take(now, writes);
    if (!budget.granted)
      return { status: 'defer', until: budget.retryAt, reason: 'write budget', holdTracker: true };
    if (plan.note && state.resolvedAt !== undefined) {
      const marker = resolvedMarker(state.ref, state.resolvedAt);
      const posted =
        attempts > 1 &&
        (await tracker.listComments(issueNumber)).some((comment) => comment.body.includes(marker));
      const text = messagesFor(language).alertTicket.resolvedNote(
        utcMinute(state.resolvedAt),
        plan.ticketStatus === 'resolved',
      );
      if (!posted) await tracker.createComment(issueNumber, `${marker}\n${text}`);
    }
    if (patch) {
      const changes: IssueChanges = {};
      if (plan.body) Object.assign(changes, renderAlertIssue(state, rules, language));
      if (plan.ticketStatus !== undefined || plan.flappingLabel) {
        const statusLabels = new Set(
          Object.values(rules.desk.statuses).map((status) => status.label.toLowerCase()),
        );
        const labels = issue.labels.filter(
          (label) => plan.ticketStatus === undefined || !statusLabels.has(label.toLowerCase()),
        );
        if (plan.ticketStatus !== undefined) labels.push(rules.desk.statuses[plan.ticketStatus].label);
        if (
          plan.flappingLabel &&
          !labels.some((label) => label.toLowerCase() === settings.flappingLabel.toLowerCase())
        )
          labels.push(settings.flappingLabel);
        changes.labels = labels;
      }
      await tracker.updateIssue(issueNumber, changes);
    }
    context.log.info('alert ticket updated', { issue: issueNumber, writes });
    return {
      status: 'done',
      recordEffect: () =>
        settle(key, state.version, now, (current) => ({
          ...current,
          shown: shownAfter(state, shown, plan, now),
        })),
    };
  };

  return {
    kind: alertTicketJobKind,
    usesTracker: true,
    async run(job, context) {
      const { key } = job.payload as AlertTicketJobPayload;
      const state = await kv.get<AlertTicketState>(key);
      if (!state) return { status: 'done', note: 'no such alert' };
      if (state.issueNumber === undefined || !state.shown) return create(key, state, job.attempts, context);
      const issueNumber = state.issueNumber;
      return bot.issueLocks.run(issueNumber, () => update(key, state, issueNumber, job.attempts, context));
    },
  };
}

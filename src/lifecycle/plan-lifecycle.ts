// Lifecycle automation for one ticket: keep exactly one status label consistent with the state,
// remind a customer who has not answered a pending ticket, close it with a notice when they stay silent,
// and close resolved tickets after a delay; a snoozed pending ticket (`/snooze`) is left alone until its time,
// then reopened with a reminder note to the agent who snoozed it. Like the SLA steps, what was already done is read back from
// the issue (our marker comments), so re-runs plan nothing new.

import type { Calendar, CannedReply, DeskSettings, LifecycleSetting, StatusId } from '../rules/types.ts';
import { messagesFor } from '../messages/index.ts';
import { publicNoticeMarker } from '../tickets/comment-kind.ts';
import { addBusinessDays } from '../sla/business-time.ts';
import type { TicketHistory } from '../sla/ticket-history.ts';
import { sortedTimeline, statusByLabel, statusChanges } from '../sla/ticket-history.ts';
import { readSnoozeMarker, snoozeTime, snoozeWakeMarker, type Snooze } from '../tickets/snooze-marker.ts';
import type { ActionCause, OwnMarker, TicketAction } from '../tickets/ticket-action.ts';

export interface LifecycleInput {
  history: TicketHistory;
  title: string;
  desk: Pick<DeskSettings, 'statuses' | 'languages' | 'name' | 'siteUrl'>;
  lifecycle: LifecycleSetting;
  /** The calendar named by `lifecycle.calendar`. */
  calendar: Calendar;
  /** Canned replies by id then language (rules/replies). */
  replies: Record<string, Record<string, CannedReply>>;
  ownMarkers: OwnMarker[];
  now: Date | string;
}

/** Canned reply ids used for the notices, first found wins; the built-in texts of src/messages/ otherwise. */
const lifecycleReplyIds = {
  reminder: ['pending-reminder', 'relance-avant-cloture'],
  close: ['pending-close', 'cloture-automatique'],
} as const;

/** The hidden marker of a lifecycle notice for one pending period. */
export function lifecycleMarker(step: 'pending-reminder' | 'pending-close', since: string): string {
  return `<!-- repodesk:lifecycle step=${step} since=${since} -->`;
}

const dayMs = 86_400_000;

/** The lifecycle actions for one ticket (empty when nothing is due). */
export function planLifecycle(input: LifecycleInput): TicketAction[] {
  const { history, desk, lifecycle } = input;
  const nowMs = typeof input.now === 'string' ? Date.parse(input.now) : input.now.getTime();
  const byLabel = statusByLabel(desk.statuses);
  const labelOf = (status: StatusId): string => desk.statuses[status].label;
  const events = sortedTimeline(history.timeline);
  const changes = statusChanges(history, desk.statuses);
  const actions: TicketAction[] = [];
  const statusLabels = history.labels.filter((label) => byLabel.has(label.toLowerCase()));
  const cause = (rule: string, reason: string): ActionCause => ({ source: 'lifecycle', rule, reason });

  /** Actions that leave exactly `status`'s label among the status labels. */
  const setStatus = (status: StatusId, why: ActionCause): TicketAction[] => {
    const result: TicketAction[] = [];
    for (const label of statusLabels) {
      if (byLabel.get(label.toLowerCase()) !== status)
        result.push({ kind: 'remove-label', label, cause: why });
    }
    if (!statusLabels.some((label) => byLabel.get(label.toLowerCase()) === status)) {
      result.push({ kind: 'add-label', label: labelOf(status), cause: why });
    }
    return result;
  };

  if (history.state === 'closed') {
    return setStatus('closed', cause('lifecycle status', 'a closed issue carries the closed status'));
  }

  const lastStateEvent = events
    .filter((event) => event.kind === 'closed' || event.kind === 'reopened')
    .at(-1);
  const labelledClosed = statusLabels.some((label) => byLabel.get(label.toLowerCase()) === 'closed');
  if (labelledClosed && lastStateEvent?.kind === 'reopened') {
    return setStatus('open', cause('lifecycle status', 'the issue was reopened: its status is open again'));
  }
  if (labelledClosed) {
    return [
      ...setStatus(
        'closed',
        cause('lifecycle status', 'the closed status label was set: the issue is closed'),
      ),
      {
        kind: 'close',
        cause: cause('lifecycle status', 'the closed status label was set: the issue is closed'),
      },
    ];
  }

  // The status in force is the most recently set status label (or `new` when none).
  const status = changes.at(-1)!.status;
  if (statusLabels.length !== 1) {
    actions.push(
      ...setStatus(
        status,
        cause(
          'lifecycle status',
          statusLabels.length === 0
            ? 'a ticket carries one status label'
            : `several status labels: ${status} was set last`,
        ),
      ),
    );
  }

  const skip = history.labels.some((label) => label.toLowerCase() === lifecycle.skipLabel.toLowerCase());
  if (status === 'pending') {
    const since = statusSince(changes, 'pending');
    const sinceIso = new Date(since).toISOString();
    const customerAnswered = events.some(
      (event) => event.kind === 'commented' && event.author === 'customer' && Date.parse(event.at) > since,
    );
    if (customerAnswered) {
      return setStatus(
        'open',
        cause('lifecycle pending', 'the customer answered: the ticket waits for an agent again'),
      );
    }
    // Snoozed (`/snooze`) in this pending period: no reminder, no closing; woken back to open once due.
    const snooze = snoozeOf(input.ownMarkers, since);
    if (snooze) {
      if (nowMs < snooze.until) return actions;
      const wakeMarker = snoozeWakeMarker(snooze.until);
      const why = cause(
        'lifecycle snooze',
        `snoozed by @${snooze.by} until ${new Date(snooze.until).toISOString()}`,
      );
      if (!input.ownMarkers.some((own) => own.marker === wakeMarker)) {
        const lang = desk.languages[0] ?? 'en';
        actions.push({
          kind: 'comment',
          marker: wakeMarker,
          body: `${wakeMarker}\n@${snooze.by} ${messagesFor(lang).commands.snooze.wake(snoozeTime(snooze.until, input.calendar.timezone, lang), snooze.by)}`,
          cause: why,
        });
      }
      return dedupe([...actions, ...setStatus('open', why)]);
    }
    if (skip) return actions;
    const reminderAt = addBusinessDays(input.calendar, since, lifecycle.pendingReminderAfterDays).getTime();
    if (nowMs < reminderAt) return actions;
    const reminderMarker = lifecycleMarker('pending-reminder', sinceIso);
    const reminder = input.ownMarkers.find((own) => own.marker === reminderMarker);
    if (!reminder) {
      actions.push({
        kind: 'comment',
        marker: reminderMarker,
        body: notice(input, 'reminder', reminderMarker),
        cause: cause(
          'lifecycle pending-reminder',
          `pending for ${lifecycle.pendingReminderAfterDays} business days without a customer answer`,
        ),
      });
      return actions;
    }
    const closeAt = addBusinessDays(input.calendar, reminder.at, lifecycle.pendingCloseAfterDays).getTime();
    if (nowMs < closeAt) return actions;
    const closeMarker = lifecycleMarker('pending-close', sinceIso);
    const why = cause(
      'lifecycle pending-close',
      `no customer answer ${lifecycle.pendingCloseAfterDays} business days after the reminder`,
    );
    if (!input.ownMarkers.some((own) => own.marker === closeMarker)) {
      actions.push({
        kind: 'comment',
        marker: closeMarker,
        body: notice(input, 'close', closeMarker),
        cause: why,
      });
    }
    actions.push(...setStatus('closed', why), { kind: 'close', cause: why });
    return dedupe(actions);
  }

  if (status === 'resolved' && !skip) {
    const since = statusSince(changes, 'resolved');
    if (nowMs >= since + lifecycle.resolvedCloseAfterDays * dayMs) {
      const why = cause('lifecycle resolved-close', `resolved for ${lifecycle.resolvedCloseAfterDays} days`);
      actions.push(...setStatus('closed', why), { kind: 'close', cause: why });
      return dedupe(actions);
    }
  }
  return actions;
}

/**
 * The snooze in force for the pending period that began at `since`: the latest one asked during it, or
 * within a minute before it (the command's note lands just before its label).
 */
function snoozeOf(ownMarkers: readonly OwnMarker[], since: number): Snooze | undefined {
  let latest: { at: number; snooze: Snooze } | undefined;
  for (const own of ownMarkers) {
    const snooze = readSnoozeMarker(own.marker);
    const at = Date.parse(own.at);
    if (snooze && at >= since - 60_000 && (!latest || at >= latest.at)) latest = { at, snooze };
  }
  return latest?.snooze;
}

/** When the current run of `status` began. */
function statusSince(changes: { at: number; status: StatusId }[], status: StatusId): number {
  let since = changes.at(-1)!.at;
  for (let index = changes.length - 1; index >= 0 && changes[index]!.status === status; index -= 1) {
    since = changes[index]!.at;
  }
  return since;
}

/** Keeps the first of identical label actions (status fixes and a close may ask for the same change). */
function dedupe(actions: TicketAction[]): TicketAction[] {
  const seen = new Set<string>();
  const result: TicketAction[] = [];
  for (const action of actions) {
    const key =
      action.kind === 'add-label' || action.kind === 'remove-label' ? `${action.kind}:${action.label}` : '';
    if (key !== '' && seen.has(key)) continue;
    if (key !== '') seen.add(key);
    result.push(action);
  }
  return result;
}

function notice(input: LifecycleInput, which: 'reminder' | 'close', marker: string): string {
  const lang = input.desk.languages[0] ?? 'en';
  let text: string | undefined;
  for (const id of lifecycleReplyIds[which]) {
    const reply = input.replies[id];
    text = reply?.[lang]?.body ?? (reply ? Object.values(reply)[0]?.body : undefined);
    if (text !== undefined) break;
  }
  text ??= messagesFor(lang).lifecycleNotices[which];
  const values: Record<string, string> = {
    'ticket.ref': `#${input.history.number}`,
    'ticket.title': input.title,
    'desk.name': input.desk.name[lang] ?? Object.values(input.desk.name)[0] ?? '',
    'desk.siteUrl': input.desk.siteUrl,
  };
  // Variables the sweep cannot know (the requester's name lives in the bot's store) are left out.
  const filled = text
    .replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_all, name: string) => values[name] ?? '')
    .replace(/ +,/g, ',');
  return `${publicNoticeMarker}\n${marker}\n${filled.trim()}`;
}

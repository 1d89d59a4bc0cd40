// What repodesk remembers of one alert (by fingerprint) and what its ticket should get next. Pure: the
// route records each firing or resolution here inside the inbox transaction, the job plans its writes
// from it; neither reads a clock (`now` is given).
//
// One ticket per fingerprint while it is open. Repeat firings count on one occurrences line of the issue
// body, edited at most once every `bodyEditEveryMs`; a resolution posts one note and (desk setting)
// resolves the ticket; a later firing reopens it. A flapping alert (`flappingFirings` within
// `flappingMinutes`) gets its label, and its ticket is not resolved, so not reopened, until it settles.

import type { AlertsSetting } from '../../rules/types.ts';
import type { Alert } from './alert.ts';

/** The issue body is edited at most once in five minutes (a storm of firings costs one write per ticket per 5 min). */
const bodyEditEveryMs = 5 * 60_000;

/** What the issue shows, as the job last wrote it. */
export interface ShownAlert {
  firings: number;
  flapped: boolean;
  /** When the body was last written (creation included). */
  editedAt: number;
  /** The resolution (its `resolvedAt`) whose note is posted. */
  resolvedNoteFor?: number;
  /** Whether repodesk put the ticket in the resolved status (a new firing reopens it). */
  ticketResolved: boolean;
}

export interface AlertTicketState {
  /** `format:source:fingerprint`. */
  key: string;
  /** The latest notification of the alert. */
  alert: Alert;
  /** The reference of this alert's current ticket. */
  ref: string;
  /** The inbox entry that opened this ticket. */
  inboxId: number;
  issueNumber?: number;
  status: 'firing' | 'resolved';
  /** Firings counted on this ticket. */
  firings: number;
  firstFiringAt: number;
  lastFiringAt: number;
  /** Times it began firing again (after a resolution) within the flapping window, oldest first. */
  recentFirings: number[];
  /** Whether it flapped since the ticket was opened (its label stays on the ticket). */
  flapped: boolean;
  resolvedAt?: number;
  shown?: ShownAlert;
  /** Bumped by each notification: a job that read an older one runs again. */
  version: number;
  /** A job for this alert is queued: further firings need none of their own. */
  jobQueued: boolean;
}

/** Whether the alert began firing again `flappingFirings` times within the last `flappingMinutes` at `now`. */
function flappingAt(state: AlertTicketState, settings: AlertsSetting, now: number): boolean {
  const since = now - settings.flappingMinutes * 60_000;
  return state.recentFirings.filter((at) => at > since).length >= settings.flappingFirings;
}

/**
 * The state after `alert` arrived at `now`; undefined for a resolution of an alert that has no ticket
 * (nothing to resolve; the notification stays in the inbox).
 */
export function recordAlert(
  previous: AlertTicketState | undefined,
  alert: Alert,
  input: { key: string; now: number; inboxId: number; newRef: () => string; settings: AlertsSetting },
): AlertTicketState | undefined {
  const { now, settings } = input;
  if (!previous && alert.status === 'resolved') return undefined;
  const state: AlertTicketState = previous
    ? { ...previous, alert, version: previous.version + 1 }
    : {
        key: input.key,
        alert,
        ref: input.newRef(),
        inboxId: input.inboxId,
        status: 'firing',
        firings: 0,
        firstFiringAt: now,
        lastFiringAt: now,
        recentFirings: [],
        flapped: false,
        version: 1,
        jobQueued: false,
      };
  // A resolution sent again (without a start time nothing tells it is the same) changes nothing.
  if (alert.status === 'resolved')
    return state.status === 'resolved' ? state : { ...state, status: 'resolved', resolvedAt: now };
  // Flapping is changing state: only a firing that follows a resolution (or the first) counts, not repeats.
  const since = now - settings.flappingMinutes * 60_000;
  const changed = !previous || previous.status === 'resolved';
  const recentFirings = changed
    ? [...state.recentFirings.filter((at) => at > since), now].slice(-settings.flappingFirings)
    : state.recentFirings;
  const next: AlertTicketState = {
    ...state,
    status: 'firing',
    firings: state.firings + 1,
    lastFiringAt: now,
    recentFirings,
  };
  return { ...next, flapped: state.flapped || flappingAt(next, settings, now) };
}

/** A new ticket for an alert that fires again after its ticket was closed: counts start again. */
export function reopenAsNewTicket(state: AlertTicketState, ref: string, inboxId: number): AlertTicketState {
  const { issueNumber: _closed, shown: _shown, resolvedAt: _resolved, ...rest } = state;
  return {
    ...rest,
    ref,
    inboxId,
    status: 'firing',
    firings: 1,
    firstFiringAt: state.lastFiringAt,
    flapped: false,
    recentFirings: [state.lastFiringAt],
  };
}

/** What the job writes to an alert's issue now, and when it should look again. */
export interface AlertTicketPlan {
  /** Write the body again (counts, state, flapping). */
  body: boolean;
  /** Post the resolution note. */
  note: boolean;
  /** Change the ticket's status. */
  ticketStatus?: 'resolved' | 'open';
  /** Add the flapping label. */
  flappingLabel: boolean;
  /** When something left undone is due (a body edit within five minutes of the last, a note held while flapping). */
  next?: number;
}

/** Whether a plan writes anything. */
export function plansWrites(plan: AlertTicketPlan): boolean {
  return plan.body || plan.note || plan.ticketStatus !== undefined || plan.flappingLabel;
}

/** The writes an alert's existing issue needs at `now` (see the module comment). */
export function planAlertTicket(
  state: AlertTicketState,
  shown: ShownAlert,
  settings: AlertsSetting,
  now: number,
): AlertTicketPlan {
  const flapping = flappingAt(state, settings, now);
  const waits: number[] = [];
  const unnoted = state.status === 'resolved' && state.resolvedAt !== shown.resolvedNoteFor;
  // A flapping alert's resolution waits until it has not fired for a whole window.
  const settledAt = state.lastFiringAt + settings.flappingMinutes * 60_000;
  const note = unnoted && !flapping;
  if (unnoted && flapping) waits.push(settledAt);
  const ticketStatus =
    note && settings.resolveTicket
      ? ('resolved' as const)
      : state.status === 'firing' && shown.ticketResolved
        ? ('open' as const)
        : undefined;
  const stale = shown.firings !== state.firings || shown.flapped !== state.flapped;
  const editDue = shown.editedAt + bodyEditEveryMs;
  const body = stale && now >= editDue;
  if (stale && !body) waits.push(editDue);
  return {
    body,
    note,
    ...(ticketStatus ? { ticketStatus } : {}),
    flappingLabel: state.flapped && !shown.flapped,
    ...(waits.length > 0 ? { next: Math.min(...waits) } : {}),
  };
}

/** What the issue shows once `plan` is written at `now`. */
export function shownAfter(
  state: AlertTicketState,
  shown: ShownAlert,
  plan: AlertTicketPlan,
  now: number,
): ShownAlert {
  return {
    firings: plan.body ? state.firings : shown.firings,
    flapped: plan.body || plan.flappingLabel ? state.flapped : shown.flapped,
    editedAt: plan.body ? now : shown.editedAt,
    ...(plan.note
      ? { resolvedNoteFor: state.resolvedAt }
      : shown.resolvedNoteFor !== undefined
        ? { resolvedNoteFor: shown.resolvedNoteFor }
        : {}),
    ticketResolved:
      plan.ticketStatus === 'resolved' ? true : plan.ticketStatus === 'open' ? false : shown.ticketResolved,
  };
}

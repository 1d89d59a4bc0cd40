// Turns an SLA evaluation into escalation actions. Each step is applied once per state change: the
// evidence that it was applied is read back from the issue (our own `labeled`/`assigned` events after
// the step was reached, our hidden-marker comment), never from a local database, so a re-run or a
// second process plans nothing new. Step labels are removed when the clock is met.

import { messagesFor } from '../messages/index.ts';
import { sameLogin } from '../rules/agents.ts';
import type { SlaClock, SlaPolicy } from '../rules/types.ts';
import type { ActionCause, OwnMarker, TicketAction } from '../tickets/ticket-action.ts';
import type { ClockEvaluation, SlaEvaluation } from './evaluate-sla.ts';
import { formatDuration } from './parse-duration.ts';
import type { TicketHistory } from './ticket-history.ts';

export interface EscalationInput {
  history: TicketHistory;
  /** Undefined when no policy applies to the ticket (its step labels are then removed). */
  evaluation?: SlaEvaluation;
  policy?: SlaPolicy;
  /** Every policy's step labels are managed by repodesk (a ticket can change policy). */
  policies: SlaPolicy[];
  /** The team's escalation contact, when the ticket has a team. */
  escalationContact?: string;
  /** The logins repodesk writes as (this process's and the other repodesk processes'): their events are the evidence of what was done. */
  repodeskLogins: readonly string[];
  ownMarkers: OwnMarker[];
}

// The escalation note is in English for every desk, as before the texts moved to src/messages/: writing
// it in the desk's language changes what French desks read, a choice left to whoever owns agents' notes.
const texts = messagesFor('en').escalation;

/** Clock names in the plan's trace (English, like every trace). */
const clockNames: Record<SlaClock, string> = {
  firstResponse: 'first response',
  nextResponse: 'next response',
  resolution: 'resolution',
};

/** The hidden marker of an escalation step's comment for one clock cycle. */
export function escalationMarker(clock: SlaClock, at: number, startedAt: string): string {
  return `<!-- repodesk:sla clock=${clock} step=${at} since=${startedAt} -->`;
}

/** The escalation actions for one ticket (empty when everything is already as it should be). */
export function planEscalation(input: EscalationInput): TicketAction[] {
  const { history, evaluation, policy } = input;
  const ours = new Set(input.repodeskLogins);
  const actions: TicketAction[] = [];
  const present = new Set(history.labels.map((label) => label.toLowerCase()));
  const managed = new Map<string, string>();
  for (const candidate of input.policies) {
    for (const step of candidate.escalation) managed.set(step.label.toLowerCase(), step.label);
  }

  // Clocks still running (or paused) that reached a step; only the most severe step shows, so a ticket
  // is never both "at risk" and "breached".
  const reached = Object.values(evaluation?.clocks ?? {}).filter(
    (clock) => clock.state !== 'met' && clock.stepReached !== undefined && policy !== undefined,
  );
  const mostSevere = Math.max(...reached.map((clock) => clock.stepReached!.at));
  const active = reached.filter((clock) => clock.stepReached!.at === mostSevere);
  const wanted = new Map<string, { clock: ClockEvaluation; cause: ActionCause }>();
  for (const clock of active) {
    const step = clock.stepReached!;
    const key = step.label.toLowerCase();
    if (!wanted.has(key)) {
      wanted.set(key, {
        clock,
        cause: {
          source: 'sla',
          rule: `sla policy ${policy!.id} ${clock.clock} step ${step.at}`,
          reason: `${clockNames[clock.clock]} reached ${step.at}% of ${clock.target} at ${step.reachedAt}`,
        },
      });
    }
  }

  for (const label of history.labels) {
    const key = label.toLowerCase();
    if (!managed.has(key) || wanted.has(key)) continue;
    actions.push({
      kind: 'remove-label',
      label,
      cause: {
        source: 'sla',
        rule: policy ? `sla policy ${policy.id}` : 'sla no policy',
        reason: policy
          ? 'no running clock is at this step any more (met, or a later step replaced it)'
          : 'no SLA policy applies to the ticket',
      },
    });
  }

  const events = history.timeline;
  const labeledBySelfSince = (label: string, since: string): boolean =>
    events.some(
      (event) =>
        event.kind === 'labeled' &&
        ours.has(event.actor) &&
        event.label.toLowerCase() === label.toLowerCase() &&
        Date.parse(event.at) >= Date.parse(since),
    );
  const assignedBySelfSince = (login: string, since: string): boolean =>
    events.some(
      (event) =>
        event.kind === 'assigned' &&
        ours.has(event.actor) &&
        sameLogin(event.assignee, login) &&
        Date.parse(event.at) >= Date.parse(since),
    );

  for (const [key, { clock, cause }] of wanted) {
    const step = clock.stepReached!;
    // Present already, or we put it once for this step and a person took it off: leave it be.
    if (present.has(key) || labeledBySelfSince(step.label, step.reachedAt)) continue;
    actions.push({ kind: 'add-label', label: step.label, cause });
  }

  const contact = input.escalationContact;
  for (const clock of active) {
    const step = clock.stepReached!;
    if (!step.notify || !contact) continue;
    const cause: ActionCause = {
      source: 'sla',
      rule: `sla policy ${policy!.id} ${clock.clock} step ${step.at}`,
      reason: `${clockNames[clock.clock]} reached ${step.at}% of ${clock.target}: ${step.notify} the escalation contact once`,
    };
    if (step.notify === 'assign') {
      const assigned = history.assignees.some((login) => sameLogin(login, contact));
      // GitHub silently drops an assignee who cannot be assigned, so our label for this step (written
      // after the assignment) is evidence too: otherwise every run would try again.
      const tried =
        assignedBySelfSince(contact, step.reachedAt) || labeledBySelfSince(step.label, step.reachedAt);
      if (!assigned && !tried) actions.push({ kind: 'assign', login: contact, cause });
      continue;
    }
    const marker = escalationMarker(clock.clock, step.at, clock.startedAt);
    if (input.ownMarkers.some((own) => own.marker === marker)) continue;
    const overdue = clock.businessTimeLeftMs < 0 ? formatDuration(-clock.businessTimeLeftMs) : undefined;
    const body = [
      marker,
      texts.note(contact, policy!.id, texts.clocks[clock.clock], clock.target, step.at, clock.dueAt, overdue),
    ].join('\n');
    actions.push({ kind: 'comment', body, marker, cause });
  }
  return actions;
}

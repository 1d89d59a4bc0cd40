// Computes a ticket's SLA clocks from its history alone. A clock counts business time (the policy's
// calendar) while it runs; it is paused while the ticket is in one of the clock's `pauseOn` statuses, and
// stops when its target event happens (an agent's public reply) or the ticket is resolved or closed.

import type {
  Calendar,
  DeskSettings,
  EscalationStep,
  SlaClock,
  SlaPolicy,
  StatusId,
} from '../rules/types.ts';
import { slaClocks } from '../rules/types.ts';
import { addBusinessMs, businessMsBetween } from './business-time.ts';
import { parseDuration } from './parse-duration.ts';
import type { StatusChange, TicketHistory } from './ticket-history.ts';
import { sortedTimeline, statusChanges } from './ticket-history.ts';

export type ClockState = 'ok' | 'at-risk' | 'breached' | 'met' | 'paused';

/** A stretch of a clock's life during which it ran or was paused. */
export interface ClockSegment {
  from: string;
  to: string;
  running: boolean;
  /** The ticket's status during the segment. */
  status: StatusId;
  /** Business time counted in this segment (0 when paused). */
  businessMs: number;
}

/** An escalation step whose percentage the clock has reached. */
export interface ReachedStep extends EscalationStep {
  /** When the clock reached the step's percentage. */
  reachedAt: string;
}

export interface ClockEvaluation {
  clock: SlaClock;
  /** The target as written in the policy (`4h`). */
  target: string;
  targetMs: number;
  /** When this clock (or, for next response, the current cycle) started. */
  startedAt: string;
  /** When it stopped: the reply, or the ticket being resolved or closed. */
  stoppedAt?: string;
  /** The instant the target is (or was) reached if the clock keeps running from now. */
  dueAt: string;
  elapsedMs: number;
  businessTimeLeftMs: number;
  elapsedPercent: number;
  segments: ClockSegment[];
  state: ClockState;
  /** Met, but after the target. */
  late: boolean;
  /** The highest escalation step reached, if any. */
  stepReached?: ReachedStep;
  /** Every escalation step reached, lowest first. */
  stepsReached: ReachedStep[];
  /** Why the clock is in its state, in one sentence. */
  reason: string;
}

export interface SlaEvaluation {
  policy: string;
  calendar: string;
  now: string;
  clocks: Partial<Record<SlaClock, ClockEvaluation>>;
}

/** Clocks not listed in `pauseOn` pause on these statuses; first response never pauses unless configured. */
export const defaultPauseOn: Record<SlaClock, StatusId[]> = {
  firstResponse: [],
  nextResponse: ['pending'],
  resolution: ['pending'],
};

/** Without a step below 100 %, a clock is at risk from this percentage. */
const defaultAtRiskPercent = 75;

const terminalStatuses: ReadonlySet<StatusId> = new Set(['resolved', 'closed']);

interface ClockInput {
  clock: SlaClock;
  start: number;
  /** The target event (a reply), if it happened. */
  stop?: number;
}

/** Evaluates every clock of the policy for one ticket at `now`. */
export function evaluateSla(
  history: TicketHistory,
  policy: SlaPolicy,
  calendar: Calendar,
  now: Date | string,
  statuses: DeskSettings['statuses'],
): SlaEvaluation {
  const nowMs = typeof now === 'string' ? Date.parse(now) : now.getTime();
  const changes = statusChanges(history, statuses);
  const createdAt = Date.parse(history.createdAt);
  const events = sortedTimeline(history.timeline);

  let firstReply: number | undefined;
  let cycleStart: number | undefined;
  let lastCycle: ClockInput | undefined;
  for (const event of events) {
    if (event.kind !== 'commented') continue;
    const at = Date.parse(event.at);
    if (at > nowMs) break;
    if (event.author === 'agent' && event.public) {
      firstReply ??= at;
      if (cycleStart !== undefined) lastCycle = { clock: 'nextResponse', start: cycleStart, stop: at };
      cycleStart = undefined;
    } else if (event.author === 'customer' && firstReply !== undefined && cycleStart === undefined) {
      cycleStart = at;
    }
  }
  if (cycleStart !== undefined) lastCycle = { clock: 'nextResponse', start: cycleStart };

  const inputs: Record<SlaClock, ClockInput | undefined> = {
    firstResponse: { clock: 'firstResponse', start: createdAt, stop: firstReply },
    nextResponse: lastCycle,
    resolution: { clock: 'resolution', start: createdAt },
  };

  const clocks: Partial<Record<SlaClock, ClockEvaluation>> = {};
  for (const clock of slaClocks) {
    const target = policy.targets[clock];
    const input = inputs[clock];
    if (target === undefined || input === undefined) continue;
    const parsed = parseDuration(target);
    if (!parsed.ok) throw new Error(`policy "${policy.id}" targets.${clock}: ${parsed.message}`);
    const pauseOn = new Set(policy.pauseOn[clock] ?? defaultPauseOn[clock]);
    clocks[clock] = evaluateClock(
      input,
      parsed.ms,
      target,
      pauseOn,
      policy.escalation,
      changes,
      calendar,
      nowMs,
    );
  }
  return { policy: policy.id, calendar: calendar.id, now: new Date(nowMs).toISOString(), clocks };
}

function evaluateClock(
  input: ClockInput,
  targetMs: number,
  target: string,
  pauseOn: Set<StatusId>,
  steps: EscalationStep[],
  changes: StatusChange[],
  calendar: Calendar,
  nowMs: number,
): ClockEvaluation {
  const end = Math.max(input.start, Math.min(input.stop ?? nowMs, nowMs));
  const segments: ClockSegment[] = [];
  const running: { from: number; to: number; businessMs: number }[] = [];
  let elapsedMs = 0;
  let statusAtEnd: StatusId = 'new';
  let terminalSince: number | undefined;
  for (const change of changes) {
    if (change.at > end) break;
    statusAtEnd = change.status;
    if (!terminalStatuses.has(change.status)) terminalSince = undefined;
    else terminalSince ??= Math.max(change.at, input.start);
  }
  for (const [index, change] of changes.entries()) {
    const from = Math.max(change.at, input.start);
    const to = Math.min(changes[index + 1]?.at ?? Infinity, end);
    if (to <= from) continue;
    const isRunning = !terminalStatuses.has(change.status) && !pauseOn.has(change.status);
    const businessMs = isRunning ? businessMsBetween(calendar, from, to) : 0;
    elapsedMs += businessMs;
    if (isRunning) running.push({ from, to, businessMs });
    const last = segments.at(-1);
    if (last && last.running === isRunning && last.status === change.status) {
      last.to = new Date(to).toISOString();
      last.businessMs += businessMs;
    } else {
      segments.push({
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        running: isRunning,
        status: change.status,
        businessMs,
      });
    }
  }

  /**
   * The instant the clock had counted `amount` of business time (projected from `end` if not yet). Zero is
   * the first open instant the clock ran through: a zero target is due at the next opening.
   */
  const instantAtElapsed = (amount: number): number => {
    let counted = 0;
    for (const segment of running) {
      const rest = amount - counted;
      if (rest > 0 ? segment.businessMs >= rest : segment.businessMs > 0)
        return addBusinessMs(calendar, segment.from, rest);
      counted += segment.businessMs;
    }
    return addBusinessMs(calendar, end, amount - counted);
  };
  /**
   * Whether the clock has used `percent` of its target. A zero target is used up once any business time
   * has run (an answer at the opening instant itself is on time), whatever the percentage.
   */
  const hasUsed = (percent: number): boolean =>
    targetMs > 0 ? elapsedMs * 100 >= percent * targetMs : elapsedMs > 0;

  const stoppedByEvent = input.stop !== undefined && input.stop <= nowMs;
  const stoppedByStatus = !stoppedByEvent && terminalStatuses.has(statusAtEnd);
  const stoppedAt = stoppedByEvent ? input.stop : stoppedByStatus ? (terminalSince ?? end) : undefined;
  const paused = stoppedAt === undefined && pauseOn.has(statusAtEnd);
  const elapsedPercent = targetMs > 0 ? (elapsedMs / targetMs) * 100 : hasUsed(100) ? 100 : 0;
  const sortedSteps = [...steps].sort((a, b) => a.at - b.at);
  const stepsReached: ReachedStep[] = sortedSteps
    .filter((step) => hasUsed(step.at))
    .map((step) => ({
      ...step,
      reachedAt: new Date(instantAtElapsed((step.at * targetMs) / 100)).toISOString(),
    }));
  const atRiskPercent = sortedSteps.find((step) => step.at < 100)?.at ?? defaultAtRiskPercent;
  const breached = hasUsed(100);

  let state: ClockState;
  let reason: string;
  const stopWord = input.clock === 'resolution' ? 'resolved' : 'answered';
  if (stoppedAt !== undefined) {
    state = 'met';
    reason = stoppedByEvent
      ? `answered by an agent's public reply ${breached ? 'after' : 'within'} the target`
      : `ticket ${statusAtEnd} ${breached ? 'after' : 'within'} the target`;
  } else if (breached) {
    state = 'breached';
    reason = `not ${stopWord} within the target${paused ? ` (now paused: status ${statusAtEnd})` : ''}`;
  } else if (paused) {
    state = 'paused';
    reason = `paused while the ticket is ${statusAtEnd}`;
  } else if (elapsedPercent >= atRiskPercent) {
    state = 'at-risk';
    reason = `${Math.floor(elapsedPercent)}% of the target used (at risk from ${atRiskPercent}%)`;
  } else {
    state = 'ok';
    reason = `running, ${Math.floor(elapsedPercent)}% of the target used`;
  }

  return {
    clock: input.clock,
    target,
    targetMs,
    startedAt: new Date(input.start).toISOString(),
    ...(stoppedAt !== undefined ? { stoppedAt: new Date(stoppedAt).toISOString() } : {}),
    dueAt: new Date(instantAtElapsed(targetMs)).toISOString(),
    elapsedMs,
    businessTimeLeftMs: targetMs - elapsedMs,
    elapsedPercent: Math.round(elapsedPercent * 100) / 100,
    segments,
    state,
    late: state === 'met' && breached,
    ...(stepsReached.length > 0 ? { stepReached: stepsReached.at(-1)! } : {}),
    stepsReached,
    reason,
  };
}

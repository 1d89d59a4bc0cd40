// Service levels of a period: response and resolution times in business time (each ticket on its own
// policy's calendar), attainment per clock and per policy, the breaches with their links, reopen and
// one-touch resolution rates, and the backlog with its age at the end of the period. Merged tickets
// (closed as duplicates) count in no time and no rate: their clocks stopped because of the merge, not
// because someone answered or solved them (an answer given before the merge still counts).

import type { Localised, Rules, SlaClock, StatusId } from '../rules/types.ts';
import { slaClocks } from '../rules/types.ts';
import { clockInPeriod, inPeriod } from './in-period.ts';
import type { ClockOutcome, TicketMeasures } from './measure-ticket.ts';
import type { ReportPeriod } from './report-period.ts';
import { summarise, type Summary } from './summarise.ts';

export interface Attainment {
  /** Clocks that ended in the period, or fell due in it still running. */
  count: number;
  within: number;
  missed: number;
  /** Share within target, 0 to 1; null without any clock. */
  rate: number | null;
}

export interface ClockLevels {
  attainment: Attainment;
  /** Business time to the answer (response clocks) or to resolution, in milliseconds. */
  times: Summary;
}

export interface PolicyLevels {
  policy: string;
  name: Localised;
  targets: Partial<Record<SlaClock, string>>;
  clocks: Partial<Record<SlaClock, ClockLevels>>;
}

export interface Breach {
  number: number;
  title: string;
  url: string;
  policy: string;
  clock: SlaClock;
  target: string;
  /** Business time counted at the end of the period (or when the clock stopped). */
  elapsedMs: number;
  dueAt: string;
  /** `late`: met after its target; `open`: still running past it at the end of the period. */
  state: 'late' | 'open';
}

export interface Rate {
  of: number;
  count: number;
  /** count / of, 0 to 1; null when `of` is 0. */
  rate: number | null;
}

export interface Backlog {
  open: number;
  /** Calendar days since creation, at the end of the period. */
  ageDays: Summary;
  /** Tickets per age band: under 1 day, 1–3, 3–7, 7–30, 30 days and more. */
  ages: { band: AgeBand; count: number }[];
  byStatus: Partial<Record<StatusId, number>>;
}

export const ageBands = ['<1d', '1-3d', '3-7d', '7-30d', '>=30d'] as const;
export type AgeBand = (typeof ageBands)[number];

export interface ServiceLevels {
  clocks: Record<SlaClock, ClockLevels>;
  policies: PolicyLevels[];
  /** Late or still-open breaches counted in the period, then clocks still breached at its end, by number. */
  breaches: Breach[];
  /** Tickets resolved in the period that were reopened afterwards (by the end of the period). */
  reopened: Rate;
  /** Tickets resolved in the period after exactly one public reply, never reopened. */
  oneTouch: Rate;
  backlog: Backlog;
  /** Tickets created in the period under no SLA policy (in volume, not here). */
  withoutPolicy: number;
}

const dayMs = 86_400_000;
const terminal: ReadonlySet<StatusId> = new Set(['resolved', 'closed']);

/** A clock counts in times and attainment unless the merge itself stopped it. */
function counts(ticket: TicketMeasures, clock: ClockOutcome): boolean {
  return !ticket.merged || clock.answered;
}

function levels(clocks: readonly ClockOutcome[]): ClockLevels {
  const missed = clocks.filter((clock) => clock.breached).length;
  const timed = clocks.filter((clock) =>
    clock.clock === 'resolution' ? clock.stoppedAt !== undefined : clock.answered,
  );
  return {
    attainment: {
      count: clocks.length,
      within: clocks.length - missed,
      missed,
      rate: clocks.length === 0 ? null : (clocks.length - missed) / clocks.length,
    },
    times: summarise(timed.map((clock) => clock.elapsedMs)),
  };
}

/** The clocks of `ticket` that count in `period`. */
export function periodClocks(ticket: TicketMeasures, period: ReportPeriod): ClockOutcome[] {
  return [ticket.firstResponse, ...ticket.nextResponses, ticket.resolution].filter(
    (clock): clock is ClockOutcome =>
      clock !== undefined && clockInPeriod(clock, period) && counts(ticket, clock),
  );
}

/** The service levels of the tickets measured at the end of `period`. */
export function serviceLevels(
  tickets: readonly TicketMeasures[],
  rules: Rules,
  period: ReportPeriod,
): ServiceLevels {
  const byTicket = tickets.map((ticket) => ({ ticket, clocks: periodClocks(ticket, period) }));
  const all = byTicket.flatMap((entry) => entry.clocks);
  const ofClock = (clocks: readonly ClockOutcome[], name: SlaClock) =>
    levels(clocks.filter((clock) => clock.clock === name));
  const clocks = Object.fromEntries(slaClocks.map((name) => [name, ofClock(all, name)])) as Record<
    SlaClock,
    ClockLevels
  >;
  const policies: PolicyLevels[] = rules.sla.policies
    .map((policy) => {
      const mine = all.filter((clock) => clock.policy === policy.id);
      const perClock: Partial<Record<SlaClock, ClockLevels>> = {};
      for (const name of slaClocks)
        if (policy.targets[name] !== undefined) perClock[name] = ofClock(mine, name);
      return {
        policy: policy.id,
        name: policy.name,
        targets: policy.targets,
        clocks: perClock,
        used: mine.length,
      };
    })
    .filter((policy) => policy.used > 0)
    .map(({ used: _used, ...policy }) => policy);

  const breaches: Breach[] = [];
  for (const { ticket } of byTicket) {
    for (const clock of [ticket.firstResponse, ...ticket.nextResponses, ticket.resolution]) {
      if (!clock || !clock.breached || !counts(ticket, clock)) continue;
      const open = clock.stoppedAt === undefined;
      if (!open && !inPeriod(clock.stoppedAt!, period)) continue;
      breaches.push({
        number: ticket.number,
        title: ticket.title,
        url: ticket.url,
        policy: clock.policy,
        clock: clock.clock,
        target: clock.target,
        elapsedMs: clock.elapsedMs,
        dueAt: new Date(clock.dueAt).toISOString(),
        state: open ? 'open' : 'late',
      });
    }
  }
  breaches.sort((a, b) => a.number - b.number || slaClocks.indexOf(a.clock) - slaClocks.indexOf(b.clock));

  const resolved = tickets.filter(
    (ticket) => !ticket.merged && ticket.resolutions.some((at) => inPeriod(at, period)),
  );
  const reopened = resolved.filter((ticket) => {
    const first = ticket.resolutions.find((at) => inPeriod(at, period))!;
    return ticket.reopenings.some((at) => at > first);
  });
  const oneTouch = resolved.filter((ticket) => {
    const last = ticket.resolutions.at(-1)!;
    return ticket.reopenings.length === 0 && ticket.replies.filter((reply) => reply.at <= last).length === 1;
  });

  const open = tickets.filter(
    (ticket) => !ticket.merged && ticket.createdAt <= period.to && !terminal.has(ticket.statusAtEnd),
  );
  const ages = open.map((ticket) => (period.to - ticket.createdAt) / dayMs);
  const byStatus: Partial<Record<StatusId, number>> = {};
  for (const ticket of open) byStatus[ticket.statusAtEnd] = (byStatus[ticket.statusAtEnd] ?? 0) + 1;
  const bandOf = (days: number): AgeBand =>
    days < 1 ? '<1d' : days < 3 ? '1-3d' : days < 7 ? '3-7d' : days < 30 ? '7-30d' : '>=30d';

  return {
    clocks,
    policies,
    breaches,
    reopened: rate(reopened.length, resolved.length),
    oneTouch: rate(oneTouch.length, resolved.length),
    backlog: {
      open: open.length,
      ageDays: summarise(ages),
      ages: ageBands.map((band) => ({ band, count: ages.filter((days) => bandOf(days) === band).length })),
      byStatus,
    },
    withoutPolicy: tickets.filter(
      (ticket) => ticket.policy === undefined && inPeriod(ticket.createdAt, period),
    ).length,
  };
}

/** `count` out of `of`. */
export function rate(count: number, of: number): Rate {
  return { of, count, rate: of === 0 ? null : count / of };
}

// Each running clock of an SLA evaluation as a report shows it: its due time and its state. Shared by
// `repodesk why` and `repodesk simulate`, for the real policy and for a shadow one.

import type { SlaClock } from '../rules/types.ts';
import { slaClocks } from '../rules/types.ts';
import type { ClockState, SlaEvaluation } from './evaluate-sla.ts';

/** One clock's due time and state. */
interface ClockOutcome {
  dueAt: string;
  state: ClockState;
}

export type DueClocks = Partial<Record<SlaClock, ClockOutcome>>;

/** The running clocks of `evaluation` (none without one), in the order of `slaClocks`. */
export function dueClocks(evaluation: SlaEvaluation | undefined): DueClocks {
  const clocks: DueClocks = {};
  for (const clock of slaClocks) {
    const outcome = evaluation?.clocks[clock];
    if (outcome) clocks[clock] = { dueAt: outcome.dueAt, state: outcome.state };
  }
  return clocks;
}

// What `repodesk simulate` found: the two sides compared and the three differences. The JSON output is
// this object as it is; the text and Markdown renderings read it.

import type { ContentDiff } from './diff-content.ts';
import type { SlaDiff } from './diff-sla.ts';
import type { RoutingReplay } from './replay-routing.ts';

/** One side of the comparison: the git ref (or the working tree) and its rules version. */
export interface SimulationSide {
  ref: string;
  /** The name `repodesk validate` and `/healthz` give these rules. */
  rulesVersion: string;
}

/** How many tickets were read from one repository of the desk. */
export interface TicketSource {
  repository: string;
  /** Tickets routed again (within --limit). */
  replayed: number;
  /** Open tickets whose SLA was evaluated. */
  open: number;
}

export interface Simulation {
  base: SimulationSide;
  head: SimulationSide;
  /** The instant tickets were routed and clocks evaluated at. */
  now: string;
  /** The repositories tickets were read from (desk.yaml's `repositories`), the default first. */
  sources: TicketSource[];
  routing: RoutingReplay;
  sla: SlaDiff;
  content: ContentDiff;
}

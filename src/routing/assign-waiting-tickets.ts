// Assigns the tickets that wait for an agent (routing found nobody of their team available when they
// arrived: at night, on leave, at capacity) to the agents available at `now`, by the strategy routing
// wanted, the ticket due first taken first, within each agent's capacity. A ticket nobody can take yet
// keeps waiting. Pure: open counts and round-robin positions are passed in, the new positions returned.

import type { AssignmentStrategy, Rules, Team } from '../rules/types.ts';
import { parseHours } from './agent-availability.ts';
import { assignAgent, type AgentDirectory, type Workload } from './assign-agent.ts';

/** A ticket left unassigned for want of an available agent. */
export interface WaitingTicket {
  number: number;
  team: Team;
  strategy: Exclude<AssignmentStrategy, 'none'>;
  /** When its first SLA clock to run out is due (its creation time when no clock runs), epoch ms. */
  dueMs: number;
  createdMs: number;
  /** What the skills strategy compares agents' skills with (the ticket's labels). */
  tags: readonly string[];
  /** The request's language: an agent who speaks it is picked first (empty: any). */
  language: string;
}

export interface WaitingAssignment {
  number: number;
  login: string;
  /** Who was picked and why, as routing's trace says it. */
  trace: string;
}

export interface WaitingAssignments {
  assignments: WaitingAssignment[];
  /** Round-robin positions after these assignments, by team id (merge into the stored ones). */
  lastAssigned: Record<string, string>;
  /** One line per ticket still waiting: why nobody took it. */
  stillWaiting: { number: number; trace: string }[];
}

/** The agents of teams.yaml with their parsed working hours. */
export function agentDirectory(rules: Rules): AgentDirectory {
  return {
    agents: new Map(rules.teams.agents.map((agent) => [agent.login, agent])),
    hours: new Map(rules.teams.agents.map((agent) => [agent.login, parseHours(agent.workingHours)])),
  };
}

/** Assigns `tickets`, due first, to the agents available at `now` given `workload`. */
export function assignWaitingTickets(
  tickets: readonly WaitingTicket[],
  directory: AgentDirectory,
  workload: Workload,
  now: Date,
): WaitingAssignments {
  const openByAgent = { ...workload.openByAgent };
  const lastAssigned = { ...workload.lastAssigned };
  const changed: Record<string, string> = {};
  const result: WaitingAssignments = { assignments: [], lastAssigned: changed, stillWaiting: [] };
  const ordered = [...tickets].sort(
    (a, b) => a.dueMs - b.dueMs || a.createdMs - b.createdMs || a.number - b.number,
  );
  for (const ticket of ordered) {
    const picked = assignAgent(
      ticket.strategy,
      ticket.team,
      ticket.tags,
      ticket.language,
      directory,
      { openByAgent, lastAssigned },
      now,
    );
    if (picked.login === undefined) {
      result.stillWaiting.push({ number: ticket.number, trace: picked.trace });
      continue;
    }
    openByAgent[picked.login] = (openByAgent[picked.login] ?? 0) + 1;
    lastAssigned[ticket.team.id] = picked.login;
    changed[ticket.team.id] = picked.login;
    result.assignments.push({ number: ticket.number, login: picked.login, trace: picked.trace });
  }
  return result;
}

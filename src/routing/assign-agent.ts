// The assignment strategies: pick one agent of a team, skipping whoever is away, off duty or full, and
// among those on duty whoever does not speak the ticket's language (unless nobody on duty does: the ticket
// then goes to one of them rather than to nobody, and the trace says so).
// Pure: the state they need (open tickets per agent, last agent assigned per team) is passed in, and the
// round-robin state to store is returned.

import type { Agent, AssignmentStrategy, Team } from '../rules/types.ts';
import { agentAvailability, type ParsedHours } from './agent-availability.ts';

/** What assignment needs to know beyond the rules; read by the caller from GitHub and the store. */
export interface Workload {
  /** Open tickets assigned to each agent (missing: 0). */
  openByAgent: Record<string, number>;
  /** Last login assigned in each team, by team id (round-robin state). */
  lastAssigned: Record<string, string>;
}

export interface AgentDirectory {
  agents: Map<string, Agent>;
  hours: Map<string, ParsedHours>;
}

export interface Assignment {
  login?: string;
  /** One line for the trace: who was picked and why, or why nobody was. */
  trace: string;
}

interface Candidate {
  login: string;
  agent: Agent;
  open: number;
  /** Position in the team's member list. */
  position: number;
}

function speaks(agent: Agent, language: string): boolean {
  // A ticket whose language is not known is anyone's.
  if (language === '') return true;
  const wanted = language.toLowerCase();
  return agent.languages.some((lang) => lang.toLowerCase() === wanted);
}

function byOpenThenPosition(a: Candidate, b: Candidate): number {
  return a.open - b.open || a.position - b.position;
}

/**
 * Picks an agent of `team` with `strategy` at `now`; `tags` feed the skills strategy, `language` (the
 * ticket's) keeps agents who speak it when any available one does.
 */
export function assignAgent(
  strategy: Exclude<AssignmentStrategy, 'none'>,
  team: Team,
  tags: readonly string[],
  language: string,
  directory: AgentDirectory,
  workload: Workload,
  now: Date,
): Assignment {
  const head = `assign ${strategy} in team ${team.id}`;
  if (team.members.length === 0) return { trace: `${head}: nobody assigned: the team has no members` };

  const skipped: string[] = [];
  const available: Candidate[] = [];
  team.members.forEach((login, position) => {
    const agent = directory.agents.get(login);
    const hours = directory.hours.get(login);
    if (!agent || !hours) {
      skipped.push(`${login} not among the agents of teams.yaml`);
      return;
    }
    const open = workload.openByAgent[login] ?? 0;
    const availability = agentAvailability(agent, hours, open, now);
    if (availability.available) available.push({ login, agent, open, position });
    else skipped.push(`${login} ${availability.reason}`);
  });
  if (available.length === 0) return { trace: `${head}: nobody available: ${skipped.join(', ')}` };
  const speakers = available.filter((candidate) => speaks(candidate.agent, language));
  if (speakers.length > 0 && speakers.length < available.length) {
    for (const candidate of available)
      if (!speakers.includes(candidate)) skipped.push(`${candidate.login} does not speak ${language}`);
    available.splice(0, available.length, ...speakers);
  }
  const skippedNote =
    (skipped.length > 0 ? `; skipped ${skipped.join(', ')}` : '') +
    (speakers.length === 0 ? `; no available agent speaks ${language}: picked regardless of language` : '');

  if (strategy === 'round-robin') {
    const last = workload.lastAssigned[team.id];
    const lastPosition = last === undefined ? -1 : team.members.indexOf(last);
    const size = team.members.length;
    // The first available member after the last one assigned, wrapping around.
    const picked = available.reduce((best, candidate) => {
      const distance = (candidate.position - lastPosition - 1 + size) % size;
      const bestDistance = (best.position - lastPosition - 1 + size) % size;
      return distance < bestDistance ? candidate : best;
    });
    const after =
      last === undefined
        ? 'first in the team'
        : lastPosition === -1
          ? `first in the team; ${last}, assigned last, is no longer a member`
          : `next after ${last}`;
    return { login: picked.login, trace: `${head}: ${picked.login} (${after})${skippedNote}` };
  }

  if (strategy === 'least-open') {
    const picked = [...available].sort(byOpenThenPosition)[0] as Candidate;
    return {
      login: picked.login,
      trace: `${head}: ${picked.login} (${picked.open} open, the fewest)${skippedNote}`,
    };
  }

  const wanted = new Set(tags.map((tag) => tag.toLowerCase()));
  const scored = available.map((candidate) => ({
    candidate,
    shared: candidate.agent.skills.filter((skill) => wanted.has(skill.toLowerCase())),
  }));
  const best = Math.max(...scored.map((entry) => entry.shared.length));
  const finalists = scored.filter((entry) => entry.shared.length === best);
  finalists.sort((a, b) => byOpenThenPosition(a.candidate, b.candidate));
  const winner = finalists[0] as (typeof finalists)[number];
  const why =
    best === 0
      ? `no available agent has a skill among tags ${tags.length === 0 ? '(none)' : tags.join(', ')}; ${winner.candidate.open} open, the fewest`
      : `skills ${winner.shared.join(', ')}${finalists.length > 1 ? `; tie broken by open tickets (${winner.candidate.open})` : ''}`;
  return {
    login: winner.candidate.login,
    trace: `${head}: ${winner.candidate.login} (${why})${skippedNote}`,
  };
}

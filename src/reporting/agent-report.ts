// Who did the work in a period: per agent, the tickets handled (a public reply in the period, or assigned
// when it was resolved in it), public replies, median first response (the clocks their reply stopped) and
// resolution time (tickets resolved while assigned to them), and CSAT once ratings exist. A desk that does
// not want per-person tables (desk.yaml `reports.perAgent: false`) gets the same columns per team only.

import type { Localised, Rules } from '../rules/types.ts';
import { clockInPeriod, inPeriod } from './in-period.ts';
import type { TicketMeasures } from './measure-ticket.ts';
import type { ReportPeriod } from './report-period.ts';
import {
  satisfactionScore,
  ticketKey,
  type SatisfactionRating,
  type SatisfactionScore,
} from './satisfaction.ts';
import { summarise, type Summary } from './summarise.ts';

export interface WorkLine {
  handled: number;
  publicReplies: number;
  /** Business time to first response, in milliseconds. */
  firstResponse: Summary;
  /** Business time to resolution, in milliseconds. */
  resolution: Summary;
  /** Null until CSAT ratings are recorded. */
  csat: SatisfactionScore | null;
}

export interface AgentLine extends WorkLine {
  login: string;
  name: string;
  teams: string[];
}

export interface TeamLine extends WorkLine {
  team: string;
  name: Localised | null;
}

export interface AgentReport {
  /** `teams` when desk.yaml asks for no per-person lines. */
  mode: 'agents' | 'teams';
  /** Empty in `teams` mode. */
  agents: AgentLine[];
  teams: TeamLine[];
}

interface Work {
  handled: Set<string>;
  replies: number;
  firstResponse: number[];
  resolution: number[];
}

const emptyWork = (): Work => ({ handled: new Set(), replies: 0, firstResponse: [], resolution: [] });

/** The work of agents and teams in the period. */
export function agentReport(
  tickets: readonly TicketMeasures[],
  rules: Rules,
  period: ReportPeriod,
  ratings: readonly SatisfactionRating[] | undefined,
): AgentReport {
  const byAgent = new Map<string, Work>();
  const byTeam = new Map<string, Work>();
  const work = (map: Map<string, Work>, key: string) => {
    let found = map.get(key);
    if (!found) map.set(key, (found = emptyWork()));
    return found;
  };
  for (const ticket of tickets) {
    if (ticket.merged && !ticket.replies.some((reply) => inPeriod(reply.at, period))) continue;
    const team = work(byTeam, ticket.dimensions.team);
    for (const reply of ticket.replies) {
      if (!inPeriod(reply.at, period)) continue;
      const agent = work(byAgent, reply.login.toLowerCase());
      agent.replies += 1;
      agent.handled.add(ticketKey(ticket));
      team.replies += 1;
      team.handled.add(ticketKey(ticket));
    }
    const first = ticket.firstResponse;
    if (first?.answered && clockInPeriod(first, period)) {
      work(byAgent, first.answeredBy!.toLowerCase()).firstResponse.push(first.elapsedMs);
      team.firstResponse.push(first.elapsedMs);
    }
    const resolution = ticket.resolution;
    if (!ticket.merged && resolution?.stoppedAt !== undefined && clockInPeriod(resolution, period)) {
      team.resolution.push(resolution.elapsedMs);
      team.handled.add(ticketKey(ticket));
      for (const login of ticket.assigneesAtResolution.at(-1) ?? []) {
        const agent = work(byAgent, login.toLowerCase());
        agent.resolution.push(resolution.elapsedMs);
        agent.handled.add(ticketKey(ticket));
      }
    }
  }
  const line = (entry: Work): WorkLine => ({
    handled: entry.handled.size,
    publicReplies: entry.replies,
    firstResponse: summarise(entry.firstResponse),
    resolution: summarise(entry.resolution),
    csat: satisfactionScore(ratings, entry.handled),
  });
  const teams: TeamLine[] = [...byTeam]
    .filter(([, entry]) => entry.handled.size > 0)
    .map(([id, entry]) => ({
      team: id,
      name: rules.teams.teams.find((team) => team.id === id)?.name ?? null,
      ...line(entry),
    }))
    .sort((a, b) => b.handled - a.handled || a.team.localeCompare(b.team));
  if (!rules.desk.reports.perAgent) return { mode: 'teams', agents: [], teams };
  const agents: AgentLine[] = [...byAgent]
    .map(([login, entry]) => {
      const known = rules.teams.agents.find((agent) => agent.login.toLowerCase() === login);
      return {
        login: known?.login ?? login,
        name: known?.name ?? login,
        teams: rules.teams.teams
          .filter((team) => team.members.some((member) => member.toLowerCase() === login))
          .map((team) => team.id),
        ...line(entry),
      };
    })
    .sort((a, b) => b.handled - a.handled || a.login.localeCompare(b.login));
  return { mode: 'agents', agents, teams };
}

// Whether a ticket waits for an agent: open, new or open status, nobody assigned, in a team, and the
// strategy intake wrote in its facts because routing found nobody of that team available (an issue
// routed to nobody on purpose, `assign: none`, has none and is never assigned by the sweep). The bot writes
// the same facts into an issue a teams.yaml agent opened on GitHub when it routes it (facts-author.ts).

import type { AssignmentStrategy, Rules, Team } from '../rules/types.ts';
import { statusByLabel } from '../sla/ticket-history.ts';
import { factsAuthor } from '../tickets/facts-author.ts';
import { readTicketFacts } from '../tickets/markers.ts';
import type { IssueWithBody } from '../tracker/tracker.ts';
import { ticketFacts, type LabelIndex } from './ticket-facts.ts';

export interface AgentWanted {
  team: Team;
  strategy: Exclude<AssignmentStrategy, 'none'>;
  /** The request's language (agents who speak it are preferred), empty when the issue does not say. */
  language: string;
}

/** The team and strategy `issue` waits for an agent of, or undefined when it does not wait. */
export function waitingForAgent(
  issue: IssueWithBody,
  rules: Rules,
  labels: LabelIndex,
  repodeskLogins: readonly string[],
): AgentWanted | undefined {
  if (issue.state !== 'open' || issue.assignees.length > 0) return undefined;
  const agentLogins = rules.teams.agents.map((agent) => agent.login);
  if (!factsAuthor(issue.author, { repodeskLogins, agentLogins })) return undefined;
  const written = readTicketFacts(issue.body);
  const strategy = written?.assign;
  if (strategy === undefined) return undefined;
  const byLabel = statusByLabel(rules.desk.statuses);
  const statuses = issue.labels.flatMap((label) => byLabel.get(label.toLowerCase()) ?? []);
  if (statuses.length !== 1 || (statuses[0] !== 'new' && statuses[0] !== 'open')) return undefined;
  const { team } = ticketFacts(issue.labels, rules, labels, issue, repodeskLogins);
  return team ? { team, strategy, language: written?.language ?? '' } : undefined;
}

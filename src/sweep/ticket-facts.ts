// What the sweep knows of a ticket from the issue alone: priority, type and team from the labels desk.yaml
// and teams.yaml give them; channel, organisation (hence its tier in customers.yaml today) and language
// from the hidden facts marker intake writes on the body's first line, read only from an issue repodesk
// opened, or a teams.yaml agent opened on GitHub and the bot routed (../tickets/facts-author.ts: anyone
// opening an issue can copy a marker into it). Any other issue opened on GitHub itself is of the github
// channel, with only its labels for the rest. These are the facts SLA policies are chosen by.

import { sameLogin } from '../rules/agents.ts';
import type { Rules, Team } from '../rules/types.ts';
import type { TicketFacts } from '../sla/select-policy.ts';
import { factsAuthor } from '../tickets/facts-author.ts';
import { readTicketFacts, startsWithTicketMarker } from '../tickets/markers.ts';

export interface LabelIndex {
  priorityByLabel: Map<string, string>;
  typeByLabel: Map<string, string>;
  teamByLabel: Map<string, Team>;
  tierByOrganisation: Map<string, string>;
}

/** Label lookups built once per rules load (labels compared case-insensitively, as GitHub does). */
export function indexLabels(rules: Rules): LabelIndex {
  return {
    priorityByLabel: new Map(
      rules.desk.priorities.map((priority) => [priority.label.toLowerCase(), priority.id]),
    ),
    typeByLabel: new Map(rules.desk.types.map((type) => [type.label.toLowerCase(), type.id])),
    teamByLabel: new Map(rules.teams.teams.map((team) => [team.label.toLowerCase(), team])),
    tierByOrganisation: new Map(
      rules.customers.organisations.map((organisation) => [organisation.id, organisation.tier]),
    ),
  };
}

/**
 * The facts of a ticket, its team (the desk's default priority and type when no label gives them) and the
 * form it came through (for reports; SLA policies do not test it).
 * `issue` is who opened the issue and its body; its markers count only when `repodeskLogins` or teams.yaml's
 * agents have the author.
 */
export function ticketFacts(
  labels: string[],
  rules: Rules,
  index: LabelIndex,
  issue: { body: string; author: string } = { body: '', author: '' },
  repodeskLogins: readonly string[] = [],
): { facts: TicketFacts; team?: Team; form?: string } {
  let priority: string | undefined;
  let type: string | undefined;
  let team: Team | undefined;
  for (const label of labels) {
    const key = label.toLowerCase();
    priority ??= index.priorityByLabel.get(key);
    type ??= index.typeByLabel.get(key);
    team ??= index.teamByLabel.get(key);
  }
  const facts: TicketFacts = {
    priority: priority ?? rules.desk.defaultPriority,
    type: type ?? rules.desk.defaultType,
    labels,
  };
  if (team) facts.team = team.id;
  const byRepodesk = repodeskLogins.some((login) => sameLogin(login, issue.author));
  const agentLogins = rules.teams.agents.map((agent) => agent.login);
  const written = factsAuthor(issue.author, { repodeskLogins, agentLogins })
    ? readTicketFacts(issue.body)
    : undefined;
  if (written) {
    const tier =
      written.organisation === undefined ? undefined : index.tierByOrganisation.get(written.organisation);
    if (written.organisation !== undefined) facts.organisation = written.organisation;
    if (tier !== undefined) facts.tier = tier;
    if (written.channel !== undefined) facts.channel = written.channel;
    if (written.sender !== undefined) facts.sender = written.sender;
    if (written.language !== undefined) facts.language = written.language;
    if (written.form !== undefined) return { facts, ...(team ? { team } : {}), form: written.form };
  } else if (!byRepodesk || !startsWithTicketMarker(issue.body)) {
    // Not opened by repodesk, or with no marker at all (an issue repodesk opened with the API for someone
    // else, by hand): the issue was opened on GitHub itself.
    facts.channel = 'github';
  }
  return team ? { facts, team } : { facts };
}

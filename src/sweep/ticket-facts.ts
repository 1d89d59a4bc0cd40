// What the sweep knows of a ticket from the issue alone: priority, type and team from the labels desk.yaml
// and teams.yaml give them; organisation (hence tier) and channel from the hidden ticket marker intake
// writes in the body, when it carries them. These are the facts SLA policies are chosen by.

import type { Channel, Rules, Team } from '../rules/types.ts';
import { channels } from '../rules/types.ts';
import type { TicketFacts } from '../sla/select-policy.ts';

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

const ticketMarker = /<!--\s*repodesk:ticket\s([^]*?)-->/;

/** `organisation` and `channel` from the body's ticket marker, written `key=value` or as JSON. */
function markerValue(marker: string, key: string): string | undefined {
  return new RegExp(`"?${key}"?\\s*[=:]\\s*"?([\\w.-]+)`).exec(marker)?.[1];
}

/** The facts of a ticket and its team (the desk's default priority and type when no label gives them). */
export function ticketFacts(
  labels: string[],
  rules: Rules,
  index: LabelIndex,
  body = '',
): { facts: TicketFacts; team?: Team } {
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
  const marker = ticketMarker.exec(body)?.[1];
  if (marker !== undefined) {
    const organisation = markerValue(marker, 'organisation');
    const tier = organisation === undefined ? undefined : index.tierByOrganisation.get(organisation);
    if (organisation !== undefined) facts.organisation = organisation;
    if (tier !== undefined) facts.tier = tier;
    const channel = markerValue(marker, 'channel');
    if ((channels as readonly string[]).includes(channel ?? '')) facts.channel = channel as Channel;
  }
  return team ? { facts, team } : { facts };
}

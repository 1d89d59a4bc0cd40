// The ids the rules define, for the references between files: undefined when the file that defines them
// failed the first pass (then nothing is "unknown" rather than everything).
import type { RulesInput } from './rules-input.ts';

export interface Known {
  teams?: Set<string>;
  agents?: Set<string>;
  calendars?: Set<string>;
  priorities?: Set<string>;
  types?: Set<string>;
  categories?: Set<string>;
  languages?: Set<string>;
  tiers?: Set<string>;
  organisations?: Set<string>;
  /** desk.yaml's `repositories` (only `repository` when it lists none). */
  repositories?: Set<string>;
  forms: Set<string>;
  replies: Set<string>;
  /** Field ids over all valid forms. */
  fields: Set<string>;
  /** desk.mail.authservId: when empty, no sender is ever verified. */
  authservId?: string;
}

function ids<T>(items: readonly T[] | undefined, key: (item: T) => string): Set<string> | undefined {
  return items ? new Set(items.map(key)) : undefined;
}

/** The ids of `input`. */
export function knownIds(input: RulesInput): Known {
  const fields = new Set<string>();
  for (const { form } of input.forms)
    for (const item of form.body) if (item.type !== 'markdown') fields.add(item.id);
  const replies = new Set<string>();
  for (const reply of input.replies) {
    const id = reply.frontmatter?.id ?? reply.fileId;
    if (id !== undefined) replies.add(id);
  }
  return {
    teams: ids(input.teams?.teams, (t) => t.id),
    agents: ids(input.teams?.agents, (a) => a.login),
    calendars: ids(input.sla?.calendars, (c) => c.id),
    priorities: ids(input.desk?.priorities, (p) => p.id),
    types: ids(input.desk?.types, (t) => t.id),
    categories: ids(input.desk?.categories, (c) => c.id),
    languages: input.desk ? new Set(input.desk.languages) : undefined,
    tiers: ids(input.customers?.tiers, (t) => t.id),
    organisations: ids(input.customers?.organisations, (o) => o.id),
    repositories: input.desk ? new Set(input.desk.repositories ?? [input.desk.repository]) : undefined,
    forms: input.formIds,
    replies,
    fields,
    ...(input.desk?.mail ? { authservId: input.desk.mail.authservId } : {}),
  };
}

// What assignment needs beyond the rules: open tickets per agent (read from GitHub with
// countOpenByAssignee in every repository of the desk, confidential queues included, cached in the store
// a few minutes and bumped locally on each assignment) and the round-robin position per team (kept in the
// store, so a restart continues the rotation).

import type { Rules } from '../rules/types.ts';
import type { Workload } from '../routing/route.ts';
import type { KeyValue } from '../store/key-value.ts';
import { deskTrackers } from '../tracker/desk-trackers.ts';
import type { Tracker } from '../tracker/tracker.ts';

const lastAssignedKey = 'routing.last-assigned';
const openCountsKey = 'routing.open-by-agent';
/** How long counts read from GitHub are trusted (local bumps keep them close meanwhile). */
export const openCountsTtlMs = 5 * 60_000;

interface CachedCounts {
  at: number;
  counts: Record<string, number>;
}

/**
 * Reads the workload, refreshing open counts from GitHub when the cache is old: an agent's open tickets in
 * every repository desk.yaml lists (an HR case is as much work as one in the default repository).
 */
export async function loadWorkload(
  kv: KeyValue,
  tracker: Tracker,
  rules: Rules,
  now: number,
): Promise<Workload> {
  let cached = await kv.get<CachedCounts>(openCountsKey);
  const logins = rules.teams.agents.map((agent) => agent.login);
  if (!cached || now - cached.at > openCountsTtlMs || logins.some((login) => !(login in cached!.counts))) {
    const counts: Record<string, number> = Object.fromEntries(logins.map((login) => [login, 0]));
    if (logins.length > 0)
      for (const queue of deskTrackers(tracker, rules.desk.repositories))
        for (const [login, open] of Object.entries(await queue.countOpenByAssignee(logins)))
          counts[login] = (counts[login] ?? 0) + open;
    cached = { at: now, counts };
    await kv.set(openCountsKey, cached);
  }
  return {
    openByAgent: { ...cached.counts },
    lastAssigned: await loadLastAssigned(kv),
  };
}

/** The round-robin position per team (the last login assigned in each), as kept in the store. */
export async function loadLastAssigned(kv: KeyValue): Promise<Record<string, string>> {
  return (await kv.get<Record<string, string>>(lastAssignedKey)) ?? {};
}

/** Records an assignment (call inside the transaction that completes the job). */
export async function recordAssignment(
  kv: KeyValue,
  assignees: readonly string[],
  lastAssigned: Record<string, string>,
): Promise<void> {
  if (Object.keys(lastAssigned).length > 0) {
    await kv.set(lastAssignedKey, {
      ...((await kv.get<Record<string, string>>(lastAssignedKey)) ?? {}),
      ...lastAssigned,
    });
  }
  const cached = await kv.get<CachedCounts>(openCountsKey);
  if (cached && assignees.length > 0) {
    for (const login of assignees) cached.counts[login] = (cached.counts[login] ?? 0) + 1;
    await kv.set(openCountsKey, cached);
  }
}

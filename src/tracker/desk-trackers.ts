// The trackers of every repository of the desk (desk.yaml's `repositories`: confidential queues), for the
// readers that must see all its tickets: least-open workload, privacy export and erasure, doctor, simulate.

import type { Tracker } from './tracker.ts';

/**
 * `tracker` first (its own repository, the desk's default one for the bot and the CLI), then one tracker per
 * other repository of `repositories`, each once (names compared without case, as GitHub does).
 */
export function deskTrackers(tracker: Tracker, repositories: readonly string[] = []): Tracker[] {
  const seen = new Set([tracker.repository.toLowerCase()]);
  const trackers = [tracker];
  for (const repository of repositories) {
    if (seen.has(repository.toLowerCase())) continue;
    seen.add(repository.toLowerCase());
    trackers.push(tracker.forRepository(repository));
  }
  return trackers;
}

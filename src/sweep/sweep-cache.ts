// What a sweep remembers between runs so it does not read every ticket's timeline again: the timeline
// and our own markers of each issue, valid while the issue's `updated_at` is unchanged (every label,
// comment, assignment or state change moves it). Losing the cache only costs reads, never correctness.

import type { TimelineEvent } from '../tickets/types.ts';
import type { OwnMarker } from './ticket-action.ts';

export interface CachedTicket {
  updatedAt: string;
  timeline: TimelineEvent[];
  ownMarkers: OwnMarker[];
}

export interface SweepCache {
  version: 1;
  /** The `owner/repo` (or other key) the cache belongs to. */
  scope: string;
  tickets: Record<string, CachedTicket>;
}

export function emptySweepCache(scope: string): SweepCache {
  return { version: 1, scope, tickets: {} };
}

/** Reads a cache saved as JSON; anything unexpected (another version, another repo) starts empty. */
export function parseSweepCache(text: string, scope: string): SweepCache {
  try {
    const data = JSON.parse(text) as Partial<SweepCache>;
    if (data.version === 1 && data.scope === scope && data.tickets && typeof data.tickets === 'object') {
      return { version: 1, scope, tickets: data.tickets };
    }
  } catch {
    // A corrupt cache is only a slower sweep.
  }
  return emptySweepCache(scope);
}

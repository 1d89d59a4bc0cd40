// What a sweep remembers between runs so it does not read every ticket's timeline again: the timeline
// and our own markers of each issue, valid while the issue's `updated_at` is unchanged (every label,
// comment, assignment or state change moves it), and the pages of open issues with their ETags, sent
// again as conditional requests: an unchanged desk then costs 304s, which GitHub does not count against
// the rate limit. Losing the cache only costs reads, never correctness.

import type { TimelineEvent } from '../tickets/types.ts';
import type { CachedIssuePage } from '../tracker/github-tracker.ts';
import type { OwnMarker } from '../tickets/ticket-action.ts';

export interface CachedTicket {
  updatedAt: string;
  timeline: TimelineEvent[];
  ownMarkers: OwnMarker[];
}

export interface SweepCache {
  version: 3;
  /** The `owner/repo` (or other key) the cache belongs to. */
  scope: string;
  tickets: Record<string, CachedTicket>;
  /** Pages of open issues by URL (see `GithubTrackerOptions.issuePages`). */
  pages: Record<string, CachedIssuePage>;
}

export function emptySweepCache(scope: string): SweepCache {
  return { version: 3, scope, tickets: {}, pages: {} };
}

/** Reads a cache saved as JSON; anything unexpected (another version, another repo) starts empty. */
export function parseSweepCache(text: string, scope: string): SweepCache {
  try {
    const data = JSON.parse(text) as Partial<Omit<SweepCache, 'version'>> & { version?: number };
    if (data.scope !== scope || !data.tickets || typeof data.tickets !== 'object')
      return emptySweepCache(scope);
    // Versions 1 and 2 read anyone's `/reply` as a public reply and kept no issue authors: start afresh.
    if (data.version === 3 && data.pages && typeof data.pages === 'object') {
      return { version: 3, scope, tickets: data.tickets, pages: data.pages };
    }
  } catch {
    // A corrupt cache is only a slower sweep.
  }
  return emptySweepCache(scope);
}

/** The leading hidden markers of an issue body: all the sweep reads of it (its facts). */
const leadingMarkers = /^(?:<!-- repodesk:[^>]*-->)*/;

/**
 * The cache as JSON, with the pages the tracker kept. Issue bodies are cut to their leading markers:
 * the sweep reads nothing else of a body, and a request's text has no business in a cache file.
 */
export function serialiseSweepCache(cache: SweepCache, pages: ReadonlyMap<string, CachedIssuePage>): string {
  const kept: Record<string, CachedIssuePage> = {};
  for (const [url, page] of pages) {
    kept[url] = {
      ...page,
      issues: page.issues.map((issue) => ({ ...issue, body: leadingMarkers.exec(issue.body)?.[0] ?? '' })),
    };
  }
  return JSON.stringify({ ...cache, pages: kept });
}

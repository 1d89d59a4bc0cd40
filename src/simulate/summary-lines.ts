// The summary of a simulation, the same lines at the top of the text output and of the pull-request comment.

import type { SlaSide } from './diff-sla.ts';
import { routingAspects } from './replay-routing.ts';
import type { Simulation } from './simulation.ts';

const plural = (count: number, word: string, words = `${word}s`) => `${count} ${count === 1 ? word : words}`;

/** `policy standard; firstResponse due 2026-…Z (ok), resolution due …`. */
export function slaSideText(side: SlaSide): string {
  if (side.policy === null)
    return side.shadow ? `no policy; shadow (not applied): ${slaSideText(side.shadow)}` : 'no policy';
  const clocks = Object.entries(side.clocks).map(
    ([clock, value]) => `${clock} due ${value.dueAt} (${value.state})`,
  );
  const shadow = side.shadow ? `; shadow (not applied): ${slaSideText(side.shadow)}` : '';
  return `policy ${side.policy}${clocks.length > 0 ? `; ${clocks.join(', ')}` : ''}${shadow}`;
}

/** `#12`, or `acme/support-hr#3` for an issue of another repository than the desk's default one. */
export function issueName(ticket: { repository?: string; number: number }): string {
  return `${ticket.repository ?? ''}#${ticket.number}`;
}

/** The summary, one line per part; where the tickets came from when the desk has several repositories. */
export function summaryLines(simulation: Simulation): string[] {
  const { base, head, routing, sla, content, sources } = simulation;
  const aspects = routingAspects
    .filter((aspect) => routing.byAspect[aspect] > 0)
    .map((aspect) => `${aspect} ${routing.byAspect[aspect]}`);
  const articleCount = (kind: string) => content.articles.filter((change) => change.kind === kind).length;
  const count = (diff: { added: string[]; removed: string[]; changed: string[] }) =>
    diff.added.length + diff.removed.length + diff.changed.length;
  return [
    `repodesk simulate: base ${base.ref} (rules ${base.rulesVersion}) → head ${head.ref} (rules ${head.rulesVersion}), at ${simulation.now}`,
    ...(sources.length > 1
      ? [
          `Tickets from ${sources.length} repositories: ${sources
            .map((source) => `${source.repository} ${source.replayed} routed, ${source.open} open`)
            .join('; ')}`,
        ]
      : []),
    `Routing: ${routing.changed} of ${plural(routing.replayed, 'ticket')} change${aspects.length > 0 ? ` (${aspects.join(', ')})` : ''}` +
      (routing.notReplayable > 0
        ? `; ${routing.notReplayable} not replayable for rules on the requester's domain or organisation (created before the facts marker kept the requester's domain)`
        : ''),
    `SLA: ${sla.changed} of ${plural(sla.open, 'open ticket')} change; ${sla.becomeAtRisk} become at risk and ${sla.becomeBreached} breached at once`,
    `Content: articles ${articleCount('added')} added, ${articleCount('removed')} removed, ${articleCount('renamed')} renamed; ` +
      `${plural(count(content.forms), 'exported form')}, ${plural(count(content.replies), 'canned reply', 'canned replies')}, ` +
      `${plural(count(content.templates), 'mail template')} changed`,
    content.errors.length === 0
      ? 'No errors'
      : `${plural(content.errors.length, 'error')}: ${content.errors.map((error) => error.page).join(', ')}`,
  ];
}

// `repodesk simulate` for a terminal: the summary first, then each changed ticket with both traces, each
// SLA change and each content change.

import type { ChangedSla, SlaSide } from './diff-sla.ts';
import type { Simulation } from './simulation.ts';
import { issueName, summaryLines, slaSideText } from './summary-lines.ts';

function slaLines(ticket: ChangedSla): string[] {
  const side = (name: string, value: SlaSide) => `    ${name}  ${slaSideText(value)}`;
  return [
    `  ${issueName(ticket)} ${ticket.title}${ticket.becomes ? ` (becomes ${ticket.becomes})` : ''}`,
    side('base', ticket.base),
    side('head', ticket.head),
  ];
}

/** The simulation as plain text. */
export function renderSimulationText(simulation: Simulation): string {
  const lines = [...summaryLines(simulation), ''];
  const { routing, sla, content } = simulation;
  if (routing.tickets.length > 0) {
    lines.push('Routing changes:');
    for (const ticket of routing.tickets) {
      lines.push(`  ${issueName(ticket)} ${ticket.title}`);
      for (const change of ticket.changes)
        lines.push(`    ${change.aspect}: ${change.base} → ${change.head}`);
      lines.push('    base trace:', ...ticket.base.trace.map((line) => `      ${line}`));
      lines.push('    head trace:', ...ticket.head.trace.map((line) => `      ${line}`));
    }
    lines.push('');
  }
  if (sla.tickets.length > 0) lines.push('SLA changes:', ...sla.tickets.flatMap(slaLines), '');
  const listed = (name: string, diff: { added: string[]; removed: string[]; changed: string[] }) =>
    (['added', 'removed', 'changed'] as const).flatMap((kind) =>
      diff[kind].map((id) => `  ${name} ${id}: ${kind}`),
    );
  const contentLines = [
    ...content.articles.map(
      (change) =>
        `  article /${change.lang}/articles/${change.slug}/: ${change.kind}${change.to ? ` to /${change.lang}/articles/${change.to}/` : ''}`,
    ),
    ...listed('form', content.forms),
    ...listed('reply', content.replies),
    ...listed('mail template', content.templates),
  ];
  if (contentLines.length > 0) lines.push('Content changes:', ...contentLines, '');
  for (const error of content.errors) lines.push(`error: ${error.message}`);
  return `${lines.join('\n').trimEnd()}\n`;
}

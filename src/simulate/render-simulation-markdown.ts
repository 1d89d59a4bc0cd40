// `repodesk simulate` for a pull request: the summary first, each part's details folded in `<details>`.
// The support repository may be private while the rules repository is not: no ticket title appears, and
// issue numbers and traces are in code spans and blocks, where GitHub links and notifies nothing.

import type { ChangedSla } from './diff-sla.ts';
import type { Simulation } from './simulation.ts';
import { issueName, slaSideText, summaryLines } from './summary-lines.ts';

/** The text in a code span, whatever backticks it holds. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest > 0 ? ' ' : ''}${text}${longest > 0 ? ' ' : ''}${fence}`;
}

/** Lines in a fenced block no line of them can close. */
function block(lines: string[]): string {
  const longest = Math.max(
    2,
    ...lines.flatMap((line) => [...line.matchAll(/`+/g)].map((run) => run[0].length)),
  );
  const fence = '`'.repeat(longest + 1);
  return [`${fence}text`, ...lines, fence].join('\n');
}

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function slaRow(ticket: ChangedSla): string {
  return `| ${code(issueName(ticket))} | ${code(slaSideText(ticket.base))} | ${code(slaSideText(ticket.head))} | ${ticket.becomes ?? ''} |`;
}

/** The simulation as the Markdown of a pull-request comment. */
export function renderSimulationMarkdown(simulation: Simulation): string {
  const [title, ...summary] = summaryLines(simulation);
  const { routing, sla, content } = simulation;
  const parts = [`### ${code(title!)}`, '', ...summary.map((line) => `- ${line}`)];
  if (content.errors.length > 0)
    parts.push('', '**Errors**', '', ...content.errors.map((error) => `- ${code(error.message)}`));
  if (routing.tickets.length > 0) {
    const tickets = routing.tickets.map((ticket) =>
      [
        `**${code(issueName(ticket))}**: ${ticket.changes.map((change) => `${change.aspect} ${code(change.base)} → ${code(change.head)}`).join('; ')}`,
        '',
        block(['base:', ...ticket.base.trace, 'head:', ...ticket.head.trace]),
      ].join('\n'),
    );
    parts.push('', details(`Routing: ${routing.changed} changed tickets`, tickets.join('\n\n')));
  }
  if (sla.tickets.length > 0) {
    const table = ['| ticket | base | head | at once |', '|---|---|---|---|', ...sla.tickets.map(slaRow)];
    parts.push('', details(`SLA: ${sla.changed} changed open tickets`, table.join('\n')));
  }
  const contentLines = [
    ...content.articles.map(
      (change) =>
        `- article ${code(`/${change.lang}/articles/${change.slug}/`)} ${change.kind}${change.to ? ` to ${code(`/${change.lang}/articles/${change.to}/`)}` : ''}`,
    ),
    ...(
      [
        ['form', content.forms],
        ['canned reply', content.replies],
        ['mail template', content.templates],
      ] as const
    ).flatMap(([name, diff]) =>
      (['added', 'removed', 'changed'] as const).flatMap((kind) =>
        diff[kind].map((id) => `- ${name} ${code(id)} ${kind}`),
      ),
    ),
  ];
  if (contentLines.length > 0)
    parts.push('', details(`Content: ${contentLines.length} changes`, contentLines.join('\n')));
  return `${parts.join('\n')}\n`;
}

// The report as Markdown for a GitHub issue (the monthly workflow posts it). Every cell that is not a
// number is made inert with intake's `neutraliseLine`: a ticket title or a reader's search can mention
// nobody, reference no issue and add no layout. Long tables are cut (the HTML artifact has them whole),
// and the body stays under GitHub's 65,536 characters.

import { neutraliseLine } from '../intake/neutralise.ts';
import type { DocumentTable, ReportDocument } from './report-document.ts';
import { reportTexts } from './report-texts.ts';

const maxRows = 50;
/** GitHub refuses issue bodies over 65,536 characters. */
const maxChars = 65_000;

function renderTable(table: DocumentTable, lang: string, links: ReadonlyMap<string, string>): string[] {
  // A ticket's address is shown as code: a link would cross-reference every breached ticket from the
  // report's issue (a "mentioned this" event on each, and noise for the agents reading them).
  const cell = (text: string, index: number) => {
    if (table.numeric[index]) return text;
    const reference = /^#\d+\b/.exec(text)?.[0];
    const url = reference === undefined ? undefined : links.get(reference);
    return url === undefined ? neutraliseLine(text, 200) : `\`${url}\` ${neutraliseLine(text, 200)}`;
  };
  const shown = table.rows.slice(0, maxRows);
  const lines = [
    `**${table.caption}**`,
    '',
    `| ${table.columns.map((column, index) => cell(column, index)).join(' | ')} |`,
    `| ${table.numeric.map((numeric) => (numeric ? '---:' : '---')).join(' | ')} |`,
    ...shown.map((row) => `| ${row.map((text, index) => cell(text, index)).join(' | ')} |`),
  ];
  if (table.rows.length > maxRows) {
    const more = table.rows.length - maxRows;
    lines.push('', reportTexts(lang).moreRows(more));
  }
  return [...lines, ''];
}

/** The report as GitHub-flavoured Markdown. */
export function renderMarkdown(document: ReportDocument): string {
  const lines = [
    `# ${neutraliseLine(document.title, 300)}`,
    '',
    ...document.subtitle.map((line) => `${line}  `),
    '',
  ];
  for (const section of document.sections) {
    const block = [`## ${section.heading}`, ''];
    for (const note of section.notes) block.push(`- ${neutraliseLine(note, 500)}`);
    if (section.notes.length > 0) block.push('');
    const links = new Map((section.links ?? []).map((link) => [link.text, link.url]));
    for (const table of section.tables)
      if (table.rows.length > 0) block.push(...renderTable(table, document.lang, links));
    if ([...lines, ...block].join('\n').length > maxChars) {
      lines.push(`## ${section.heading}`, '', reportTexts(document.lang).truncated);
      break;
    }
    lines.push(...block);
  }
  return lines.join('\n').trimEnd() + '\n';
}

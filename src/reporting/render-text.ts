// The report for a terminal: the document's sections as headed blocks of aligned columns.

import { plainText } from '../feedback/feedback-signal.ts';
import type { DocumentTable, ReportDocument } from './report-document.ts';

function renderTable(table: DocumentTable): string[] {
  // Customer text (titles, searches) is printed on one line, without control or direction characters.
  const rows = table.rows.map((row) => row.map((cell) => plainText(cell)));
  const widths = table.columns.map((column, index) =>
    Math.min(60, Math.max(column.length, ...rows.map((row) => (row[index] ?? '').length))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => {
        const width = widths[index]!;
        const shown = cell.length > width ? `${cell.slice(0, width - 1)}…` : cell;
        return table.numeric[index] ? shown.padStart(width) : shown.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [`  ${table.caption}`, `    ${line(table.columns)}`, ...rows.map((row) => `    ${line(row)}`)];
}

/** The report as plain text. */
export function renderText(document: ReportDocument): string {
  const lines = [document.title, ...document.subtitle];
  for (const section of document.sections) {
    lines.push('', `== ${section.heading} ==`);
    for (const note of section.notes) lines.push(`  ${note}`);
    for (const table of section.tables) {
      if (table.rows.length === 0) continue;
      lines.push('', ...renderTable(table));
    }
  }
  return lines.join('\n') + '\n';
}

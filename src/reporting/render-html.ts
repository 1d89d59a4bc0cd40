// The report as one self-contained HTML file: inline CSS, SVG charts drawn at build time, no script, no
// request to any server, so it opens from an Actions artifact or a mail attachment as it is. Accessible:
// one h1, a heading per section, every chart a titled figure followed by its data as a real table
// (caption, header cells with scope), scrollable tables reachable by keyboard, the page's language set.

import type { ReportDocument, DocumentTable } from './report-document.ts';
import { renderChart } from './render-charts.ts';
import { reportTexts } from './report-texts.ts';

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const style = `
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a1a1a; background: #fff; margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid #d5dbe3; }
.subtitle { color: #3d4a5c; margin: 0; }
ul.notes { padding-left: 1.2rem; }
figure { margin: 1rem 0 .4rem; }
figcaption { font-weight: 600; margin-bottom: .3rem; }
.table { overflow-x: auto; margin: .4rem 0 1.2rem; }
.table:focus { outline: 2px solid #1f4e99; outline-offset: 2px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid #d5dbe3; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef2f7; }
td.number, th.number { text-align: right; }
a { color: #1f4e99; }
svg { max-width: 100%; height: auto; }
`;

function renderTable(table: DocumentTable, links: Map<string, string>, id: string): string {
  const head = table.columns
    .map(
      (column, index) =>
        `<th scope="col"${table.numeric[index] ? ' class="number"' : ''}>${escape(column)}</th>`,
    )
    .join('');
  const body = table.rows
    .map((row) => {
      const cells = row.map((cell, index) => {
        const reference = /^#(\d+)\b/.exec(cell)?.[0];
        const url = reference === undefined ? undefined : links.get(reference);
        const content = url === undefined ? escape(cell) : `<a href="${escape(url)}">${escape(cell)}</a>`;
        if (index === 0) return `<th scope="row">${content}</th>`;
        return `<td${table.numeric[index] ? ' class="number"' : ''}>${content}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return (
    `<div class="table" role="region" aria-labelledby="${id}" tabindex="0">` +
    `<table><caption id="${id}">${escape(table.caption)}</caption><thead><tr>${head}</tr></thead>` +
    `<tbody>${body}</tbody></table></div>`
  );
}

/** The report as a standalone HTML page. */
export function renderHtml(document: ReportDocument): string {
  const texts = reportTexts(document.lang);
  let counter = 0;
  const sections = document.sections.map((section) => {
    const links = new Map((section.links ?? []).map((link) => [link.text, link.url]));
    const parts = [`<section><h2 id="${section.id}">${escape(section.heading)}</h2>`];
    if (section.notes.length > 0)
      parts.push(
        `<ul class="notes">${section.notes.map((note) => `<li>${escape(note)}</li>`).join('')}</ul>`,
      );
    for (const table of section.tables) {
      if (table.rows.length === 0) continue;
      counter += 1;
      if (table.chart) {
        const title = table.chart.title;
        parts.push(
          `<figure aria-labelledby="chart-${counter}"><figcaption id="chart-${counter}">${escape(title)}</figcaption>` +
            `${renderChart(table.chart, title, texts)}</figure>`,
        );
      }
      parts.push(renderTable(table, links, `table-${counter}`));
    }
    parts.push('</section>');
    return parts.join('\n');
  });
  return [
    '<!doctype html>',
    `<html lang="${escape(document.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escape(document.title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escape(document.title)}</h1>`,
    ...document.subtitle.map((line) => `<p class="subtitle">${escape(line)}</p>`),
    ...sections,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

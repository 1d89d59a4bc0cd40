// The report's charts as SVG, drawn when the report is built (no script in the page) by Observable Plot,
// the maintained charting library of the d3 authors, on linkedom's DOM (Plot needs a `document`; linkedom
// is a small, fast DOM with no browser). Each chart has a title and a description for screen readers,
// and its data stays in the table under it. Colours are dark enough for text contrast on white.

import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { Chart } from './report-document.ts';
import type { ReportTexts } from './report-texts.ts';

const blue = '#1f4e99';
const orange = '#a84300';

/** The SVG of `chart`, labelled `title` for assistive technology. */
export function renderChart(chart: Chart, title: string, texts: ReportTexts): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const base = {
    document: document as unknown as Document,
    width: 760,
    style: { fontSize: '12px', color: '#1a1a1a', background: 'white' },
  };
  let figure: Element;
  switch (chart.kind) {
    case 'daily': {
      // Created as bars, resolved as a line with dots: told apart by shape, not only by colour.
      const days = chart.days.map((entry) => ({ ...entry, date: new Date(`${entry.day}T00:00:00Z`) }));
      figure = Plot.plot({
        ...base,
        height: 260,
        x: {
          type: 'band',
          label: null,
          tickFormat: (date: Date) => date.toISOString().slice(5, 10),
          ticks: days.filter((_, index) => index % 7 === 0).map((entry) => entry.date),
        },
        y: { grid: true, label: null },
        marks: [
          Plot.barY(days, { x: 'date', y: 'created', fill: blue, fillOpacity: 0.75, inset: 1 }),
          Plot.lineY(days, { x: 'date', y: 'resolved', stroke: orange, strokeWidth: 2 }),
          Plot.dot(days, { x: 'date', y: 'resolved', fill: orange, r: 2.5 }),
          Plot.ruleY([0]),
        ],
      });
      break;
    }
    case 'attainment': {
      figure = Plot.plot({
        ...base,
        height: Math.max(120, chart.policies.length * 26 + 50),
        marginLeft: 240,
        x: { domain: [0, 100], percent: true, grid: true, label: texts.columns.attainment },
        y: { label: null },
        marks: [
          Plot.barX(chart.policies, {
            x: 'rate',
            y: (entry: { policy: string; clock: string }) => `${entry.policy} · ${entry.clock}`,
            fill: blue,
          }),
          Plot.ruleX([0]),
        ],
      });
      break;
    }
    case 'heat-map': {
      figure = Plot.plot({
        ...base,
        height: 250,
        marginLeft: 50,
        x: { label: texts.columns.hour, tickFormat: (hour: number) => String(hour).padStart(2, '0') },
        y: { domain: chart.weekdays, label: null },
        // A colour ramp legend needs a canvas, which linkedom has not: the table under the chart gives the values.
        color: { scheme: 'blues' },
        marks: [Plot.cell(chart.cells, { x: 'hour', y: 'weekday', fill: 'value', inset: 0.5 })],
      });
      break;
    }
    case 'forecast': {
      const days = chart.days.map((day) => ({ ...day, date: new Date(`${day.day}T00:00:00Z`) }));
      figure = Plot.plot({
        ...base,
        height: 240,
        x: { type: 'utc', label: null },
        y: { grid: true, label: null },
        marks: [
          Plot.areaY(days, { x: 'date', y1: 'low', y2: 'high', fill: blue, fillOpacity: 0.18 }),
          Plot.lineY(days, { x: 'date', y: 'forecast', stroke: blue, strokeWidth: 2 }),
          Plot.dot(
            days.filter((day) => day.holiday),
            { x: 'date', y: 'forecast', fill: orange, r: 4, title: () => texts.holiday },
          ),
          Plot.ruleY([0]),
        ],
      });
      break;
    }
  }
  // One image for assistive technology, named by the chart's title: Plot labels its inner groups too,
  // which ARIA does not allow on elements without a role (the data is in the table under the chart).
  const svg = (figure as unknown as { outerHTML: string }).outerHTML
    .replace(/ aria-(?:label|description)="[^"]*"/g, '')
    .replace(/^<svg /, `<svg role="img" aria-label="${escapeAttribute(title)}" `);
  return svg;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

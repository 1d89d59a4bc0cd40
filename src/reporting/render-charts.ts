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
    ariaLabel: title,
    ariaDescription: texts.dataTable,
    width: 760,
    style: { fontSize: '12px', color: '#1a1a1a', background: 'white' },
  };
  let figure: Element;
  switch (chart.kind) {
    case 'daily': {
      const points = chart.days.flatMap((day) => [
        { day: new Date(`${day.day}T00:00:00Z`), series: texts.columns.created, value: day.created },
        { day: new Date(`${day.day}T00:00:00Z`), series: texts.columns.resolved, value: day.resolved },
      ]);
      figure = Plot.plot({
        ...base,
        height: 260,
        x: { type: 'utc', label: null },
        y: { grid: true, label: null },
        color: {
          domain: [texts.columns.created, texts.columns.resolved],
          range: [blue, orange],
          legend: true,
        },
        marks: [
          Plot.ruleY([0]),
          Plot.lineY(points, { x: 'day', y: 'value', stroke: 'series', strokeWidth: 2 }),
          Plot.dot(points, { x: 'day', y: 'value', fill: 'series', r: 2.5 }),
        ],
      });
      break;
    }
    case 'attainment': {
      figure = Plot.plot({
        ...base,
        height: Math.max(120, chart.policies.length * 26 + 50),
        marginLeft: 240,
        x: { domain: [0, 1], percent: true, grid: true, label: texts.columns.attainment },
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
        color: { scheme: 'blues', legend: true },
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
  return (figure as unknown as { outerHTML: string }).outerHTML;
}

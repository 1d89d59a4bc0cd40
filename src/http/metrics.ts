// Counters kept in memory since start, rendered with gauges read from the store at scrape time, in the
// Prometheus text format (version 0.0.4).

export type MetricLabels = Record<string, string>;

export interface Gauge {
  name: string;
  help: string;
  values: { labels?: MetricLabels; value: number }[];
}

export interface Metrics {
  /** Adds `by` to a counter (declared on first use with `help`). */
  count(name: string, help: string, labels?: MetricLabels, by?: number): void;
  /** The Prometheus text of all counters plus `gauges`. */
  render(gauges: Gauge[]): string;
}

function labelText(labels: MetricLabels | undefined): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return '';
  const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `{${entries.map(([key, value]) => `${key}="${escape(value)}"`).join(',')}}`;
}

/** Creates an empty set of counters. */
export function createMetrics(): Metrics {
  const counters = new Map<string, { help: string; values: Map<string, number> }>();
  return {
    count(name, help, labels, by = 1) {
      let counter = counters.get(name);
      if (!counter) {
        counter = { help, values: new Map() };
        counters.set(name, counter);
      }
      const key = labelText(labels);
      counter.values.set(key, (counter.values.get(key) ?? 0) + by);
    },
    render(gauges) {
      const lines: string[] = [];
      for (const [name, counter] of counters) {
        lines.push(`# HELP ${name} ${counter.help}`, `# TYPE ${name} counter`);
        for (const [labels, value] of counter.values) lines.push(`${name}${labels} ${value}`);
      }
      for (const gauge of gauges) {
        lines.push(`# HELP ${gauge.name} ${gauge.help}`, `# TYPE ${gauge.name} gauge`);
        for (const value of gauge.values)
          lines.push(`${gauge.name}${labelText(value.labels)} ${value.value}`);
      }
      return lines.join('\n') + '\n';
    },
  };
}

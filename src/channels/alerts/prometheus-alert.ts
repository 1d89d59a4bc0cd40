// One alert as Alertmanager (webhook version 4) and Grafana's alerting webhook both send it: labels,
// annotations, startsAt/endsAt, generatorURL, fingerprint; Grafana adds its silence, dashboard and panel links.
import { createHash } from 'node:crypto';
import type { Alert, AlertFormatName } from './alert.ts';

/** A map of texts (labels, annotations). */
export const textMap = { type: 'object', additionalProperties: { type: 'string' } };

/** JSON Schema of one alert of the `alerts` list; `fingerprint` required where the format always sends it. */
export function prometheusAlertSchema(requireFingerprint: boolean): Record<string, unknown> {
  return {
    type: 'object',
    required: ['status', 'labels', ...(requireFingerprint ? ['fingerprint'] : [])],
    properties: {
      status: { enum: ['firing', 'resolved'] },
      labels: textMap,
      annotations: textMap,
      startsAt: { type: 'string' },
      endsAt: { type: 'string' },
      generatorURL: { type: 'string' },
      fingerprint: { type: 'string', minLength: 1, maxLength: 200 },
      silenceURL: { type: 'string' },
      dashboardURL: { type: 'string' },
      panelURL: { type: 'string' },
    },
  };
}

/** One item of the `alerts` list, as the schema accepted it. */
export interface PrometheusAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
  fingerprint?: string;
  silenceURL?: string;
  dashboardURL?: string;
  panelURL?: string;
}

/** Alertmanager's fingerprint is a hash of the label set: the same when an older version leaves it out. */
function labelsFingerprint(labels: Record<string, string>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((name) => `${name}\u0000${labels[name]}`)
    .join('\u0001');
  return createHash('sha256').update(sorted).digest('hex').slice(0, 16);
}

const isLink = (url: string | undefined): url is string => url !== undefined && /^https?:\/\/\S+$/.test(url);

/** The alert as repodesk reads it. */
export function fromPrometheusAlert(format: AlertFormatName, item: PrometheusAlert): Alert {
  const annotations = item.annotations ?? {};
  const links = [
    { title: 'Source', url: item.generatorURL },
    { title: 'Runbook', url: annotations.runbook_url },
    { title: 'Dashboard', url: item.dashboardURL },
    { title: 'Panel', url: item.panelURL },
    { title: 'Silence', url: item.silenceURL },
  ].filter((link): link is { title: string; url: string } => isLink(link.url));
  // Go's zero time means "not ended yet".
  const endsAt = item.endsAt && !item.endsAt.startsWith('0001-') ? item.endsAt : undefined;
  return {
    format,
    source: format,
    fingerprint: item.fingerprint ?? labelsFingerprint(item.labels),
    status: item.status,
    ...(item.labels.severity ? { severity: item.labels.severity } : {}),
    summary: annotations.summary ?? annotations.title ?? item.labels.alertname ?? format,
    description: annotations.description ?? annotations.message ?? '',
    labels: item.labels,
    links,
    ...(item.startsAt ? { startsAt: item.startsAt } : {}),
    ...(endsAt ? { endsAt } : {}),
  };
}

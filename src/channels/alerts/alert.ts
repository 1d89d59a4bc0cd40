// A monitoring alert as repodesk reads it, whatever format it came in (Alertmanager, Grafana, the generic
// format): the fields the ticket shows and routing tests, nothing else of the payload.

import { createHash } from 'node:crypto';

/** The formats `POST /api/alerts/:format` takes. */
export type AlertFormatName = 'alertmanager' | 'grafana' | 'generic';

export interface Alert {
  format: AlertFormatName;
  /** What sent it: `alertmanager`, `grafana`, or the generic format's `source` (`uptime-kuma`, `nagios`). */
  source: string;
  /** The same alert has the same fingerprint every time it fires: one ticket per fingerprint while it is open. */
  fingerprint: string;
  status: 'firing' | 'resolved';
  severity?: string;
  summary: string;
  description: string;
  labels: Record<string, string>;
  links: { title: string; url: string }[];
  /** When this firing began, as the monitoring system says (ISO 8601); the same firing sent again counts once. */
  startsAt?: string;
  /** When it ended, for a resolved alert. */
  endsAt?: string;
}

/** The alert's identity (`format:source:fingerprint`) and the key its state is stored under. */
export function alertStateKey(alert: Alert): { alert: string; store: string } {
  const identity = `${alert.format}:${alert.source}:${alert.fingerprint}`;
  return {
    alert: identity,
    store: `alert:${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`,
  };
}

// repodesk's own alert format, for any monitoring system that can POST JSON (documented in the channel's
// README): one alert per request.
import type { Alert, AlertFormatName } from './alert.ts';
import type { AlertFormat } from './alert-format.ts';
import { textMap } from './prometheus-alert.ts';

interface GenericAlert {
  source: string;
  fingerprint: string;
  status: 'firing' | 'resolved';
  severity?: string;
  summary: string;
  description?: string;
  labels?: Record<string, string>;
  links?: { title?: string; url: string }[];
  startsAt?: string;
}

const format: AlertFormatName = 'generic';

export const genericFormat: AlertFormat = {
  name: format,
  tokenVariable: 'ALERTS_GENERIC_TOKEN',
  schema: {
    type: 'object',
    required: ['source', 'fingerprint', 'status', 'summary'],
    additionalProperties: false,
    properties: {
      source: { type: 'string', minLength: 1, maxLength: 100 },
      fingerprint: { type: 'string', minLength: 1, maxLength: 200 },
      status: { enum: ['firing', 'resolved'] },
      severity: { type: 'string', minLength: 1, maxLength: 50 },
      summary: { type: 'string', minLength: 1, maxLength: 1000 },
      description: { type: 'string', maxLength: 20000 },
      labels: textMap,
      links: {
        type: 'array',
        maxItems: 20,
        items: {
          type: 'object',
          required: ['url'],
          additionalProperties: false,
          properties: {
            title: { type: 'string', maxLength: 200 },
            url: { type: 'string', pattern: '^https?://\\S+$' },
          },
        },
      },
      startsAt: { type: 'string', format: 'date-time' },
    },
  },
  alerts(payload) {
    const given = payload as GenericAlert;
    const alert: Alert = {
      format,
      source: given.source,
      fingerprint: given.fingerprint,
      status: given.status,
      summary: given.summary,
      description: given.description ?? '',
      labels: given.labels ?? {},
      links: (given.links ?? []).map((link) => ({ title: link.title ?? link.url, url: link.url })),
      ...(given.severity ? { severity: given.severity } : {}),
      ...(given.startsAt ? { startsAt: given.startsAt } : {}),
    };
    return [alert];
  },
};

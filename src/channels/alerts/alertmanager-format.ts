// Prometheus Alertmanager's webhook (`webhook_configs`, payload version 4): a group of alerts, each with
// its own status; `http_config.authorization.credentials` sends the bearer token.
import type { AlertFormat } from './alert-format.ts';
import {
  fromPrometheusAlert,
  prometheusAlertSchema,
  textMap,
  type PrometheusAlert,
} from './prometheus-alert.ts';

export const alertmanagerFormat: AlertFormat = {
  name: 'alertmanager',
  tokenVariable: 'ALERTS_ALERTMANAGER_TOKEN',
  schema: {
    type: 'object',
    required: ['version', 'status', 'alerts'],
    properties: {
      version: { const: '4' },
      status: { enum: ['firing', 'resolved'] },
      receiver: { type: 'string' },
      groupKey: { type: 'string' },
      truncatedAlerts: { type: 'integer', minimum: 0 },
      groupLabels: textMap,
      commonLabels: textMap,
      commonAnnotations: textMap,
      externalURL: { type: 'string' },
      alerts: { type: 'array', minItems: 1, maxItems: 1000, items: prometheusAlertSchema(false) },
    },
  },
  alerts: (payload) =>
    (payload as { alerts: PrometheusAlert[] }).alerts.map((item) =>
      fromPrometheusAlert('alertmanager', item),
    ),
};

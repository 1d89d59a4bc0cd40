// Grafana alerting's webhook contact point: Alertmanager's group shape with Grafana's additions (orgId,
// title, message, silence, dashboard and panel links, values); every alert carries its fingerprint.
import type { AlertFormat } from './alert-format.ts';
import {
  fromPrometheusAlert,
  prometheusAlertSchema,
  textMap,
  type PrometheusAlert,
} from './prometheus-alert.ts';

export const grafanaFormat: AlertFormat = {
  name: 'grafana',
  tokenVariable: 'ALERTS_GRAFANA_TOKEN',
  schema: {
    type: 'object',
    required: ['status', 'alerts'],
    properties: {
      status: { enum: ['firing', 'resolved'] },
      receiver: { type: 'string' },
      orgId: { type: 'integer' },
      groupKey: { type: 'string' },
      truncatedAlerts: { type: 'integer', minimum: 0 },
      groupLabels: textMap,
      commonLabels: textMap,
      commonAnnotations: textMap,
      externalURL: { type: 'string' },
      version: { type: 'string' },
      title: { type: 'string' },
      state: { type: 'string' },
      message: { type: 'string' },
      alerts: { type: 'array', minItems: 1, maxItems: 1000, items: prometheusAlertSchema(true) },
    },
  },
  alerts: (payload) =>
    (payload as { alerts: PrometheusAlert[] }).alerts.map((item) => fromPrometheusAlert('grafana', item)),
};

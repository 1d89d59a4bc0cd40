// GET /metrics: Prometheus text. Counters since start, plus gauges read from the store at scrape time.

import type { BotServices } from '../bot-services.ts';
import type { Gauge } from '../metrics.ts';
import type { Route } from '../http-server.ts';

function gauges(services: BotServices, now: number): Gauge[] {
  const jobs = services.jobs.countByState();
  return [
    {
      name: 'repodesk_jobs',
      help: 'Jobs in the durable outbox by state.',
      values: Object.entries(jobs).map(([state, value]) => ({ labels: { state }, value })),
    },
    {
      name: 'repodesk_dead_letters',
      help: 'Jobs given up after their last attempt, by kind.',
      values: [
        { value: jobs.dead },
        ...Object.entries(services.jobs.countDeadByKind()).map(([kind, value]) => ({
          labels: { kind },
          value,
        })),
      ],
    },
    {
      name: 'repodesk_inbox_inputs',
      help: 'Inputs accepted into the durable inbox, by source.',
      values: Object.entries(services.inbox.countBySource()).map(([source, value]) => ({
        labels: { source },
        value,
      })),
    },
    {
      name: 'repodesk_github_writes_used',
      help: 'GitHub content writes made in the budget window, by window.',
      values: services.budget.limits.map((limit) => ({
        labels: { window: `${limit.windowMs / 1000}s`, limit: String(limit.max) },
        value: services.budget.used(now, limit.windowMs),
      })),
    },
    {
      name: 'repodesk_feedback_signals',
      help: 'Signals from the help site stored, by kind.',
      values: Object.entries(services.feedback.countByKind()).map(([kind, value]) => ({
        labels: { kind },
        value,
      })),
    },
  ];
}

export const metricsRoute: Route = {
  method: 'GET',
  path: '/metrics',
  async handle(context, services) {
    return {
      status: 200,
      text: services.metrics.render(gauges(services, context.now)),
      contentType: 'text/plain; version=0.0.4; charset=utf-8',
    };
  },
};

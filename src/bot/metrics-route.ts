// GET /metrics: Prometheus text. Counters since start, plus gauges read from the store at scrape time.
// Not public (queue sizes, dead letters and volumes tell an outsider too much): with METRICS_TOKEN set, a
// scraper sends `Authorization: Bearer <token>` from anywhere; without it, only a program on this machine
// connecting directly may read it (decided from the socket, never from X-Forwarded-For).

import type { BotContext } from '../context.ts';
import { HttpError } from '../http/http-answer.ts';
import type { Gauge } from '../http/metrics.ts';
import type { RequestContext, Route } from '../http/http-server.ts';
import { sameSecret } from '../http/same-secret.ts';

async function gauges(bot: BotContext, now: number): Promise<Gauge[]> {
  const jobs = await bot.jobs.countByState();
  const deadByKind = await bot.jobs.countDeadByKind();
  const bySource = await bot.inbox.countBySource();
  const used = await Promise.all(bot.budget.limits.map((limit) => bot.budget.used(now, limit.windowMs)));
  const feedback = await bot.feedback.countByKind();
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
        ...Object.entries(deadByKind).map(([kind, value]) => ({
          labels: { kind },
          value,
        })),
      ],
    },
    {
      name: 'repodesk_inbox_inputs',
      help: 'Inputs accepted into the durable inbox, by source.',
      values: Object.entries(bySource).map(([source, value]) => ({
        labels: { source },
        value,
      })),
    },
    {
      name: 'repodesk_github_writes_used',
      help: 'GitHub content writes made in the budget window, by window.',
      values: bot.budget.limits.map((limit, index) => ({
        labels: { window: `${limit.windowMs / 1000}s`, limit: String(limit.max) },
        value: used[index] ?? 0,
      })),
    },
    {
      name: 'repodesk_feedback_signals',
      help: 'Signals from the help site stored, by kind.',
      values: Object.entries(feedback).map(([kind, value]) => ({
        labels: { kind },
        value,
      })),
    },
  ];
}

function refused(detail: string): HttpError {
  return new HttpError(
    401,
    { error: `unauthorised: ${detail}` },
    { 'www-authenticate': 'Bearer realm="repodesk metrics"' },
  );
}

/** Lets the scrape through, or throws 401 saying how to get access. */
function checkAccess(context: RequestContext, bot: BotContext): void {
  const expected = bot.config.metricsToken;
  if (expected === undefined) {
    if (context.sameMachine) return;
    throw refused(
      'metrics are served only to this machine (connecting directly, not through a proxy); set METRICS_TOKEN on the bot and send Authorization: Bearer <token> to scrape from elsewhere',
    );
  }
  const header = context.request.headers.authorization ?? '';
  const given = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? '';
  if (!sameSecret(given, expected))
    throw refused('send Authorization: Bearer <token> with the token set in METRICS_TOKEN');
}

export function metricsRoute(bot: BotContext): Route {
  return {
    method: 'GET',
    path: '/metrics',
    async handle(context) {
      checkAccess(context, bot);
      return {
        status: 200,
        text: bot.metrics.render(await gauges(bot, context.now)),
        contentType: 'text/plain; version=0.0.4; charset=utf-8',
      };
    },
  };
}

// The bot's HTTP endpoints. A new endpoint: one file under routes/, one line here.

import { inboundMailRoutes } from '../mail/inbound/inbound-routes.ts';
import { handledEvents } from '../webhooks/webhook-handlers.ts';
import type { Worker } from '../worker/worker.ts';
import { createAltchaVerifier } from '../http/altcha.ts';
import type { BotContext } from '../context.ts';
import type { Route } from '../http/http-server.ts';
import { altchaChallengeRoute } from './routes/altcha-challenge.ts';
import { feedbackRoute } from './routes/feedback.ts';
import { githubWebhookRoute } from './routes/github-webhook.ts';
import { healthRoute } from './routes/health.ts';
import { metricsRoute } from './routes/metrics.ts';
import { requestStatusRoute } from './routes/request-status.ts';
import { submitRequestRoute } from './routes/submit-request.ts';

export function botRoutes(bot: BotContext, worker: () => Worker | undefined): Route[] {
  return [
    submitRequestRoute(createAltchaVerifier(bot.altchaSecret)),
    requestStatusRoute,
    githubWebhookRoute(handledEvents()),
    feedbackRoute,
    altchaChallengeRoute,
    healthRoute(worker),
    metricsRoute,
    ...inboundMailRoutes(),
  ];
}

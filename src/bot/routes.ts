// The bot's HTTP endpoints. A new endpoint: one route file in its room, one line here.

import { alertRoutes } from '../channels/alerts/alert-routes.ts';
import { inboundMailRoutes } from '../channels/email/inbound-route.ts';
import { feedbackRoute } from '../channels/feedback/feedback-route.ts';
import { altchaChallengeRoute } from '../channels/form/altcha-challenge-route.ts';
import { attachmentRoute } from '../channels/form/file-route.ts';
import { requestStatusRoute } from '../channels/form/request-status-route.ts';
import { submitRequestRoute } from '../channels/form/submit-request-route.ts';
import { uploadRoute } from '../channels/form/upload-route.ts';
import { handledEvents } from '../channels/github/handlers/index.ts';
import { githubWebhookRoute } from '../channels/github/webhook-route.ts';
import { satisfactionRoutes } from '../channels/satisfaction/satisfaction-route.ts';
import type { BotContext } from '../context.ts';
import { createAltchaVerifier } from '../http/altcha.ts';
import type { Route } from '../http/http-server.ts';
import type { Worker } from '../worker/worker.ts';
import { healthRoute } from './health-route.ts';
import { metricsRoute } from './metrics-route.ts';

export function botRoutes(bot: BotContext, worker: () => Worker | undefined): Route[] {
  return [
    submitRequestRoute(bot, createAltchaVerifier(bot.altchaSecret)),
    requestStatusRoute(bot),
    uploadRoute(bot),
    attachmentRoute(bot),
    altchaChallengeRoute(bot),
    githubWebhookRoute(bot, handledEvents()),
    feedbackRoute(bot),
    healthRoute(bot, worker),
    metricsRoute(bot),
    ...inboundMailRoutes(bot),
    ...alertRoutes(bot),
    ...satisfactionRoutes(bot),
  ];
}

// GET /api/altcha: a signed proof-of-work challenge for the request form (ALTCHA, no third party).

import { newAltchaChallenge } from '../../http/altcha.ts';
import type { BotContext } from '../../context.ts';
import type { Route } from '../../http/http-server.ts';

export function altchaChallengeRoute(bot: BotContext): Route {
  return {
    method: 'GET',
    path: '/api/altcha',
    cors: true,
    async handle(context) {
      return { status: 200, json: await newAltchaChallenge(bot.altchaSecret, context.now) };
    },
  };
}

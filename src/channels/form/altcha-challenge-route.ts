// GET /api/altcha: a signed proof-of-work challenge for the request form (ALTCHA, no third party).

import { newAltchaChallenge } from '../../http/altcha.ts';
import type { Route } from '../../http/http-server.ts';

export const altchaChallengeRoute: Route = {
  method: 'GET',
  path: '/api/altcha',
  cors: true,
  async handle(context, bot) {
    return { status: 200, json: await newAltchaChallenge(bot.altchaSecret, context.now) };
  },
};

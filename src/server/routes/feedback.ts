// POST /api/feedback: article votes, searches that found nothing, and deflections (a customer who read a
// suggested article and did not send the request). Stored and counted; no address, no name, no IP.

import { feedbackKinds, type FeedbackEntry, type FeedbackKind } from '../../store/feedback-log.ts';
import type { BotServices } from '../bot-services.ts';
import { HttpError, parseJson, readBody, requireJson, type HttpAnswer } from '../http-answer.ts';
import type { Route } from '../http-server.ts';
import { createRateLimiter } from '../rate-limiter.ts';

/** Search words are kept to see what the knowledge base lacks, with anything personal-looking masked. */
export function anonymiseQuery(query: string): string {
  return query
    .toLowerCase()
    .replace(/\S+@\S+/g, '[email]')
    .replace(/\+?\d[\d\s().-]{5,}\d/g, '[number]')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
}

function invalid(field: string, message: string): HttpError {
  return new HttpError(422, { error: 'invalid feedback', errors: [{ field, message }] });
}

const limiters = new WeakMap<BotServices, ReturnType<typeof createRateLimiter>>();

async function receiveFeedback(
  context: Parameters<Route['handle']>[0],
  services: BotServices,
): Promise<HttpAnswer> {
  requireJson(context.request);
  let limiter = limiters.get(services);
  if (!limiter) limiters.set(services, (limiter = createRateLimiter({ burst: 30, refillMs: 2000 })));
  const decision = limiter.take(context.ip, context.now);
  if (!decision.allowed) {
    context.request.resume();
    const seconds = String(Math.ceil(decision.retryAfterMs / 1000));
    throw new HttpError(
      429,
      { error: `too many signals; try again in ${seconds} s` },
      { 'retry-after': seconds },
    );
  }
  const body = parseJson(await readBody(context.request, services.limits.feedbackBodyBytes)) as Record<
    string,
    unknown
  > | null;
  const kind = body?.kind;
  if (typeof kind !== 'string' || !(feedbackKinds as readonly string[]).includes(kind)) {
    throw invalid('kind', `expected one of ${feedbackKinds.join(', ')}`);
  }
  const lang = body?.lang;
  if (typeof lang !== 'string' || !services.rules.current.desk.languages.includes(lang)) {
    throw invalid('lang', `expected one of ${services.rules.current.desk.languages.join(', ')}`);
  }
  const entry: FeedbackEntry = { kind: kind as FeedbackKind, lang, at: context.now };
  if (kind === 'empty-search') {
    if (typeof body?.query !== 'string' || body.query.trim() === '')
      throw invalid('query', 'expected the search words');
    entry.query = anonymiseQuery(body.query);
  } else {
    const article = body?.article;
    if (typeof article !== 'string' || !/^[a-z0-9][a-z0-9-]{0,99}$/.test(article)) {
      throw invalid('article', 'expected the slug of an article (lower-case letters, digits and dashes)');
    }
    entry.article = article;
  }
  services.feedback.add(entry);
  services.metrics.count('repodesk_feedback_total', 'Signals from the help site by kind.', { kind });
  return { status: 204 };
}

export const feedbackRoute: Route = {
  method: 'POST',
  path: '/api/feedback',
  cors: true,
  handle: receiveFeedback,
};

// POST /api/feedback: article votes and comments, searches that found nothing, and deflections (a
// customer who read a suggested article and did not send the request). The contract is
// src/feedback/feedback-signal.ts, shared with the help site. Stored and counted; no address, no name,
// no IP, and never logged (a comment is customer text).

import { parseFeedbackSignal } from '../../feedback/feedback-signal.ts';
import { maskPersonalData } from '../../feedback/mask-personal-data.ts';
import type { FeedbackEntry } from '../../feedback/feedback-entry.ts';
import type { BotContext } from '../../context.ts';
import {
  HttpError,
  parseJson,
  readBody,
  requireJson,
  tooManyRequests,
  type HttpAnswer,
} from '../../http/http-answer.ts';
import type { Route } from '../../http/http-server.ts';

/** Search words are kept to see what the knowledge base lacks, with anything personal-looking masked. */
function anonymiseQuery(query: string): string {
  return maskPersonalData(query.toLowerCase()).replace(/\s+/g, ' ').trim().slice(0, 100);
}

async function receiveFeedback(
  context: Parameters<Route['handle']>[0],
  bot: BotContext,
): Promise<HttpAnswer> {
  requireJson(context.request);
  const decision = await bot.feedbackLimiter.take(context.ip, context.now);
  if (!decision.allowed) throw tooManyRequests(decision.retryAfterMs);
  const body = parseJson(await readBody(context.request, bot.limits.feedbackBodyBytes));
  const rules = bot.rules.current;
  const parsed = parseFeedbackSignal(body, {
    languages: rules.desk.languages,
    forms: Object.keys(rules.forms),
  });
  if (!parsed.ok) throw new HttpError(422, { error: 'invalid feedback', errors: parsed.errors });
  const { signal } = parsed;
  const entry: FeedbackEntry = { kind: signal.kind, lang: signal.lang, at: context.now };
  switch (signal.kind) {
    case 'empty-search':
      entry.query = anonymiseQuery(signal.query);
      break;
    case 'article-comment':
      entry.article = signal.article;
      entry.helpful = signal.helpful;
      entry.comment = maskPersonalData(signal.comment);
      break;
    case 'deflection':
      entry.article = signal.article;
      entry.form = signal.form;
      break;
    case 'assistant':
      entry.outcome = signal.outcome;
      if (signal.outcome === 'deflected') entry.article = signal.article;
      else entry.form = signal.form;
      break;
    default:
      entry.article = signal.article;
  }
  await bot.feedback.add(entry);
  bot.metrics.count('repodesk_feedback_total', 'Signals from the help site by kind.', {
    kind: signal.kind,
  });
  return { status: 204 };
}

export function feedbackRoute(bot: BotContext): Route {
  return {
    method: 'POST',
    path: '/api/feedback',
    cors: true,
    handle: (context) => receiveFeedback(context, bot),
  };
}

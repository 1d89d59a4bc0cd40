// The satisfaction survey's endpoints. The resolution mail's two links (outbound/satisfaction-survey.ts)
// land on `GET /api/satisfaction/<ref>/<good|bad>?token=…`, which changes nothing: mail scanners and link
// previews fetch links, and a rating they set would be noise. It shows a confirm page whose one button
// POSTs to the same address, pressed by the page's own script in a browser: one click for a person. The
// POST records the rating (the last click counts; the same one twice changes nothing), queues the note on
// the issue when the rating changed, and sends the customer to the help site's survey page (where they may
// add a comment: `POST /api/satisfaction/<ref>` with the token), or thanks them itself without a site.
// An expired or tampered link gets a page that says so and what to do, in the ticket's language.

import type { BotContext } from '../../context.ts';
import {
  HttpError,
  parseJson,
  readBody,
  requireJson,
  tooManyRequests,
  type HttpAnswer,
} from '../../http/http-answer.ts';
import type { RequestContext, Route } from '../../http/http-server.ts';
import { messagesFor } from '../../messages/index.ts';
import {
  satisfactionNoteJobKind,
  type SatisfactionNotePayload,
} from '../../outbound/satisfaction-note-job.ts';
import { checkSurveyToken } from '../../outbound/survey-token.ts';
import { parseReference } from '../../store/reference.ts';
import type { SatisfactionValue } from '../../store/satisfaction-log.ts';
import { surveyPage } from './survey-page.ts';

/** The longest comment kept (characters); the help site's field says so too. */
const commentMaxLength = 2000;

interface SurveyTicket {
  ref: string;
  issueNumber: number;
  /** The issue's repository when it is not the desk's default one (a confidential queue). */
  repository?: string;
  lang: string;
}

/** The ticket a link names and its language, or an error page; `rating` is checked when given. */
async function readLink(
  bot: BotContext,
  context: RequestContext,
  given: { ref: string; token: string; rating?: string },
): Promise<{ ticket: SurveyTicket; rating?: SatisfactionValue } | { page: HttpAnswer }> {
  const decision = await bot.statusLimiter.take(context.ip, context.now);
  if (!decision.allowed) throw tooManyRequests(decision.retryAfterMs);
  const ref = parseReference(given.ref);
  const record = ref === undefined ? undefined : await bot.refs.get(ref);
  const lang =
    (ref === undefined ? undefined : (await bot.mail.mailStore.thread(ref))?.lang) ??
    record?.lang ??
    bot.rules.current.desk.languages[0] ??
    'en';
  const texts = messagesFor(lang).satisfaction;
  const error = (status: number, text: string) => ({
    page: surveyPage({ status, lang, title: texts.errorTitle, text }),
  });
  if (ref === undefined) return error(403, texts.tampered);
  const check = checkSurveyToken(bot.surveySecret, ref, given.token, context.now);
  if (check.kind === 'tampered') return error(403, texts.tampered);
  if (check.kind === 'expired') return error(410, texts.expired(ref));
  if (record?.issueNumber === undefined) return error(404, texts.unknownTicket(ref));
  const ticket = {
    ref,
    issueNumber: record.issueNumber,
    ...(record.repository === undefined ? {} : { repository: record.repository }),
    lang,
  };
  if (given.rating === undefined) return { ticket };
  if (given.rating !== 'good' && given.rating !== 'bad') return error(404, texts.unknownRating(given.rating));
  return { ticket, rating: given.rating };
}

/** The link's parts from the request. */
function linkOf(context: RequestContext): { ref: string; token: string; rating: string } {
  return {
    ref: context.params.ref ?? '',
    rating: context.params.rating ?? '',
    token: context.url.searchParams.get('token') ?? '',
  };
}

async function confirm(bot: BotContext, context: RequestContext): Promise<HttpAnswer> {
  const link = await readLink(bot, context, linkOf(context));
  if ('page' in link) return link.page;
  const texts = messagesFor(link.ticket.lang).satisfaction;
  return surveyPage({
    status: 200,
    lang: link.ticket.lang,
    title: texts.confirmTitle,
    text: texts.confirm(link.ticket.ref, texts[link.rating!]),
    button: texts.confirmButton,
  });
}

async function rate(bot: BotContext, context: RequestContext): Promise<HttpAnswer> {
  const given = linkOf(context);
  const link = await readLink(bot, context, given);
  if ('page' in link) return link.page;
  const { ticket } = link;
  const rating = link.rating!;
  await bot.store.transaction(async () => {
    const before = await bot.satisfaction.rate({ ...ticket, rating, at: context.now });
    if (before === rating) return;
    const payload: SatisfactionNotePayload = { ref: ticket.ref };
    await bot.jobs.enqueue(satisfactionNoteJobKind, payload, context.now);
  });
  bot.wakeWorker();
  bot.metrics.count('repodesk_satisfaction_ratings_total', 'Satisfaction ratings recorded, by rating.', {
    rating,
  });
  const site = bot.config.publicSiteUrl;
  if (site) {
    const query = new URLSearchParams({ ref: ticket.ref, rating, token: given.token });
    return {
      status: 303,
      headers: { location: `${site}/${encodeURIComponent(ticket.lang)}/satisfaction/?${query.toString()}` },
    };
  }
  const texts = messagesFor(ticket.lang).satisfaction;
  return surveyPage({
    status: 200,
    lang: ticket.lang,
    title: texts.thanksTitle,
    text: texts.thanks(ticket.ref, texts[rating]),
  });
}

/** The help site's comment on a rating: JSON `{ token, comment }`; 204 once stored. Never logged. */
async function addComment(bot: BotContext, context: RequestContext): Promise<HttpAnswer> {
  requireJson(context.request);
  const body = parseJson(await readBody(context.request, bot.limits.feedbackBodyBytes)) as {
    token?: unknown;
    comment?: unknown;
  };
  const token = typeof body.token === 'string' ? body.token : '';
  const link = await readLink(bot, context, { ref: context.params.ref ?? '', token });
  if ('page' in link)
    throw new HttpError(link.page.status, { error: 'survey link unusable', status: link.page.status });
  if (typeof body.comment !== 'string' || body.comment.trim() === '')
    throw new HttpError(422, {
      error: 'invalid comment',
      errors: [{ field: 'comment', message: 'expected the text of the comment; found none' }],
    });
  const comment = body.comment.trim();
  if (comment.length > commentMaxLength)
    throw new HttpError(422, {
      error: 'invalid comment',
      errors: [
        {
          field: 'comment',
          message: `at most ${commentMaxLength} characters; found ${comment.length}: shorten it`,
        },
      ],
    });
  const { ref } = link.ticket;
  const stored = await bot.store.transaction(async () => {
    const before = await bot.satisfaction.get(ref);
    if (!before) return false;
    if (before.comment === comment) return true;
    await bot.satisfaction.comment(ref, comment);
    const payload: SatisfactionNotePayload = { ref };
    await bot.jobs.enqueue(satisfactionNoteJobKind, payload, context.now);
    return true;
  });
  if (!stored)
    throw new HttpError(409, {
      error: 'no rating to comment on',
      detail: `request ${ref} has no rating yet: click a link of the resolution mail first`,
    });
  bot.wakeWorker();
  return { status: 204 };
}

/** The survey's routes (one line in bot/routes.ts). */
export function satisfactionRoutes(bot: BotContext): Route[] {
  return [
    { method: 'GET', path: '/api/satisfaction/:ref/:rating', handle: (context) => confirm(bot, context) },
    { method: 'POST', path: '/api/satisfaction/:ref/:rating', handle: (context) => rate(bot, context) },
    {
      method: 'POST',
      path: '/api/satisfaction/:ref',
      cors: true,
      handle: (context) => addComment(bot, context),
    },
  ];
}

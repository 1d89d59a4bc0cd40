// POST /api/requests: a form submission becomes a durable inbox entry and a queued create-ticket job
// before the answer, so the customer gets a reference at once, even while GitHub is down. Files the
// submission names must be uploads this browser made (signed upload token) that are still on the bot;
// they are marked attached in the same transaction, so the retention sweep never deletes them.

import { createHash } from 'node:crypto';
import { defaultFormId } from '../../forms/default-form.ts';
import { portalForms } from '../../forms/portal-forms.ts';
import {
  attachmentError,
  formChoiceError,
  type AttachmentProblem,
  type SubmissionError,
} from '../../forms/submission-errors.ts';
import { submissionLimits, type Submission } from '../../forms/submission-schema.ts';
import { validateSubmission } from '../../forms/validate-submission.ts';
import { unattachedUploadRetentionMs, type FormUploads } from '../../store/form-uploads.ts';
import { verifyUploadToken } from './upload-token.ts';
import { wellFormed } from '../../intake/well-formed.ts';
import { messagesFor } from '../../messages/index.ts';
import { newReference } from '../../store/reference.ts';
import { signStatusToken } from '../../store/status-token.ts';
import { statusUrl } from '../../outbound/status-url.ts';
import { createTicketJobKind, type CreateTicketJobPayload } from './create-ticket-job.ts';
import { crashPoint } from '../../config/crash-point.ts';
import { acknowledgeFormRequest } from './acknowledge-form-request.ts';
import type { BotContext } from '../../context.ts';
import { HttpError, parseJson, readBody, requireJson, type HttpAnswer } from '../../http/http-answer.ts';
import type { Route } from '../../http/http-server.ts';

function accepted(bot: BotContext, ref: string, lang: string): HttpAnswer {
  return {
    status: 202,
    json: {
      ref,
      statusUrl: statusUrl(bot, ref, lang),
      token: signStatusToken(bot.statusSecret, ref),
    },
  };
}

function tooMany(retryAfterMs: number, what: string): HttpError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new HttpError(
    429,
    { error: `too many requests from this ${what}; try again in ${seconds} s`, retryAfterSeconds: seconds },
    { 'retry-after': String(seconds) },
  );
}

const retentionHours = unattachedUploadRetentionMs / 3_600_000;

/** What is wrong with the files `submission` names, one problem per file, in the submission's language. */
async function attachmentProblems(
  submission: Submission,
  bot: BotContext,
  uploads: FormUploads,
): Promise<SubmissionError[]> {
  const files = submission.attachments ?? [];
  const mail = bot.mail;
  const limit = Math.min(mail.config.attachmentLimits.maxFiles, submissionLimits.attachments);
  if (files.length > limit)
    return [attachmentError({ kind: 'too-many', limit, found: files.length }, submission.lang)];
  const problems: AttachmentProblem[] = [];
  for (const [index, { id, token }] of files.entries()) {
    const position = index + 1;
    // A token this bot did not sign for this id: forged, or someone else's file. Say nothing of the file.
    if (!verifyUploadToken(id, token, mail.fileSecret)) {
      problems.push({ kind: 'unknown', id, position });
    } else if ((await uploads.missing([id])).length > 0) {
      const name = (await uploads.get(id))?.name;
      problems.push({ kind: 'gone', id, position, hours: retentionHours, ...(name ? { name } : {}) });
    }
  }
  return problems.map((problem) => attachmentError(problem, submission.lang));
}

/** Thrown inside the accepting transaction when a file was deleted since the check: nothing is stored. */
class AttachmentGone extends Error {
  readonly ids: string[];
  constructor(ids: string[]) {
    super(`attachments no longer stored: ${ids.join(', ')}`);
    this.ids = ids;
  }
}

/**
 * The 422 errors of a submission naming no known form. One that names none is also checked against the
 * catalogue's first form, so that the answer lists every missing field, not only `form`.
 */
function formChoiceErrors(
  draft: Partial<Submission>,
  formId: string,
  rules: BotContext['rules']['current'],
): SubmissionError[] {
  const lang =
    typeof draft.lang === 'string' && rules.desk.languages.includes(draft.lang)
      ? draft.lang
      : (rules.desk.languages[0] ?? 'en');
  const named = formId === '' ? undefined : formId;
  const errors = [formChoiceError(named, Object.keys(portalForms(rules.forms)), lang)];
  const fallback = named === undefined ? defaultFormId(rules) : undefined;
  const fallbackForm = fallback === undefined ? undefined : rules.forms[fallback];
  if (fallback === undefined || !fallbackForm) return errors;
  // Absent sections checked as empty, so that each of their required fields is named.
  const filled = { requester: {}, fields: {}, ...draft, form: fallback };
  const checked = validateSubmission(fallbackForm, fallback, lang, filled);
  return checked.ok ? errors : [...errors, ...checked.errors.filter((error) => error.field !== 'form')];
}

const count = (bot: BotContext, outcome: string) =>
  bot.metrics.count('repodesk_form_submissions_total', 'Form submissions by outcome.', { outcome });

/** Handles one submission. */
async function submitRequest(
  context: Parameters<Route['handle']>[0],
  bot: BotContext,
  verifyAltcha?: (payload: string | undefined, now: number) => Promise<boolean>,
): Promise<HttpAnswer> {
  const { request, now, ip } = context;
  requireJson(request);
  const perIp = await bot.ipLimiter.take(ip, now);
  if (!perIp.allowed) {
    count(bot, 'rate-limited');
    throw tooMany(perIp.retryAfterMs, 'IP address');
  }
  // Lone surrogates (`"\ud800"`) become U+FFFD before anything reads the body: every string field at once.
  const body = wellFormed(parseJson(await readBody(request, bot.limits.requestBodyBytes)));
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(422, {
      errors: [{ field: '', message: 'expected a JSON object' }],
      error: 'invalid submission',
    });
  }
  const draft = body as Partial<Submission>;
  // Bots fill the hidden field or post instantly: answer as if accepted, create nothing, teach them nothing.
  const filledTooFast =
    typeof draft.startedAt === 'number' && now - draft.startedAt < bot.limits.minimumFillMs;
  if ((typeof draft.website === 'string' && draft.website !== '') || filledTooFast) {
    count(bot, 'honeypot');
    context.log.info('submission looked automated; accepted-looking answer, nothing created', {
      honeypot: Boolean(draft.website),
      tooFast: filledTooFast,
    });
    return accepted(bot, newReference(), typeof draft.lang === 'string' ? draft.lang.slice(0, 8) : 'fr');
  }
  const formId = typeof draft.form === 'string' ? draft.form : '';
  const rules = bot.rules.current;
  // An agents' form (a phone call log) is no form of the help site: refused as an unknown one.
  const offered = portalForms(rules.forms);
  const form = Object.hasOwn(offered, formId) ? offered[formId] : undefined;
  if (!form) {
    count(bot, 'invalid');
    throw new HttpError(422, {
      error: 'invalid submission',
      errors: formChoiceErrors(draft, formId, rules),
    });
  }
  const lang =
    typeof draft.lang === 'string' && rules.desk.languages.includes(draft.lang)
      ? draft.lang
      : form.repodesk.lang;
  // A retry of an accepted submission (same idempotency key) gets its reference back without a second
  // proof of work: its solution was spent on the first attempt.
  const retryOfAccepted =
    typeof draft.idempotencyKey === 'string' &&
    (await bot.inbox.has('form', `${formId}:${draft.idempotencyKey}`));
  if (bot.config.requireAltcha && !retryOfAccepted && !(await verifyAltcha?.(draft.altcha, now))) {
    count(bot, 'altcha-failed');
    throw new HttpError(422, {
      error: 'invalid submission',
      errors: [
        {
          field: 'altcha',
          message: messagesFor(lang).submission.antiRobot,
        },
      ],
    });
  }
  const result = validateSubmission(form, formId, lang, body);
  if (!result.ok) {
    count(bot, 'invalid');
    throw new HttpError(422, {
      error: 'invalid submission',
      errors: result.errors,
      limits: submissionLimits,
    });
  }
  const submission = result.submission;
  const uploads = bot.formUploads;
  const fileProblems = await attachmentProblems(submission, bot, uploads);
  if (fileProblems.length > 0) {
    count(bot, 'invalid');
    throw new HttpError(422, { error: 'invalid submission', errors: fileProblems });
  }
  const attachmentIds = (submission.attachments ?? []).map((file) => file.id);
  const address = submission.requester.email?.trim().toLowerCase();
  if (address) {
    const perAddress = await bot.addressLimiter.take(createHash('sha256').update(address).digest('hex'), now);
    if (!perAddress.allowed) {
      count(bot, 'rate-limited');
      throw tooMany(perAddress.retryAfterMs, 'email address');
    }
  }
  const stored: Submission = { ...submission };
  delete stored.website;
  delete stored.altcha;
  const accept = () =>
    bot.inbox.accept(
      { source: 'form', dedupeKey: `${formId}:${submission.idempotencyKey}`, payload: stored, now },
      async (inboxId) => {
        const ref = newReference();
        const gone = await uploads.attach(attachmentIds, ref);
        if (gone.length > 0) throw new AttachmentGone(gone);
        await bot.refs.add({ ref, inboxId, lang, form: formId, createdAt: now });
        const payload: CreateTicketJobPayload = { ref, inboxId };
        await bot.jobs.enqueue(createTicketJobKind, payload, now);
        const subjectAnswer = submission.fields[form.repodesk.subjectField];
        await acknowledgeFormRequest(bot, {
          ref,
          lang,
          submission,
          subject: typeof subjectAnswer === 'string' ? subjectAnswer : '',
          now,
        });
        return { ref };
      },
    );
  let outcome: Awaited<ReturnType<typeof accept>>;
  try {
    outcome = await bot.commit(accept);
  } catch (error) {
    if (!(error instanceof AttachmentGone)) throw error;
    // Deleted by the retention sweep between the check above and the transaction.
    count(bot, 'invalid');
    const files = submission.attachments ?? [];
    throw new HttpError(422, {
      error: 'invalid submission',
      errors: error.ids.map((id) =>
        attachmentError(
          {
            kind: 'gone',
            id,
            position: files.findIndex((file) => file.id === id) + 1,
            hours: retentionHours,
          },
          submission.lang,
        ),
      ),
    });
  }
  crashPoint('after-inbox-write');
  // The reference and its status token go back only to a genuine retry (same key, same content).
  if (outcome.duplicate && !outcome.samePayload) {
    count(bot, 'key-reused');
    throw new HttpError(422, {
      error: 'this request was already sent with other content; reload the form',
      errors: [
        {
          field: 'idempotencyKey',
          message: messagesFor(lang).submission.alreadySent,
        },
      ],
    });
  }
  count(bot, outcome.duplicate ? 'duplicate' : 'accepted');
  context.log.info(outcome.duplicate ? 'submission already accepted' : 'submission accepted', {
    ref: outcome.result.ref,
    form: formId,
  });
  if (!outcome.duplicate) bot.wakeWorker();
  return accepted(bot, outcome.result.ref, lang);
}

/** The route entry. */
export function submitRequestRoute(
  bot: BotContext,
  verifyAltcha?: (payload: string | undefined, now: number) => Promise<boolean>,
): Route {
  return {
    method: 'POST',
    path: '/api/requests',
    cors: true,
    handle: (context) => submitRequest(context, bot, verifyAltcha),
  };
}

// POST /api/github/webhooks: cap the body, verify the signature on the raw bytes against every configured
// secret (rotation), dedupe (by delivery id; a comment's creation by the comment's id), queue durably,
// answer 202 at once. The work happens in the worker, so a slow GitHub or a slow handler never makes a
// delivery time out.

import { verify } from '@octokit/webhooks-methods';
import { eventKey } from './github-event.ts';
import { githubEventJobKind, type GithubEventJobPayload } from './github-event-job.ts';
import type { BotContext } from '../../context.ts';
import { HttpError, parseJson, readBody, requireJson, type HttpAnswer } from '../../http/http-answer.ts';
import type { Route } from '../../http/http-server.ts';
import { issueKey } from '../../tracker/ticket-read-cache.ts';

/**
 * The inbox key of a delivery. A comment is created once: whatever delivery carries its creation (GitHub's
 * redelivery keeps the delivery id, but an event sent again, a second hook or a second replica's hook does
 * not), its commands run and its mail goes once, keyed by the comment's id. Anything else: the delivery id.
 */
function dedupeKeyOf(key: string, payload: unknown, deliveryId: string): string {
  const commentId = (payload as { comment?: { id?: unknown } } | null)?.comment?.id;
  if (key === 'issue_comment.created' && typeof commentId === 'number') return `${key}:${commentId}`;
  return deliveryId;
}

async function verifiedByAny(secrets: readonly string[], raw: string, signature: string): Promise<boolean> {
  let ok = false;
  // Try every secret (no early exit), each comparison constant-time inside `verify`.
  for (const secret of secrets) {
    const match = await verify(secret, raw, signature).catch(() => false);
    ok = ok || match;
  }
  return ok;
}

async function receiveWebhook(
  context: Parameters<Route['handle']>[0],
  bot: BotContext,
  handledEvents: ReadonlySet<string>,
): Promise<HttpAnswer> {
  const { request, now } = context;
  const count = (outcome: string) =>
    bot.metrics.count('repodesk_webhook_deliveries_total', 'GitHub webhook deliveries by outcome.', {
      outcome,
    });
  requireJson(request);
  const signature = String(request.headers['x-hub-signature-256'] ?? '');
  const deliveryId = String(request.headers['x-github-delivery'] ?? '');
  const event = String(request.headers['x-github-event'] ?? '');
  let raw: Buffer;
  try {
    raw = await readBody(request, bot.limits.webhookBodyBytes);
  } catch (error) {
    if (error instanceof HttpError) count(error.status === 413 ? 'too-large' : 'refused');
    throw error;
  }
  if (!/^sha256=[0-9a-f]{64}$/.test(signature) || bot.config.webhookSecrets.length === 0) {
    count('bad-signature');
    throw new HttpError(400, { error: 'missing or malformed X-Hub-Signature-256' });
  }
  if (!(await verifiedByAny(bot.config.webhookSecrets, raw.toString('utf8'), signature))) {
    count('bad-signature');
    context.log.warn('webhook signature did not verify', { deliveryId: deliveryId.slice(0, 64) });
    throw new HttpError(400, { error: 'signature does not match' });
  }
  if (!deliveryId || !event) {
    count('refused');
    throw new HttpError(400, { error: 'missing X-GitHub-Delivery or X-GitHub-Event' });
  }
  const payload = parseJson(raw) as {
    action?: unknown;
    issue?: { number?: unknown };
    repository?: { full_name?: unknown };
  } | null;
  const action = typeof payload?.action === 'string' ? payload.action : undefined;
  // Whatever happened to the issue (a reply, a label, even an event no handler applies), the customer's
  // status page must show it on the next call.
  const issueNumber = payload?.issue?.number;
  const repository = payload?.repository?.full_name;
  if (typeof issueNumber === 'number')
    bot.ticketReads.forget(
      issueKey(typeof repository === 'string' ? repository : bot.tracker.repository, issueNumber),
    );
  const key = eventKey(event, action);
  if (!handledEvents.has(key)) {
    count('ignored');
    return { status: 202, json: { status: 'ignored', event: key } };
  }
  const outcome = await bot.commit(() =>
    bot.inbox.accept(
      { source: 'github', dedupeKey: dedupeKeyOf(key, payload, deliveryId), payload, now },
      async (inboxId) => {
        const jobPayload: GithubEventJobPayload = { inboxId, event, deliveryId };
        return { jobId: await bot.jobs.enqueue(githubEventJobKind, jobPayload, now) };
      },
    ),
  );
  count(outcome.duplicate ? 'duplicate' : 'queued');
  if (!outcome.duplicate) bot.wakeWorker();
  context.log.info(outcome.duplicate ? 'webhook delivery already queued' : 'webhook delivery queued', {
    deliveryId,
    event: key,
  });
  return { status: 202, json: { status: outcome.duplicate ? 'duplicate' : 'queued' } };
}

/** The route entry; `handledEvents` are the keys (`issues.opened`) some handler applies. */
export function githubWebhookRoute(bot: BotContext, handledEvents: ReadonlySet<string>): Route {
  return {
    method: 'POST',
    path: '/api/github/webhooks',
    handle: (context) => receiveWebhook(context, bot, handledEvents),
  };
}

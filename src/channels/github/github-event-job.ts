// Applies one queued webhook delivery: reads it from the inbox, drops events repodesk itself caused
// (no loops) except for the handlers that ask for them (a lifecycle notice the sweep posted is mailed),
// and hands the rest to the handlers listed for the event.

import type { BotContext } from '../../context.ts';
import { eventKey, parseGithubEvent } from './github-event.ts';
import { webhookHandlers, type WebhookHandler } from './handlers/index.ts';
import type { JobKind } from '../../worker/worker.ts';

/** The job that applies a queued delivery. */
export const githubEventJobKind = 'github-event';

export interface GithubEventJobPayload {
  inboxId: number;
  event: string;
  deliveryId: string;
}

export function githubEventJob(
  bot: BotContext,
  handlers: readonly WebhookHandler[] = webhookHandlers,
): JobKind {
  return {
    kind: githubEventJobKind,
    usesTracker: true,
    async run(job, context) {
      const payload = job.payload as GithubEventJobPayload;
      const entry = bot.inbox.get(payload.inboxId);
      if (!entry)
        throw Object.assign(new Error(`inbox entry ${payload.inboxId} is missing`), { code: 'not-found' });
      const event = parseGithubEvent(payload.event, payload.deliveryId, entry.payload);
      const key = eventKey(event.name, event.action);
      const log = context.log.child({ deliveryId: payload.deliveryId, event: key });
      const own = event.sender !== '' && event.sender === (await bot.tracker.selfLogin());
      const listed = handlers.filter(
        (candidate) => candidate.events.includes(key) && (!own || candidate.ownEvents === true),
      );
      if (own && listed.length === 0) {
        log.debug('own event ignored');
        return { status: 'done', note: 'own event' };
      }
      const effects: (() => void)[] = [];
      for (const handler of listed) {
        const outcome = await handler.handle(event, bot, { ...context, log });
        // One handler per event in practice; when several run, the first deferral defers the delivery.
        if (outcome.status === 'defer') return outcome;
        if (outcome.recordEffect) effects.push(outcome.recordEffect);
      }
      return { status: 'done', recordEffect: () => effects.forEach((effect) => effect()) };
    },
  };
}

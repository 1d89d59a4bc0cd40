// The inbound mail endpoints: one route per provider of inbound/index.ts, each a thin authenticated
// adapter that only extracts the raw RFC 5322 message. Every route answers 2xx only after the raw message
// is stored (acceptRawMessage), 503 when it cannot be stored (the provider retries), 401 for bad
// credentials, never 403/406 (providers stop retrying on those).

import type { BotContext } from '../../context.ts';
import { readBody, type HttpAnswer } from '../../http/http-answer.ts';
import type { RequestContext, Route } from '../../http/http-server.ts';
import { acceptRawMessage, type InboundSource } from './accept-raw-message.ts';
import { inboundProviders } from './inbound/index.ts';
import { processInboundJobKind, type ProcessInboundPayload } from './process-inbound-job.ts';

function bodyCap(bot: BotContext): number {
  // Twice the accepted size: a message somewhat over the limit is still stored, so its sender can be told.
  return bot.mail.config.parseLimits.maxBytes * 2 + 1024 * 1024;
}

async function store(
  context: RequestContext,
  bot: BotContext,
  raw: Uint8Array,
  source: InboundSource,
): Promise<HttpAnswer> {
  const accepted = await acceptRawMessage(
    {
      mailStore: bot.mail.mailStore,
      enqueue: async (mailId) => {
        const payload: ProcessInboundPayload = { mailId };
        await bot.jobs.enqueue(processInboundJobKind, payload, context.now);
      },
      now: context.now,
    },
    raw,
    source,
  );
  bot.metrics.count('repodesk_mail_inbound_total', 'Inbound mail received, by source and outcome.', {
    source,
    outcome: accepted.duplicate ? 'duplicate' : 'accepted',
  });
  context.log.info(accepted.duplicate ? 'inbound mail already stored' : 'inbound mail stored', {
    mailId: accepted.id,
    source,
    bytes: raw.byteLength,
  });
  if (!accepted.duplicate) bot.wakeWorker();
  return { status: 200, json: { id: accepted.id, duplicate: accepted.duplicate } };
}

/** A POST route for every inbound mail provider (one line in the bot's route list). */
export function inboundMailRoutes(bot: BotContext): Route[] {
  return Object.entries(inboundProviders).map(([source, provider]) => ({
    method: 'POST',
    path: provider.path,
    async handle(context) {
      provider.authenticate(context, bot.mail.config);
      const body = await readBody(context.request, bodyCap(bot));
      const raw = await provider.rawMessage(context, body, bot.mail.config);
      return store(context, bot, raw, source as InboundSource);
    },
  }));
}

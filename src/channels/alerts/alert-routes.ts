// POST /api/alerts/alertmanager, /grafana, /generic: monitoring alerts into tickets. Each endpoint has its
// own bearer token (constant-time compare); the body is checked against its format's JSON Schema (400
// naming every field at fault); every alert is stored in the inbox under a dedupe key (the same firing sent
// again counts once) and recorded in its fingerprint's state, with one queued job per fingerprint, all in
// one transaction before the 202. The job writes to GitHub; the answer never waits for it.

import { createHash } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { crashPoint } from '../../config/crash-point.ts';
import type { BotContext } from '../../context.ts';
import { HttpError, parseJson, readBody, requireJson, type HttpAnswer } from '../../http/http-answer.ts';
import type { RequestContext, Route } from '../../http/http-server.ts';
import { sameSecret } from '../../http/same-secret.ts';
import { wellFormed } from '../../intake/well-formed.ts';
import { newReference } from '../../store/reference.ts';
import { alertStateKey, type Alert } from './alert.ts';
import type { AlertFormat } from './alert-format.ts';
import { recordAlert, type AlertTicketState } from './alert-ticket-state.ts';
import { alertTicketJobKind, type AlertTicketJobPayload } from './alert-ticket-job.ts';
import { alertFormats } from './formats.ts';
import { payloadErrors } from './payload-errors.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Body cap of an alert delivery: a group of 1,000 alerts with their labels fits. */
const alertBodyBytes = 1024 * 1024;

const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const validators = new Map<string, ValidateFunction>(
  alertFormats.map((format) => [format.name, ajv.compile(format.schema)]),
);

function authenticate(context: RequestContext, bot: BotContext, format: AlertFormat): void {
  const expected = bot.config.alertTokens?.[format.name];
  if (expected === undefined)
    throw new HttpError(404, {
      error: `alerts from ${format.name} are not taken here: set ${format.tokenVariable} (see repodesk serve --help)`,
    });
  const header = context.request.headers.authorization ?? '';
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (given === undefined || !sameSecret(given, expected))
    throw new HttpError(
      401,
      {
        error: `missing or wrong bearer token: send "Authorization: Bearer <${format.tokenVariable}>"`,
      },
      { 'www-authenticate': 'Bearer realm="repodesk alerts"' },
    );
}

/** The inbox key of one notification: the same firing (or resolution) of the same alert sent again is one. */
function dedupeKey(alert: Alert, now: number): string {
  // Without a start time nothing tells two firings apart: each notification counts.
  const when = alert.startsAt ?? `received ${now} ${newReference()}`;
  return createHash('sha256')
    .update([alert.format, alert.source, alert.fingerprint, alert.status, when].join('\u0000'))
    .digest('hex');
}

const count = (bot: BotContext, format: string, outcome: string, by = 1) => {
  if (by > 0)
    bot.metrics.count(
      'repodesk_alerts_received_total',
      'Monitoring alerts received, by format and outcome.',
      { format, outcome },
      by,
    );
};

async function receiveAlerts(
  context: RequestContext,
  bot: BotContext,
  format: AlertFormat,
): Promise<HttpAnswer> {
  authenticate(context, bot, format);
  requireJson(context.request);
  const body = wellFormed(parseJson(await readBody(context.request, alertBodyBytes)));
  const validate = validators.get(format.name)!;
  if (!validate(body)) {
    count(bot, format.name, 'invalid');
    throw new HttpError(400, {
      error: `invalid ${format.name} alert payload`,
      errors: payloadErrors(validate.errors ?? [], body),
    });
  }
  const alerts = format.alerts(body);
  const { now } = context;
  const settings = bot.rules.current.desk.alerts;
  const lang = bot.rules.current.desk.languages[0] ?? 'en';
  const outcomes = await bot.commit(async () => {
    const tickets: { fingerprint: string; status: string; ref?: string; duplicate: boolean }[] = [];
    for (const alert of alerts) {
      const key = alertStateKey(alert);
      const accepted = await bot.inbox.accept(
        { source: 'alert', dedupeKey: dedupeKey(alert, now), payload: alert, now },
        async (inboxId) => {
          // Replicas on PostgreSQL take turns on one alert's state (SQLite's writes are serial already).
          await bot.store.serialize(key.store);
          const previous = await bot.kv.get<AlertTicketState>(key.store);
          const state = recordAlert(previous, alert, {
            key: key.alert,
            now,
            inboxId,
            settings,
            newRef: newReference,
          });
          if (!state) return { ref: null };
          if (!previous) await bot.refs.add({ ref: state.ref, inboxId, lang, createdAt: now });
          // One queued job per alert does the writes; a change of state (fired, resolved) gets one at once.
          // (Before its issue exists, the queued job that creates it looks again when done: no second creator.)
          const changed = previous?.issueNumber !== undefined && previous.status !== state.status;
          if (!state.jobQueued || changed) {
            const payload: AlertTicketJobPayload = { key: key.store };
            await bot.jobs.enqueue(alertTicketJobKind, payload, now);
          }
          await bot.kv.set(key.store, { ...state, jobQueued: true });
          return { ref: state.ref };
        },
      );
      const ref = (accepted.result as { ref: string | null }).ref;
      tickets.push({
        fingerprint: alert.fingerprint,
        status: alert.status,
        ...(ref ? { ref } : {}),
        duplicate: accepted.duplicate,
      });
    }
    return tickets;
  });
  crashPoint('after-inbox-write');
  const duplicates = outcomes.filter((outcome) => outcome.duplicate).length;
  count(bot, format.name, 'accepted', outcomes.length - duplicates);
  count(bot, format.name, 'duplicate', duplicates);
  context.log.info('alerts stored', { format: format.name, alerts: outcomes.length, duplicates });
  if (duplicates < outcomes.length) bot.wakeWorker();
  return { status: 202, json: { alerts: outcomes } };
}

/** One POST route per alert format (one line in the bot's route list). */
export function alertRoutes(bot: BotContext): Route[] {
  return alertFormats.map((format) => ({
    method: 'POST',
    path: `/api/alerts/${format.name}`,
    handle: (context) => receiveAlerts(context, bot, format),
  }));
}

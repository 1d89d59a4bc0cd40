// GET /healthz: is the store usable, is the worker going round, what is stuck, which rules are in force.
// 503 when the bot cannot accept work (store failure, worker stopped), so a supervisor restarts it or an
// operator looks; refused rules do not make it 503 (the last valid ones serve), they are shown.

import type { Worker } from '../worker/worker.ts';
import type { BotContext } from '../context.ts';
import type { HttpAnswer } from '../http/http-answer.ts';
import type { Route } from '../http/http-server.ts';

/** A worker that has not gone round for this long is considered stuck. */
const stuckAfterMs = 120_000;

/** The rules in force: what `repodesk validate` names them, when they loaded, and what was refused since. */
function rulesInForce(bot: BotContext) {
  const { version, loadedAt, refused } = bot.rules;
  return {
    version: version?.version ?? null,
    contentHash: version?.contentHash ?? null,
    commit: version?.commit ?? null,
    dirty: version?.dirty ?? null,
    loadedAt: new Date(loadedAt).toISOString(),
    refused: refused
      ? {
          at: new Date(refused.at).toISOString(),
          contentHash: refused.contentHash,
          errorCount: refused.errorCount,
        }
      : null,
  };
}

export function healthRoute(bot: BotContext, worker: () => Worker | undefined): Route {
  return {
    method: 'GET',
    path: '/healthz',
    async handle(context): Promise<HttpAnswer> {
      let store: { ok: boolean; error?: string } = { ok: true };
      let jobs = { queued: 0, running: 0, done: 0, dead: 0 };
      try {
        await bot.store.check();
        jobs = await bot.jobs.countByState();
      } catch (error) {
        store = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      const recent = bot.storeHealth.lastError;
      if (store.ok && recent && context.now - recent.at < 60_000)
        store = { ok: false, error: recent.message };
      const status = worker()?.status();
      // What the worker met: a damaged page of a table only jobs read shows nowhere else.
      if (store.ok && status?.storeError)
        store = { ok: false, error: `${status.storeError.code}: ${status.storeError.message}` };
      const workerAlive =
        status !== undefined &&
        status.running &&
        status.lastBeatAt !== undefined &&
        context.now - status.lastBeatAt < stuckAfterMs;
      const ok = store.ok && workerAlive;
      return {
        status: ok ? 200 : 503,
        json: {
          ok,
          store,
          worker: {
            alive: workerAlive,
            lastBeatAt: status?.lastBeatAt ? new Date(status.lastBeatAt).toISOString() : null,
            pausedUntil:
              status?.pausedUntil && status.pausedUntil > context.now
                ? new Date(status.pausedUntil).toISOString()
                : null,
          },
          queueDepth: jobs.queued + jobs.running,
          deadLetters: jobs.dead,
          lastGithubError: status?.lastTrackerError
            ? { at: new Date(status.lastTrackerError.at).toISOString(), code: status.lastTrackerError.code }
            : null,
          rules: rulesInForce(bot),
        },
      };
    },
  };
}

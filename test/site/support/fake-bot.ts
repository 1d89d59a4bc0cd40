// A stand-in for the bot's three public endpoints for the browser tests of the site's own behaviour
// (feedback payloads, double clicks, the bot's 413/422/429 answers on demand). It validates submissions
// and feedback signals with the bot's own shared modules (src/forms, src/feedback), answers 422 to what
// the bot would refuse, and records what it accepted. The end-to-end tests against the real bot and the
// GitHub stand-in are in submission.test.ts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseFeedbackSignal, type FeedbackSignal } from '../../../src/feedback/feedback-signal.ts';
import { validateSubmission } from '../../../src/forms/validate-submission.ts';
import { loadRules } from '../../../src/rules/load-rules.ts';
import type { RequestForm } from '../../../src/rules/types.ts';

export interface FakeBot {
  url: string;
  /** Accepted submissions, one per idempotency key. */
  submissions: Map<string, { ref: string; body: Record<string, unknown> }>;
  /** Every POST /api/requests received (double clicks included). */
  posts: number;
  /** Feedback signals the real bot would have accepted. */
  feedback: FeedbackSignal[];
  /** Feedback signals refused with 422, with the bot's reasons. */
  refusedFeedback: { body: unknown; errors: { field: string; message: string }[] }[];
  /** Answer the next submission with this status (429, 413…) instead of handling it. */
  failNext?: { status: number; headers?: Record<string, string>; body?: unknown };
  close(): Promise<void>;
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the stand-in with the forms under `root/rules/forms`. */
export async function startFakeBot(root: string): Promise<FakeBot> {
  // The forms as the bot reads them: field ids derived from labels, defaults filled in.
  const loaded = await loadRules(root, { now: new Date() });
  if (!loaded.rules)
    throw new Error(`fake bot: ${root} does not validate: ${JSON.stringify(loaded.problems[0])}`);
  const forms: Record<string, RequestForm> = loaded.rules.forms;
  const desk = loaded.rules.desk;
  const feedbackContext = { languages: desk.languages, forms: Object.keys(forms) };
  const bot: FakeBot = {
    url: '',
    submissions: new Map(),
    posts: 0,
    feedback: [],
    refusedFeedback: [],
    close: async () => undefined,
  };
  const json = (
    response: http.ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const server = http.createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (request.method === 'POST' && url.pathname === '/api/requests') {
        bot.posts += 1;
        const body = JSON.parse(await readBody(request)) as Record<string, unknown>;
        if (bot.failNext) {
          const { status, headers, body: answer } = bot.failNext;
          bot.failNext = undefined;
          return json(response, status, answer ?? {}, headers);
        }
        const formId = String(body.form);
        const form = forms[formId];
        if (!form) return json(response, 422, { errors: [{ field: 'form', message: 'unknown form' }] });
        const result = validateSubmission(form, formId, String(body.lang), body);
        if (!result.ok) return json(response, 422, { errors: result.errors });
        const key = String(body.idempotencyKey);
        let accepted = bot.submissions.get(key);
        if (!accepted) {
          accepted = { ref: `REQ-${String(bot.submissions.size + 1).padStart(4, '0')}`, body };
          bot.submissions.set(key, accepted);
        }
        return json(response, 202, {
          ref: accepted.ref,
          statusUrl: `/${String(body.lang)}/follow/?ref=${accepted.ref}&token=t-${accepted.ref}`,
        });
      }
      const status = /^\/api\/requests\/([^/]+)$/.exec(url.pathname);
      if (request.method === 'GET' && status) {
        const ref = decodeURIComponent(status[1] ?? '');
        const accepted = [...bot.submissions.values()].find((entry) => entry.ref === ref);
        if (!accepted || url.searchParams.get('token') !== `t-${ref}`)
          return json(response, 404, { error: 'not found' });
        const fields = accepted.body.fields as Record<string, unknown>;
        return json(response, 200, {
          ref,
          status: 'open',
          statusName: accepted.body.lang === 'fr' ? 'En cours' : 'Open',
          title: String(fields.subject ?? ''),
          createdAt: '2026-11-20T09:15:00Z',
          updatedAt: '2026-11-20T10:02:00Z',
          messages: [
            { from: 'customer', at: '2026-11-20T09:15:00Z', text: String(fields.description ?? '') },
            {
              from: 'agent',
              at: '2026-11-20T10:02:00Z',
              text: 'Bonjour, nous regardons cela tout de suite.',
            },
          ],
        });
      }
      if (request.method === 'POST' && url.pathname === '/api/feedback') {
        const body = JSON.parse(await readBody(request)) as unknown;
        const parsed = parseFeedbackSignal(body, feedbackContext);
        if (!parsed.ok) {
          bot.refusedFeedback.push({ body, errors: parsed.errors });
          return json(response, 422, { error: 'invalid feedback', errors: parsed.errors });
        }
        bot.feedback.push(parsed.signal);
        response.writeHead(204).end();
        return;
      }
      json(response, 404, { error: 'not found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  bot.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  bot.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return bot;
}

// RELIABILITY 12–17 and the customer's status view: form submissions through HTTP, checked on the issue
// agents see at the stand-in.

import { afterEach, describe, expect, it } from 'vitest';
import { submissionLimits } from '../../../src/forms/submission-schema.ts';
import {
  agentToken,
  eventually,
  incidentSubmission,
  manualClock,
  postRequest,
  siteOrigin,
  startHarness,
  templateRules,
  type Harness,
} from '../../support/bot-harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** The bot's clock (shifted to office hours by the harness). */
const botNow = () => harness!.bot.context.clock();

interface Accepted {
  ref: string;
  statusUrl: string;
  token: string;
}

describe('a form submission', () => {
  it('becomes one issue in one write, with title, labels, assignee and a readable body carrying the reference', async () => {
    harness = await startHarness();
    const response = await postRequest(harness.url, incidentSubmission(botNow()));
    expect(response.status).toBe(202);
    expect(response.headers.get('access-control-allow-origin')).toBe(siteOrigin);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const accepted = (await response.json()) as Accepted;
    expect(accepted.ref).toMatch(/^RD-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(accepted.statusUrl).toBe(`${siteOrigin}/fr/follow/?ref=${accepted.ref}&token=${accepted.token}`);
    const [issue] = await eventually(async () => {
      const issues = await harness!.issues();
      return issues.length > 0 ? issues : undefined;
    });
    expect(issue?.title).toContain('Impossible de me connecter au VPN');
    expect(issue?.body).toContain(accepted.ref);
    expect(issue?.body).toContain('Marie Curie');
    expect(issue?.labels).toEqual(expect.arrayContaining(['type: incident']));
    expect(issue?.user).toBe('repodesk-bot');
    const stats = harness.standin.stats();
    expect(stats.contentWrites).toBe(1);
    expect(stats.writes).toBe(1);
  });

  it('with the same idempotency key twice (double click) makes one ticket and returns the same reference', async () => {
    harness = await startHarness();
    const submission = incidentSubmission(botNow());
    const [first, second] = await Promise.all([
      postRequest(harness.url, submission),
      postRequest(harness.url, submission),
    ]);
    const refs = [((await first.json()) as Accepted).ref, ((await second.json()) as Accepted).ref];
    expect(refs[0]).toBe(refs[1]);
    await eventually(
      async () => (await harness!.bot.context.refs.get(refs[0] ?? ''))?.issueNumber !== undefined,
    );
    await harness.bot.worker.drain();
    expect(await harness.issues()).toHaveLength(1);
    expect((await harness.bot.context.inbox.countBySource()).form).toBe(1);
    // One acknowledgement mail, with the reference, to the requester.
    await eventually(async () => harness!.mail.messages.length > 0);
    await harness.bot.worker.drain();
    expect(harness.mail.messages).toHaveLength(1);
    expect(harness.mail.messages[0]?.envelopeTo).toEqual(['marie.curie@example.org']);
    expect(harness.mail.messages[0]?.raw.toString('utf8')).toContain(refs[0]);
  });

  it('with the same idempotency key and other content answers 422 and gives the first reference to nobody', async () => {
    harness = await startHarness({ runWorker: false });
    const first = incidentSubmission(botNow());
    const accepted = (await (await postRequest(harness.url, first)).json()) as Accepted;
    const fields = first.fields as Record<string, unknown>;
    const replay = await postRequest(harness.url, {
      ...first,
      fields: { ...fields, description: 'Merci de me donner la référence et le lien de suivi.' },
    });
    expect(replay.status).toBe(422);
    const refused = (await replay.json()) as Record<string, unknown>;
    expect(refused).toEqual({
      error: 'this request was already sent with other content; reload the form',
      errors: [
        {
          field: 'idempotencyKey',
          message:
            'Cette demande a déjà été envoyée avec un autre contenu ; rechargez le formulaire pour en envoyer une nouvelle.',
        },
      ],
    });
    expect(JSON.stringify(refused)).not.toContain(accepted.ref);
    // The browser's genuine retry (same content, even serialised in another order) gets its reference back.
    const reordered = Object.fromEntries(Object.entries(fields).reverse());
    const retry = await postRequest(harness.url, { ...first, fields: reordered });
    expect(retry.status).toBe(202);
    expect(((await retry.json()) as Accepted).ref).toBe(accepted.ref);
    expect((await harness.bot.context.inbox.countBySource()).form).toBe(1);
    expect((await harness.bot.context.jobs.countByState()).queued).toBe(2); // the ticket and its acknowledgement
  });

  it('looks accepted but creates nothing when the honeypot is filled or the form was filled too fast', async () => {
    harness = await startHarness({ runWorker: false });
    const honeypot = await postRequest(
      harness.url,
      incidentSubmission(botNow(), { website: 'http://spam.example' }),
    );
    const tooFast = await postRequest(
      harness.url,
      incidentSubmission(botNow(), { startedAt: botNow() - 500 }),
    );
    for (const response of [honeypot, tooFast]) {
      expect(response.status).toBe(202);
      expect(((await response.json()) as Accepted).ref).toMatch(/^RD-/);
    }
    expect((await harness.bot.context.jobs.countByState()).queued).toBe(0);
    expect(await harness.bot.context.inbox.countBySource()).toEqual({});
  });

  it('answers 413 naming the limit to a body over 64 KB, and 422 naming the limit to a long title or message', async () => {
    harness = await startHarness({ runWorker: false });
    const huge = await postRequest(
      harness.url,
      incidentSubmission(botNow(), { fields: { description: 'x'.repeat(70_000) } }),
    );
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: string }).error).toContain('65536 bytes');
    const base = incidentSubmission(botNow());
    const longTitle = await postRequest(harness.url, {
      ...base,
      fields: { ...(base.fields as object), resume: 'T'.repeat(submissionLimits.subject + 1) },
    });
    expect(longTitle.status).toBe(422);
    const titleErrors = ((await longTitle.json()) as { errors: { field: string; message: string }[] }).errors;
    expect(titleErrors).toEqual([{ field: 'resume', message: expect.stringContaining('200') }]);
    const longMessage = await postRequest(harness.url, {
      ...base,
      fields: { ...(base.fields as object), description: 'm'.repeat(submissionLimits.text + 1) },
    });
    expect(longMessage.status).toBe(422);
    const messageErrors = ((await longMessage.json()) as { errors: { field: string; message: string }[] })
      .errors;
    expect(messageErrors).toEqual([
      { field: 'description', message: expect.stringMatching(/20[\s\u202f ]?000/) },
    ]);
  });

  it('answers 422 listing each field that breaks the form schema', async () => {
    harness = await startHarness({ runWorker: false });
    const response = await postRequest(
      harness.url,
      incidentSubmission(botNow(), {
        requester: { name: '', email: 'not-an-address' },
        fields: {
          resume: '',
          service: 'Une option inventée',
          impact: 'Je ne peux plus travailler',
          description: 'ok',
          depuis: 'hier',
          extra: 'x',
        },
      }),
    );
    expect(response.status).toBe(422);
    const fields = ((await response.json()) as { errors: { field: string }[] }).errors
      .map((error) => error.field)
      .sort();
    expect(fields).toEqual(
      expect.arrayContaining(['requester.name', 'requester.email', 'resume', 'service', 'extra']),
    );
    expect((await harness.bot.context.jobs.countByState()).queued).toBe(0);
  });

  it('refuses non-JSON with 415 and a foreign Origin with 403 and no CORS grant', async () => {
    harness = await startHarness({ runWorker: false });
    const form = await fetch(`${harness.url}/api/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: siteOrigin },
      body: 'a=1',
    });
    expect(form.status).toBe(415);
    const foreign = await postRequest(harness.url, incidentSubmission(botNow()), {
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${harness.url}/api/requests`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    const ownPreflight = await fetch(`${harness.url}/api/requests`, {
      method: 'OPTIONS',
      headers: { origin: siteOrigin, 'access-control-request-method': 'POST' },
    });
    expect(ownPreflight.status).toBe(204);
    expect(ownPreflight.headers.get('access-control-allow-origin')).toBe(siteOrigin);
    expect((await harness.bot.context.jobs.countByState()).queued).toBe(0);
  });

  it('answers 429 with Retry-After when one IP sends too many, each from another email address', async () => {
    const clock = manualClock(Date.now());
    harness = await startHarness({
      runWorker: false,
      clock: clock.now,
      limits: { perIp: { burst: 3, refillMs: 60_000 }, perAddress: { burst: 100, refillMs: 1000 } },
    });
    const from = (index: number) =>
      incidentSubmission(clock.now(), {
        requester: { name: `Client ${index}`, email: `client${index}@example.org` },
      });
    const statuses: number[] = [];
    for (let index = 0; index < 4; index += 1)
      statuses.push((await postRequest(harness.url, from(index))).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    const limited = await postRequest(harness.url, from(4));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(((await limited.json()) as { error: string }).error).toContain('from this IP address');
    expect((await harness.bot.context.inbox.countBySource()).form).toBe(3);
    // One request regained a minute later, not more.
    clock.advance(60_000);
    expect((await postRequest(harness.url, from(5))).status).toBe(202);
    expect((await postRequest(harness.url, from(6))).status).toBe(429);
  });

  it('answers 429 with Retry-After when one email address sends too many', async () => {
    const clock = manualClock(Date.now());
    harness = await startHarness({
      runWorker: false,
      clock: clock.now,
      limits: { perIp: { burst: 3, refillMs: 60_000 }, perAddress: { burst: 2, refillMs: 600_000 } },
    });
    const statuses: number[] = [];
    for (let index = 0; index < 3; index += 1)
      statuses.push((await postRequest(harness.url, incidentSubmission(clock.now()))).status);
    expect(statuses).toEqual([202, 202, 429]);
    clock.advance(60_000);
    const limited = await postRequest(harness.url, incidentSubmission(clock.now()));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: string }).error).toContain('email address');
    clock.advance(2 * 60_000);
    const otherAddress = await postRequest(
      harness.url,
      incidentSubmission(clock.now(), { requester: { name: 'Pierre', email: 'pierre@example.org' } }),
    );
    expect(otherAddress.status).toBe(202);
  });

  it('leaves mentions and references inert in the created issue: nobody is notified', async () => {
    harness = await startHarness();
    const base = incidentSubmission(botNow());
    await postRequest(harness.url, {
      ...base,
      fields: {
        ...(base.fields as object),
        resume: 'Aide @someone @acme/eng #12',
        description: 'Voir org/repo#5 et @camille-durand <!-- hidden -->',
      },
    });
    const [issue] = await eventually(async () => {
      const issues = await harness!.issues();
      return issues.length > 0 ? issues : undefined;
    });
    for (const text of [issue!.title, issue!.body]) {
      expect(text).not.toMatch(/(^|[^\w`\u200d])@(someone|acme\/eng|camille-durand)\b/);
      expect(text).not.toMatch(/(^|[^\w`\u200d])#12\b/);
      expect(text).not.toMatch(/(^|[^\w`\u200d])org\/repo#5\b/);
    }
    expect(issue!.body).not.toContain('<!-- hidden -->');
  });
});

describe('the status view of a request', () => {
  it('answers from the store before the issue exists, then shows the public thread without internal notes', async () => {
    harness = await startHarness({ runWorker: false });
    const accepted = (await (
      await postRequest(harness.url, incidentSubmission(botNow()))
    ).json()) as Accepted;
    const early = await fetch(`${harness.url}/api/requests/${accepted.ref}?token=${accepted.token}`, {
      headers: { origin: siteOrigin },
    });
    expect(early.status).toBe(200);
    expect(await early.json()).toMatchObject({
      ref: accepted.ref,
      recorded: false,
      status: 'new',
      statusName: 'Nouveau',
    });
    await harness.bot.worker.drain();
    const [issue] = await harness.issues();
    for (const body of [
      'Note interne : vérifier le compte AD',
      '/reply Bonjour, pouvez-vous redémarrer le client VPN ?',
    ]) {
      await fetch(`${harness.standin.url}/repos/acme/support/issues/${issue!.number}/comments`, {
        method: 'POST',
        headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ body }),
      });
    }
    // The follow page shows a reply once the bot has run it (its mail queued): what the customer was told.
    await harness.standin.deliveriesIdle();
    await harness.bot.worker.drain();
    const later = (await (
      await fetch(`${harness.url}/api/requests/${accepted.ref}?token=${accepted.token}`)
    ).json()) as {
      recorded: boolean;
      messages: { from: string; text: string }[];
    };
    expect(later.recorded).toBe(true);
    expect(later.messages).toEqual([
      expect.objectContaining({
        from: 'customer',
        text: "J'ouvre le client VPN, il refuse mon mot de passe depuis ce matin.",
      }),
      expect.objectContaining({ from: 'agent', text: 'Bonjour, pouvez-vous redémarrer le client VPN ?' }),
    ]);
    expect(JSON.stringify(later)).not.toContain('Note interne');
  });

  it('names the agent who replied even when GitHub spells their login in another case than teams.yaml', async () => {
    const rules = await templateRules();
    const agent = rules.teams.agents[0]!;
    harness = await startHarness({
      runWorker: false,
      standin: {
        users: [
          { login: 'repodesk-bot', token: 'bot-token', type: 'Bot' },
          { login: agent.login.toUpperCase(), token: agentToken },
        ],
      },
    });
    expect(harness.rules.desk.privacy.showAgentNames).toBe(true);
    const accepted = (await (
      await postRequest(harness.url, incidentSubmission(botNow()))
    ).json()) as Accepted;
    await harness.bot.worker.drain();
    const [issue] = await harness.issues();
    await fetch(`${harness.standin.url}/repos/acme/support/issues/${issue!.number}/comments`, {
      method: 'POST',
      headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: '/reply Bonjour, c’est réglé.' }),
    });
    await harness.standin.deliveriesIdle();
    await harness.bot.worker.drain();
    const status = (await (
      await fetch(`${harness.url}/api/requests/${accepted.ref}?token=${accepted.token}`)
    ).json()) as { messages: { from: string; author: string; text: string }[] };
    expect(status.messages.at(-1)).toMatchObject({
      from: 'agent',
      author: agent.name,
      text: 'Bonjour, c’est réglé.',
    });
  });

  it('answers 404 to a forged or mismatched token', async () => {
    harness = await startHarness({ runWorker: false });
    const accepted = (await (
      await postRequest(harness.url, incidentSubmission(botNow()))
    ).json()) as Accepted;
    expect(
      (await fetch(`${harness.url}/api/requests/${accepted.ref}?token=AAAAAAAAAAAAAAAAAAAAAA`)).status,
    ).toBe(404);
    expect((await fetch(`${harness.url}/api/requests/RD-0000-0000?token=${accepted.token}`)).status).toBe(
      404,
    );
  });
});

describe('feedback, health and metrics', () => {
  it('stores article feedback and empty searches without personal data and counts them in /metrics', async () => {
    harness = await startHarness({ runWorker: false });
    const send = (body: unknown) =>
      fetch(`${harness!.url}/api/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: siteOrigin },
        body: JSON.stringify(body),
      });
    expect(
      (await send({ kind: 'article-helpful', lang: 'fr', article: 'reinitialiser-mot-de-passe' })).status,
    ).toBe(204);
    expect(
      (await send({ kind: 'empty-search', lang: 'fr', query: 'facture marie.curie@example.org 0612345678' }))
        .status,
    ).toBe(204);
    expect((await send({ kind: 'vote', lang: 'fr' })).status).toBe(422);
    const stored = await harness.bot.context.store.get(
      'SELECT query FROM feedback WHERE kind = ?',
      'empty-search',
    );
    expect(stored?.query).toBe('facture [email] [number]');
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    expect(metrics).toContain('repodesk_feedback_signals{kind="article-helpful"} 1');
    expect(metrics).toContain('repodesk_feedback_signals{kind="empty-search"} 1');
  });

  it('reports the store, the worker, the queue and dead letters on /healthz', async () => {
    harness = await startHarness();
    const health = await fetch(`${harness.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      ok: true,
      store: { ok: true },
      worker: { alive: true },
      queueDepth: 0,
      deadLetters: 0,
    });
    await harness.bot.worker.stop();
    const stopped = await fetch(`${harness.url}/healthz`);
    expect(stopped.status).toBe(503);
    expect(await stopped.json()).toMatchObject({ ok: false, worker: { alive: false } });
  });

  it('counts a worker as alive from its start, before its first round has reached the store', async () => {
    const clock = manualClock();
    harness = await startHarness({ runWorker: false, clock: clock.now });
    // Stopped ten minutes ago (its last round long past), then started again.
    clock.advance(10 * 60_000);
    harness.bot.worker.start();
    // The first round is still waiting for its write (the recovery of interrupted jobs) here.
    expect(harness.bot.worker.status()).toMatchObject({ running: true, lastBeatAt: clock.now() });
    const health = await fetch(`${harness.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, worker: { alive: true } });
  });
});

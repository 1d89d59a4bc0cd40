// Webhooks from the stand-in: signed like GitHub's, shaped like GitHub's (compared with
// @octokit/webhooks-examples), sent after the API answer, recorded, and redeliverable.

import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhooks } from '@octokit/webhooks';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import examples from '@octokit/webhooks-examples' with { type: 'json' };
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { createOctokit, type RepodeskOctokit } from '../../src/tracker/create-octokit.ts';

const secret = 'webhook-secret-for-tests';
const repo = { owner: 'acme', repo: 'support' };

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
/** Every delivery of the file, kept for the schema check at the end. */
const allReceived: Received[] = [];
/** Status codes the receiver answers next, in order (200 once the list is empty). */
let answers: number[] = [];
let delayMs = 0;
let standin: Standin;
let bot: RepodeskOctokit;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const delivery = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(delivery);
      allReceived.push(delivery);
      setTimeout(() => {
        response.writeHead(answers.shift() ?? 200);
        response.end();
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/github/webhooks`;
  standin = await startStandin({
    users: [
      { login: 'repodesk-bot', token: 'bot-token' },
      { login: 'camille-durand', token: 'camille-token', organisations: ['acme'] },
      { login: 'mallory', token: 'mallory-token', role: 'none' },
    ],
    webhooks: [{ url: receiverUrl, secret }],
    repos: ['acme/support', 'acme/open'],
    // Mallory, with no role, writes in a public repository, as only there can she.
    publicRepos: ['acme/open'],
  });
  bot = createOctokit(
    { baseUrl: standin.url, token: 'bot-token' },
    { log: { debug() {}, info() {}, warn() {}, error() {} } },
  );
});

beforeEach(async () => {
  await standin.deliveriesIdle();
  received = [];
  answers = [];
  delayMs = 0;
});

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
  await new Promise((resolve) => receiver.close(resolve));
});

function payloadsOf(event: string): Record<string, unknown>[] {
  return received
    .filter((delivery) => delivery.headers['x-github-event'] === event)
    .map((delivery) => JSON.parse(delivery.body) as Record<string, unknown>);
}

/** Keys present in GitHub's example and absent from ours, as paths (`issue.user.login`). */
function missingKeys(example: unknown, ours: unknown, path = ''): string[] {
  if (Array.isArray(example)) {
    if (!Array.isArray(ours)) return [path];
    return example.length > 0 && ours.length > 0 ? missingKeys(example[0], ours[0], `${path}[0]`) : [];
  }
  if (typeof example !== 'object' || example === null) return [];
  if (typeof ours !== 'object' || ours === null) return [];
  const missing: string[] = [];
  for (const [key, value] of Object.entries(example)) {
    const child = path ? `${path}.${key}` : key;
    // Present only for GitHub App installations and organisation-owned repositories.
    if (child === 'installation' || child === 'organization') continue;
    if (!(key in ours)) missing.push(child);
    else missing.push(...missingKeys(value, (ours as Record<string, unknown>)[key], child));
  }
  return missing;
}

function example(event: string, action: string): Record<string, unknown> {
  const definition = (examples as unknown as { name: string; examples: Record<string, unknown>[] }[]).find(
    (candidate) => candidate.name === event,
  );
  // issues.closed has no example; issues.reopened has the same shape.
  const wanted = event === 'issues' && action === 'closed' ? 'reopened' : action;
  const found = definition?.examples.find((candidate) => candidate.action === wanted);
  if (!found) throw new Error(`no example for ${event}.${action}`);
  return found;
}

describe('stand-in webhooks', () => {
  it('sends issues.opened, labeled and assigned for an issue created with labels and an assignee, signed', async () => {
    const { data: issue } = await bot.rest.issues.create({
      ...repo,
      title: 'Panne',
      body: 'Le service ne répond plus',
      labels: ['type:incident'],
      assignees: ['camille-durand'],
    });
    await standin.deliveriesIdle();
    expect(
      received.map((delivery) => `${delivery.headers['x-github-event']}.${JSON.parse(delivery.body).action}`),
    ).toEqual(['issues.opened', 'issues.labeled', 'issues.assigned']);
    const webhooks = new Webhooks({ secret });
    for (const delivery of received) {
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(delivery.headers['x-github-delivery']).toMatch(/^[0-9a-f-]{36}$/);
      expect(delivery.headers['x-github-hook-id']).toBe('1');
      expect(delivery.headers['x-github-hook-installation-target-type']).toBe('repository');
      expect(delivery.headers['x-github-hook-installation-target-id']).toBe(
        String((JSON.parse(delivery.body) as { repository: { id: number } }).repository.id),
      );
      expect(String(delivery.headers['user-agent'])).toMatch(/^GitHub-Hookshot\//);
      const signature = String(delivery.headers['x-hub-signature-256']);
      expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(await webhooks.verify(delivery.body, signature)).toBe(true);
      expect(await new Webhooks({ secret: 'another' }).verify(delivery.body, signature)).toBe(false);
    }
    const [opened, labeled, assigned] = payloadsOf('issues');
    expect(opened).toMatchObject({
      action: 'opened',
      issue: { number: issue.number, title: 'Panne', user: { login: 'repodesk-bot' } },
      repository: { full_name: 'acme/support', private: true },
      sender: { login: 'repodesk-bot' },
    });
    expect(labeled).toMatchObject({ action: 'labeled', label: { name: 'type:incident' } });
    expect(assigned).toMatchObject({ action: 'assigned', assignee: { login: 'camille-durand' } });
    expect(missingKeys(example('issues', 'opened'), opened)).toEqual([]);
    expect(missingKeys(example('issues', 'labeled'), labeled)).toEqual([]);
    expect(missingKeys(example('issues', 'assigned'), assigned)).toEqual([]);
  });

  it('sends edited, closed, reopened, unlabeled and unassigned as the issue changes', async () => {
    const { data: issue } = await bot.rest.issues.create({
      ...repo,
      title: 'Avant',
      labels: ['a'],
      assignees: ['camille-durand'],
    });
    await standin.deliveriesIdle();
    received = [];
    await bot.rest.issues.update({ ...repo, issue_number: issue.number, title: 'Après' });
    await bot.rest.issues.update({
      ...repo,
      issue_number: issue.number,
      state: 'closed',
      state_reason: 'not_planned',
    });
    await bot.rest.issues.update({ ...repo, issue_number: issue.number, state: 'open' });
    await bot.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: 'a' });
    await bot.rest.issues.removeAssignees({
      ...repo,
      issue_number: issue.number,
      assignees: ['camille-durand'],
    });
    await standin.deliveriesIdle();
    const payloads = payloadsOf('issues');
    expect(payloads.map((payload) => payload.action)).toEqual([
      'edited',
      'closed',
      'reopened',
      'unlabeled',
      'unassigned',
    ]);
    expect(payloads[0]).toMatchObject({ changes: { title: { from: 'Avant' } }, issue: { title: 'Après' } });
    expect(payloads[1]).toMatchObject({ issue: { state: 'closed', state_reason: 'not_planned' } });
    for (const payload of payloads) {
      expect(missingKeys(example('issues', String(payload.action)), payload)).toEqual([]);
    }
  });

  it('sends issue_comment created, edited and deleted', async () => {
    const camille = createOctokit(
      { baseUrl: standin.url, token: 'camille-token' },
      { log: { debug() {}, info() {}, warn() {}, error() {} } },
    );
    const { data: issue } = await bot.rest.issues.create({ ...repo, title: 'Commentaires' });
    const { data: comment } = await camille.rest.issues.createComment({
      ...repo,
      issue_number: issue.number,
      body: '/reply Bonjour',
    });
    await camille.rest.issues.updateComment({ ...repo, comment_id: comment.id, body: '/reply Bonjour !' });
    await camille.rest.issues.deleteComment({ ...repo, comment_id: comment.id });
    await standin.deliveriesIdle();
    const payloads = payloadsOf('issue_comment');
    expect(payloads.map((payload) => payload.action)).toEqual(['created', 'edited', 'deleted']);
    expect(payloads[0]).toMatchObject({
      comment: {
        id: comment.id,
        body: '/reply Bonjour',
        user: { login: 'camille-durand' },
        author_association: 'MEMBER',
      },
      issue: { number: issue.number },
      sender: { login: 'camille-durand' },
    });
    expect(payloads[1]).toMatchObject({
      changes: { body: { from: '/reply Bonjour' } },
      comment: { body: '/reply Bonjour !' },
    });
    for (const payload of payloads) {
      expect(missingKeys(example('issue_comment', String(payload.action)), payload)).toEqual([]);
    }
  });

  it('writes the author_association GitHub would in issue and comment payloads', async () => {
    const mallory = createOctokit(
      { baseUrl: standin.url, token: 'mallory-token' },
      { log: { debug() {}, info() {}, warn() {}, error() {} } },
    );
    const open = { owner: 'acme', repo: 'open' };
    const { data: issue } = await mallory.rest.issues.create({ ...open, title: 'Question' });
    await mallory.rest.issues.createComment({ ...open, issue_number: issue.number, body: '/status closed' });
    await bot.rest.issues.createComment({ ...open, issue_number: issue.number, body: 'Bien reçu.' });
    await standin.deliveriesIdle();
    expect(payloadsOf('issues')[0]).toMatchObject({
      action: 'opened',
      issue: { user: { login: 'mallory' }, author_association: 'NONE' },
    });
    expect(
      payloadsOf('issue_comment').map((payload) => {
        const comment = payload.comment as { user: { login: string }; author_association: string };
        return [comment.user.login, comment.author_association];
      }),
    ).toEqual([
      ['mallory', 'NONE'],
      ['repodesk-bot', 'COLLABORATOR'],
    ]);
  });

  it('answers the API call without waiting for a slow receiver', async () => {
    delayMs = 1_500;
    const started = performance.now();
    await bot.rest.issues.create({ ...repo, title: 'Rapide' });
    expect(performance.now() - started).toBeLessThan(1_000);
    await standin.deliveriesIdle();
    expect(standin.deliveries().at(-1)).toMatchObject({
      event: 'issues',
      action: 'opened',
      status: 'delivered',
    });
  });

  it('records a failed delivery and redelivers it with the same delivery id', async () => {
    answers = [500];
    await bot.rest.issues.create({ ...repo, title: 'Raté' });
    await standin.deliveriesIdle();
    const failed = standin.deliveries().at(-1);
    expect(failed).toMatchObject({ status: 'failed', statusCode: 500, redelivery: false });
    const response = await fetch(`${standin.url}/_standin/deliveries/${failed?.guid}/redeliver`, {
      method: 'POST',
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({
      guid: failed?.guid,
      status: 'delivered',
      statusCode: 200,
      redelivery: true,
    });
    const [first, second] = received.slice(-2);
    expect(second?.headers['x-github-delivery']).toBe(first?.headers['x-github-delivery']);
    expect(second?.body).toBe(first?.body);
  });

  it('records a delivery to a receiver that is not listening as failed', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const hook = standin.addWebhook({
      url: `http://127.0.0.1:${port}/nowhere`,
      secret,
      events: ['issue_comment'],
    });
    const { data: issue } = await bot.rest.issues.create({ ...repo, title: 'Sans écoute' });
    await bot.rest.issues.createComment({ ...repo, issue_number: issue.number, body: 'x' });
    await standin.deliveriesIdle();
    const toNowhere = standin.deliveries().filter((delivery) => delivery.hookId === hook.id);
    expect(toNowhere).toHaveLength(1); // only issue_comment, as asked
    expect(toNowhere[0]).toMatchObject({ event: 'issue_comment', status: 'failed' });
    expect(toNowhere[0]?.error).toMatch(/ECONNREFUSED|connect/i);
  });

  it('delivered only payloads that match GitHub webhook schemas (@octokit/openapi-webhooks)', async () => {
    const schemas = JSON.parse(
      readFileSync(new URL('../fixtures/payloads/webhook-schemas.json', import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormatsModule as unknown as (instance: Ajv2020) => void)(ajv);
    ajv.addSchema({ ...schemas, $id: 'webhooks' });
    const checked = new Set<string>();
    expect(allReceived.length).toBeGreaterThan(15);
    for (const delivery of allReceived) {
      const event = String(delivery.headers['x-github-event']);
      const payload = JSON.parse(delivery.body) as { action: string };
      const name = `webhook-${event.replace('_', '-')}-${payload.action}`;
      const validate = ajv.getSchema(`webhooks#/components/schemas/${name}`);
      expect(validate, name).toBeDefined();
      const valid = validate?.(payload);
      expect({ name, errors: valid ? [] : validate?.errors?.slice(0, 5) }).toEqual({ name, errors: [] });
      checked.add(name);
    }
    expect([...checked].sort()).toEqual([
      'webhook-issue-comment-created',
      'webhook-issue-comment-deleted',
      'webhook-issue-comment-edited',
      'webhook-issues-assigned',
      'webhook-issues-closed',
      'webhook-issues-edited',
      'webhook-issues-labeled',
      'webhook-issues-opened',
      'webhook-issues-reopened',
      'webhook-issues-unassigned',
      'webhook-issues-unlabeled',
    ]);
  });
});

// The checks every webhook handler needs are made once, before dispatch, for any handler plugged into the
// list (handlers/index.ts): it is given issues only (never a pull request), never an event repodesk caused
// unless it acts on what repodesk posts, and for a comment only one whose writer it acts for. A command
// from someone who may not act for the desk reaches no handler and its refusal is counted once, however
// many handlers wanted it; a comment no handler wants costs no question to GitHub. Driven through the real
// bot, the stand-in's signed webhooks, and probe handlers registered the way the shipped ones are.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { githubEventJob } from '../../../src/channels/github/github-event-job.ts';
import { webhookHandlers } from '../../../src/channels/github/handlers/index.ts';
import type {
  CommentHandler,
  IssueHandler,
  WebhookHandlers,
} from '../../../src/channels/github/handlers/webhook-handler.ts';
import { postWebhook, settle, startHarness, type Harness } from '../../support/bot-harness.ts';

interface Call {
  handler: string;
  issue: number;
  comment?: number;
  author: string;
}

const calls: Call[] = [];

function commandProbe(name: string): CommentHandler {
  return {
    from: 'desk',
    wants: (body) => body.startsWith('/probe'),
    async handle(event) {
      calls.push({
        handler: name,
        issue: event.issue.number,
        comment: event.comment.id,
        author: event.comment.author,
      });
      return { status: 'done' };
    },
  };
}

const noticeProbe: CommentHandler = {
  from: 'repodesk',
  wants: (body) => body.startsWith('<!-- probe-notice -->'),
  async handle(event) {
    calls.push({
      handler: 'notice',
      issue: event.issue.number,
      comment: event.comment.id,
      author: event.comment.author,
    });
    return { status: 'done' };
  },
};

const openedProbe: IssueHandler = {
  async handle(event) {
    calls.push({ handler: 'opened', issue: event.issue.number, author: event.issue.author });
    return { status: 'done' };
  },
};

const probes: WebhookHandlers = {
  ...webhookHandlers,
  'issues.opened': [openedProbe],
  'issue_comment.created': [commandProbe('first'), commandProbe('second'), noticeProbe],
};

const permissionRoute = 'GET /repos/{owner}/{repo}/collaborators/{username}/permission';
let harness: Harness;
let agent: string;

const api = async <T>(path: string, token: string, body: unknown): Promise<T> => {
  const response = await fetch(`${harness.standin.url}/repos/acme/support${path}`, {
    method: 'POST',
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`stand-in answered ${response.status} to ${path}`);
  return (await response.json()) as T;
};

async function openIssue(token: string): Promise<number> {
  const issue = await api<{ number: number }>('/issues', token, {
    title: 'Imprimante',
    body: 'Elle ne répond plus.',
  });
  await settle(harness);
  return issue.number;
}

async function comment(issue: number, token: string, body: string): Promise<number> {
  const posted = await api<{ id: number }>(`/issues/${issue}/comments`, token, { body });
  await settle(harness);
  return posted.id;
}

async function refusals(command: string): Promise<number> {
  const text = await (await fetch(`${harness.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((entry) => entry.startsWith(`repodesk_commands_refused_total{command="${command}"}`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

beforeAll(async () => {
  harness = await startHarness({
    kinds: (bot) => [githubEventJob(bot, probes)],
    // Outsiders with no role comment here: a public repository, as only there can they.
    standin: { publicRepos: ['acme/support'] },
    standinUsers: [
      { login: 'olga-member', token: 'olga-token', role: 'none', organisations: ['acme'] },
      { login: 'mallory', token: 'mallory-token', role: 'none' },
      { login: 'walt-writer', token: 'walt-token', role: 'write' },
    ],
  });
  agent = harness.rules.teams.agents[0]!.login;
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});
beforeEach(() => {
  calls.length = 0;
});

describe('a comment that is a command', () => {
  it('from a teams.yaml agent reaches every handler that wants it, once each', async () => {
    const issue = await openIssue('agent-camille-token');
    calls.length = 0;
    const id = await comment(issue, 'agent-camille-token', '/probe un');
    expect(calls).toEqual([
      { handler: 'first', issue, comment: id, author: agent },
      { handler: 'second', issue, comment: id, author: agent },
    ]);
  });

  it('from a collaborator GitHub confirms can write reaches them, after one question to GitHub', async () => {
    const issue = await openIssue('agent-camille-token');
    calls.length = 0;
    harness.standin.resetStats();
    await comment(issue, 'walt-token', '/probe deux');
    expect(calls.map((call) => [call.handler, call.author])).toEqual([
      ['first', 'walt-writer'],
      ['second', 'walt-writer'],
    ]);
    expect(harness.standin.stats().requests[permissionRoute]).toBe(1);
  });

  it.each([
    ['an organisation member who cannot write (MEMBER)', 'olga-token'],
    ['a GitHub user with no access (NONE)', 'mallory-token'],
  ])(
    'from %s reaches no handler, and is counted once as refused although two handlers wanted it',
    async (_who, token) => {
      const issue = await openIssue('agent-camille-token');
      calls.length = 0;
      const before = await refusals('/probe');
      await comment(issue, token, '/probe trois');
      expect(calls).toEqual([]);
      expect(await refusals('/probe')).toBe(before + 1);
    },
  );
});

describe('a comment no handler wants', () => {
  it('reaches none and asks GitHub nothing about its author', async () => {
    const issue = await openIssue('agent-camille-token');
    calls.length = 0;
    harness.standin.resetStats();
    await comment(issue, 'olga-token', 'Je regarde de mon côté.');
    await comment(issue, 'olga-token', '/autre commande');
    expect(calls).toEqual([]);
    expect(harness.standin.stats().requests[permissionRoute]).toBeUndefined();
  });
});

describe('what repodesk itself posts', () => {
  it('its own notice reaches the handler of repodesk’s posts; the same text by an agent reaches none', async () => {
    const issue = await openIssue('agent-camille-token');
    calls.length = 0;
    const own = await comment(issue, 'bot-token', '<!-- probe-notice -->\nRappel.');
    await comment(issue, 'agent-camille-token', '<!-- probe-notice -->\nRappel.');
    expect(calls).toEqual([{ handler: 'notice', issue, comment: own, author: 'repodesk-bot' }]);
  });

  it('its own command reaches no command handler (no loops), nor does an issue it opened', async () => {
    const issue = await openIssue('bot-token');
    await comment(issue, 'bot-token', '/probe quatre');
    expect(calls).toEqual([]);
  });
});

describe('a pull request', () => {
  const payload = (extra: Record<string, unknown>) => ({
    action: 'opened',
    sender: { login: agent, type: 'User' },
    issue: {
      number: 4242,
      title: 'Fix',
      body: '',
      labels: [],
      assignees: [],
      user: { login: agent },
      state: 'open',
      pull_request: { url: 'https://api.github.com/repos/acme/support/pulls/4242' },
    },
    ...extra,
  });

  it('its opening and its comments reach no handler', async () => {
    expect((await postWebhook(harness.url, 'issues', payload({}))).status).toBe(202);
    const created = payload({
      action: 'created',
      comment: { id: 99_001, body: '/probe cinq', user: { login: agent }, author_association: 'MEMBER' },
    });
    expect((await postWebhook(harness.url, 'issue_comment', created)).status).toBe(202);
    await settle(harness);
    expect(calls).toEqual([]);
  });
});

describe('an issue opened on GitHub', () => {
  it('by an agent reaches the handlers of issues.opened', async () => {
    const issue = await openIssue('agent-camille-token');
    expect(calls).toEqual([{ handler: 'opened', issue, author: agent }]);
  });
});

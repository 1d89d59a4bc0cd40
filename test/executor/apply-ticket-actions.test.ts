// The executor's issue writes against the GitHub stand-in, through the real Octokit client: whatever a
// plan asks of labels, state and assignees is at most one write, nothing that is already so is written,
// a comment already on the issue (by its marker) is not posted again, and an assignee GitHub refuses does
// not cost the rest of the change.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyTicketActions } from '../../src/executor/apply-ticket-actions.ts';
import { issueWrite } from '../../src/executor/issue-write.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import type { ActionCause, TicketAction } from '../../src/tickets/ticket-action.ts';
import { createOctokit } from '../../src/tracker/create-octokit.ts';
import { GithubTracker } from '../../src/tracker/github-tracker.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet } as never;
const cause: ActionCause = { source: 'command', rule: 'test', reason: 'test' };
const add = (label: string): TicketAction => ({ kind: 'add-label', label, cause });
const remove = (label: string): TicketAction => ({ kind: 'remove-label', label, cause });
const assign = (login: string): TicketAction => ({ kind: 'assign', login, cause });
const unassign = (login: string): TicketAction => ({ kind: 'unassign', login, cause });
const close: TicketAction = { kind: 'close', cause };
const reopen: TicketAction = { kind: 'reopen', cause };

let standin: Standin;
let tracker: GithubTracker;

beforeAll(async () => {
  standin = await startStandin({
    users: [{ login: 'repodesk-bot', token: 'bot-token' }, { login: 'camille' }, { login: 'lucas' }],
  });
  const octokit = createOctokit({ baseUrl: standin.url, token: 'bot-token' }, { log: quiet });
  tracker = new GithubTracker({ octokit, repository: 'acme/support' });
});
afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

async function ticket(labels: string[], assignees: string[] = [], state: 'open' | 'closed' = 'open') {
  const issue = await tracker.createIssue({ title: 'Imprimante', body: 'Hors service.', labels, assignees });
  if (state === 'closed') await tracker.updateIssue(issue.number, { state: 'closed' });
  return tracker.getIssue(issue.number);
}

describe('issue writes', () => {
  beforeEach(() => standin.resetStats());

  it.each([
    [
      'a status label swap and a close',
      ['status: open', 'priority: low'],
      [],
      'open' as const,
      [remove('status: open'), add('status: closed'), close],
      { labels: ['priority: low', 'status: closed'], assignees: [], state: 'closed' },
    ],
    [
      'a priority swap, an assignment replacing another, and a reopen',
      ['priority: low'],
      ['lucas'],
      'closed' as const,
      [remove('priority: low'), add('priority: high'), unassign('lucas'), assign('camille'), reopen],
      { labels: ['priority: high'], assignees: ['camille'], state: 'open' },
    ],
    [
      'labels added only (the additive endpoint)',
      ['status: new'],
      [],
      'open' as const,
      [add('vip'), add('sla: at risk')],
      { labels: ['status: new', 'vip', 'sla: at risk'], assignees: [], state: 'open' },
    ],
    [
      'one assignment only (the additive endpoint)',
      [],
      ['lucas'],
      'open' as const,
      [assign('camille')],
      { labels: [], assignees: ['lucas', 'camille'], state: 'open' },
    ],
  ])('%s: one write', async (_what, labels, assignees, state, actions, expected) => {
    const before = await ticket(labels, assignees, state);
    standin.resetStats();
    expect(await applyTicketActions(tracker, before.number, before, actions)).toBe(1);
    expect(standin.stats().writes).toBe(1);
    const after = await tracker.getIssue(before.number);
    expect({ labels: after.labels, assignees: after.assignees, state: after.state }).toEqual(expected);
  });

  it.each([
    ['a label already there', [add('Status: New')]],
    ['a label already gone', [remove('priority: high')]],
    ['a close of a closed issue', [close]],
    ['an assignment already made', [assign('Camille')]],
    ['a label added then removed', [add('vip'), remove('vip')]],
  ])('%s: no write', async (_what, actions) => {
    const before = await ticket(['status: new'], ['camille'], 'closed');
    standin.resetStats();
    expect(issueWrite(before, actions)).toBeUndefined();
    expect(await applyTicketActions(tracker, before.number, before, actions)).toBe(0);
    expect(standin.stats().writes).toBe(0);
  });

  it('a comment whose marker is on the issue is not posted again; the rest is', async () => {
    const before = await ticket(['status: open']);
    const note = (marker: string): TicketAction => ({
      kind: 'comment',
      marker,
      body: `${marker}\nNote`,
      cause,
    });
    standin.resetStats();
    const writes = await applyTicketActions(
      tracker,
      before.number,
      before,
      [note('<!-- a -->'), note('<!-- b -->'), note('<!-- b -->'), add('vip')],
      new Set(['<!-- a -->']),
    );
    expect(writes).toBe(2);
    expect((await tracker.listComments(before.number)).map((comment) => comment.body)).toEqual([
      '<!-- b -->\nNote\n<!-- repodesk:cause source=command rule=test rules=unversioned -->',
    ]);
  });

  it('an assignee GitHub refuses: the labels are changed all the same, the others assigned', async () => {
    const before = await ticket(['status: open']);
    standin.resetStats();
    const writes = await applyTicketActions(tracker, before.number, before, [
      remove('status: open'),
      add('status: pending'),
      assign('nobody-here'),
      assign('lucas'),
    ]);
    // The refused PATCH, the PATCH without the new assignees, the additive assignment.
    expect(writes).toBe(2);
    expect(standin.stats().writes).toBe(3);
    const after = await tracker.getIssue(before.number);
    expect(after.labels).toEqual(['status: pending']);
    expect(after.assignees).toEqual(['lucas']);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/load-rules.ts';
import type { Rules } from '../../src/rules/types.ts';
import { canSkipTicket } from '../../src/sweep/can-skip-ticket.ts';
import { indexLabels, ticketFacts } from '../../src/sweep/ticket-facts.ts';
import type { IssueWithBody } from '../../src/tracker/tracker.ts';

let rules: Rules;
beforeAll(async () => {
  const loaded = await loadRules(new URL('../fixtures/sla/rules', import.meta.url).pathname, {
    now: new Date('2026-11-23T00:00:00Z'),
  });
  rules = loaded.rules!;
});

describe('ticketFacts', () => {
  it.each([
    [
      'priority, type and team come from their labels',
      ['Priority: Urgent', 'type: incident', 'team: billing'],
      '',
      { priority: 'urgent', type: 'incident', team: 'billing' },
    ],
    [
      'the desk defaults fill a missing priority and type',
      ['status: new'],
      '',
      { priority: 'normal', type: 'question' },
    ],
    [
      'organisation, its tier and the channel come from the ticket marker',
      [],
      'Bonjour\n<!-- repodesk:ticket ref=R-1 organisation=acme channel=email -->',
      { organisation: 'acme', tier: 'vip', channel: 'email' },
    ],
    [
      'a marker written as JSON is read too',
      [],
      '<!-- repodesk:ticket {"ref":"R-2","organisation":"globex","channel":"web"} -->',
      { organisation: 'globex', tier: 'standard', channel: 'web' },
    ],
  ])('%s', (_name, labels, body, expected) => {
    expect(ticketFacts(labels, rules, indexLabels(rules), body).facts).toMatchObject(expected);
  });
});

it('an unknown channel in the marker is ignored', () => {
  expect(
    ticketFacts([], rules, indexLabels(rules), '<!-- repodesk:ticket channel=fax -->').facts,
  ).not.toHaveProperty('channel');
});

describe('canSkipTicket', () => {
  const issue = (labels: string[], createdAt: string): IssueWithBody => ({
    number: 1,
    title: 'Demande',
    body: '',
    state: 'open',
    labels,
    assignees: [],
    createdAt,
    updatedAt: createdAt,
  });
  // Standard policy: first response 4h, first step at 75% (3h) on the Paris calendar.
  it.each([
    ['a ticket 2 business hours old cannot be at any step', ['status: new'], '2026-11-23T08:00:00Z', true],
    ['a ticket 3 business hours old may be at risk', ['status: new'], '2026-11-20T15:00:00Z', false],
    ['a pending ticket needs its history (reminders)', ['status: pending'], '2026-11-23T08:00:00Z', false],
    ['a resolved ticket needs its history (closing)', ['status: resolved'], '2026-11-23T08:00:00Z', false],
    [
      'a ticket with a step label needs its history (is it met?)',
      ['status: new', 'sla: at-risk'],
      '2026-11-23T08:00:00Z',
      false,
    ],
    [
      'a ticket with two status labels needs its history',
      ['status: new', 'status: open'],
      '2026-11-23T08:00:00Z',
      false,
    ],
    ['a weekend does not count', ['status: new'], '2026-11-21T08:00:00Z', true],
  ])('%s', (_name, labels, createdAt, expected) => {
    expect(
      canSkipTicket(issue(labels, createdAt), rules, indexLabels(rules), Date.parse('2026-11-23T10:00:00Z')),
    ).toBe(expected);
  });
});

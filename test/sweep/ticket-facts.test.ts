import { beforeAll, describe, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/load-rules.ts';
import type { Rules } from '../../src/rules/types.ts';
import { canSkipTicket } from '../../src/sweep/can-skip-ticket.ts';
import { ticketMarker } from '../../src/intake/render-issue-body.ts';
import { indexLabels, ticketFacts } from '../../src/sweep/ticket-facts.ts';
import { ticketFactsMarker } from '../../src/tickets/markers.ts';
import type { IssueWithBody } from '../../src/tracker/tracker.ts';

let rules: Rules;
/** An issue repodesk opened, with `body`. */
const byBot = (body: string) => [{ body, author: 'repodesk-bot' }, ['repodesk-bot']] as const;
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
      'channel, organisation (its tier from customers.yaml) and language come from the facts intake wrote',
      [],
      `${ticketMarker('R-1', 'k')}${ticketFactsMarker({ channel: 'email', organisation: 'acme', language: 'fr' })}\nBonjour`,
      { organisation: 'acme', tier: 'vip', channel: 'email', language: 'fr' },
    ],
    [
      'an issue opened on GitHub itself (no marker) is of the github channel, the rest from its labels',
      ['priority: urgent', 'team: billing'],
      'La sonde ne répond plus',
      { priority: 'urgent', team: 'billing', channel: 'github' },
    ],
  ])('%s', (_name, labels, body, expected) => {
    expect(ticketFacts(labels, rules, indexLabels(rules), ...byBot(body)).facts).toMatchObject(expected);
  });
});

describe('facts nobody but intake can write', () => {
  const marker = ticketMarker('R-3', 'k');
  it.each([
    [
      'facts later in the body (customer text)',
      `${marker}\nBonjour <!-- repodesk:facts channel=email organisation=acme -->`,
      undefined,
    ],
    [
      'facts before the ticket marker (an issue opened on GitHub)',
      `<!-- repodesk:facts channel=email organisation=acme -->${marker}`,
      'github',
    ],
  ])('%s give no organisation nor tier', (_name, body, channel) => {
    const { facts } = ticketFacts([], rules, indexLabels(rules), ...byBot(body));
    expect(facts).not.toHaveProperty('tier');
    expect(facts).not.toHaveProperty('organisation');
    expect(facts.channel).toBe(channel);
  });

  it.each([
    ['someone else', 'mallory', undefined, 'github'],
    ['another repodesk login, in another case', 'GitHub-Actions[bot]', 'vip', 'email'],
  ])('facts copied into an issue opened by %s', (_name, author, tier, channel) => {
    const body = `${marker}${ticketFactsMarker({ channel: 'email', organisation: 'acme' })}\nBonjour`;
    const { facts } = ticketFacts([], rules, indexLabels(rules), { body, author }, [
      'repodesk-bot',
      'github-actions[bot]',
    ]);
    expect([facts.tier, facts.channel]).toEqual([tier, channel]);
  });

  it('an unknown channel is ignored', () => {
    expect(
      ticketFacts([], rules, indexLabels(rules), ...byBot(`${marker}<!-- repodesk:facts channel=fax -->`))
        .facts,
    ).not.toHaveProperty('channel');
  });

  it('an issue created before intake wrote facts keeps its ticket marker and has no channel', () => {
    expect(
      ticketFacts([], rules, indexLabels(rules), ...byBot(`${marker}\nBonjour`)).facts,
    ).not.toHaveProperty('channel');
  });

  it('writes ids and language tags only: free text never reaches the marker', () => {
    expect(ticketFactsMarker({ channel: 'web', organisation: 'acme --><img src=x>', language: 'fr' })).toBe(
      '<!-- repodesk:facts channel=web language=fr -->',
    );
  });
});

describe('canSkipTicket', () => {
  const issue = (labels: string[], createdAt: string): IssueWithBody => ({
    number: 1,
    title: 'Demande',
    body: '',
    state: 'open',
    labels,
    assignees: [],
    author: 'repodesk-bot',
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
      canSkipTicket(issue(labels, createdAt), rules, indexLabels(rules), Date.parse('2026-11-23T10:00:00Z'), [
        'repodesk-bot',
      ]),
    ).toBe(expected);
  });
});

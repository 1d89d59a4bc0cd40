// Which SLA policy a ticket gets, by team and by organisation: first from the issue as the sweep sees
// it (labels and ticket marker, through the shipped Cassiopée rules), then condition by condition.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ticketMarker } from '../../src/intake/render-issue-body.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import type { PolicyCondition, Rules, SlaPolicy } from '../../src/rules/types.ts';
import { matchesPolicyCondition, selectPolicy, type TicketFacts } from '../../src/sla/select-policy.ts';
import { indexLabels, ticketFacts } from '../../src/sweep/ticket-facts.ts';
import { ticketFactsMarker } from '../../src/tickets/markers.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
let rules: Rules;

beforeAll(async () => {
  const loaded = await loadRules(root, { now: new Date('2026-11-23T10:00:00Z') });
  expect(loaded.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  rules = loaded.rules!;
});

/** The first line intake writes: the ticket marker, then the facts the sweep reads. */
const marker = (organisation: string) =>
  `${ticketMarker('RD-AAAA-BBBB', 'key')}${ticketFactsMarker({ channel: 'email', organisation })}\n\nBonjour`;

describe('the shipped policies, from what the issue carries', () => {
  it.each<[string, string[], string, string]>([
    ['an HR request routed to the rh team gets the HR policy', ['team: rh', 'priority: normal'], '', 'rh'],
    ['an HR request with no priority label gets the HR policy', ['Team: RH'], '', 'rh'],
    [
      'an urgent HR request keeps the urgent policy, listed first',
      ['team: rh', 'priority: urgent'],
      '',
      'urgente',
    ],
    ['another team falls to its priority policy', ['team: facturation', 'priority: high'], '', 'haute'],
    ['without a team label, the priority decides', ['priority: low'], '', 'basse'],
    [
      'a key account organisation picks the key-account policy through its tier',
      ['team: support-client', 'priority: normal'],
      marker('banque-arvel'),
      'vip',
    ],
    [
      'a key account in high priority picks the tighter key-account policy',
      ['team: support-client', 'priority: high'],
      marker('hopital-sainte-marthe'),
      'vip-critique',
    ],
    ['a key account asking HR is still a key account first', ['team: rh'], marker('banque-arvel'), 'vip'],
    [
      'an organisation the rules do not know has no tier: the priority decides',
      ['priority: normal'],
      marker('inconnue'),
      'normale',
    ],
  ])('%s', (_name, labels, body, expected) => {
    const { facts } = ticketFacts(labels, rules, indexLabels(rules), { body, author: 'repodesk-bot' }, [
      'repodesk-bot',
    ]);
    expect(selectPolicy(rules.sla.policies, facts).policy?.id).toBe(expected);
  });
});

const policy = (id: string, when?: PolicyCondition): SlaPolicy => ({
  id,
  name: { fr: id, en: id },
  ...(when ? { when } : {}),
  calendar: 'paris',
  targets: { firstResponse: '4h' },
  pauseOn: {},
  escalation: [],
});

describe('team and organisation conditions', () => {
  const policies = [
    policy('billing-acme', { all: [{ team: 'billing' }, { organisation: 'acme' }] }),
    policy('support-teams', { team: ['billing', 'it'] }),
    policy('not-hr', { not: { team: 'hr' } }),
    policy('big-customers', { organisation: ['globex', 'initech'] }),
    policy('rest'),
  ];

  it.each<[string, TicketFacts, string]>([
    [
      'team and organisation both match',
      { team: 'billing', organisation: 'acme', labels: [] },
      'billing-acme',
    ],
    [
      'team ids compare case-insensitively',
      { team: 'Billing', organisation: 'ACME', labels: [] },
      'billing-acme',
    ],
    ['one of a list of teams', { team: 'it', organisation: 'acme', labels: [] }, 'support-teams'],
    [
      'the right team but another organisation',
      { team: 'billing', organisation: 'globex', labels: [] },
      'support-teams',
    ],
    ['a ticket with no team is "not team hr"', { organisation: 'globex', labels: [] }, 'not-hr'],
    [
      'an hr ticket of a listed organisation',
      { team: 'hr', organisation: 'initech', labels: [] },
      'big-customers',
    ],
    ['an hr ticket of no organisation falls through', { team: 'hr', labels: [] }, 'rest'],
  ])('%s', (_name, facts, expected) => {
    expect(selectPolicy(policies, facts).policy?.id).toBe(expected);
  });

  it('a team condition never matches a ticket without a team', () => {
    expect(matchesPolicyCondition({ team: ['billing', 'it', 'hr'] }, { labels: ['team: billing'] })).toBe(
      false,
    );
  });
});

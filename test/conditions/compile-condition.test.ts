// One matching semantics: a condition that routing rules and SLA policies both accept gives the same
// answer for the same ticket in both. Routing reads the draft; the SLA policy is chosen as the sweep does,
// from what the issue carries once intake has opened it (the routing decision's labels and the facts
// marker of the body intake writes). Ids, labels, languages and addresses compare case-insensitively
// (GitHub labels are; an id or a language tag written `FR` is still `fr`).
import { describe, expect, it } from 'vitest';
import { conditionKeys, type PolicyCondition } from '../../src/conditions/index.ts';
import { renderIssueBody } from '../../src/intake/render-issue-body.ts';
import { route } from '../../src/routing/route.ts';
import type { Condition, Rules, SlaPolicy } from '../../src/rules/types.ts';
import { selectPolicy } from '../../src/sla/select-policy.ts';
import { indexLabels, ticketFacts } from '../../src/sweep/ticket-facts.ts';
import type { TicketDraft } from '../../src/tickets/types.ts';
import { fixtureRules } from '../routing/fixture-rules.ts';

const now = new Date('2026-11-23T10:00:00Z');
const workload = { openByAgent: {}, lastAssigned: {} };

/** A verified mail from Acme (tier vip), in French, with no label. */
function ticket(change: Partial<TicketDraft> = {}): TicketDraft {
  return {
    channel: 'email',
    subject: "L'imprimante du 3e ne répond plus",
    body: 'Bonjour, depuis ce matin…',
    requester: { name: 'Jeanne Roux', email: 'jeanne@acme.example' },
    language: 'fr',
    fields: {},
    labels: [],
    sender: 'verified',
    ...change,
  };
}

const policy = (id: string, when?: PolicyCondition): SlaPolicy => ({
  id,
  name: { fr: id, en: id },
  ...(when ? { when } : {}),
  calendar: 'paris',
  targets: { firstResponse: '4h' },
  pauseOn: {},
  escalation: [],
});

function matchedByRouting(when: Condition, draft: TicketDraft): boolean {
  const rules = fixtureRules([{ id: 'probe', when, then: { labels: ['probe-matched'] } }]);
  return route(draft, rules, workload, now).matched.includes('probe');
}

function matchedBySlaPolicy(when: PolicyCondition, draft: TicketDraft): boolean {
  const rules: Rules = {
    ...fixtureRules([]),
    sla: { calendars: [], policies: [policy('probe', when), policy('rest')] },
  };
  // Intake: routed, then opened with the decision's labels and a body that starts with the markers.
  const decision = route(draft, rules, workload, now);
  const body = renderIssueBody(draft, { ref: 'RD-AAAA-BBBB', key: 'key', rules, decision });
  const { facts } = ticketFacts(
    decision.labels,
    rules,
    indexLabels(rules),
    { body, author: 'repodesk-bot' },
    ['repodesk-bot'],
  );
  return selectPolicy(rules.sla.policies, facts).policy?.id === 'probe';
}

/** [what, condition (accepted by both files), the ticket, whether it matches]. */
const table: [string, Condition & PolicyCondition, TicketDraft, boolean][] = [
  ['the channel of a mail', { channel: 'email' }, ticket(), true],
  ['a list of other channels', { channel: ['web', 'github'] }, ticket(), false],
  ['a sender our mail server vouched for', { sender: 'verified' }, ticket(), true],
  ['an unverified sender is not verified', { sender: 'verified' }, ticket({ sender: 'unverified' }), false],
  ['nothing checked the sender: unverified', { sender: 'unverified' }, ticket({ sender: undefined }), true],
  ['the organisation of the address domain', { organisation: 'acme' }, ticket(), true],
  ['another organisation', { organisation: 'globex' }, ticket(), false],
  [
    'an organisation given with another case',
    { organisation: 'acme' },
    ticket({ sender: undefined, requester: { name: 'J', email: 'j@mail.example', organisation: 'ACME' } }),
    true,
  ],
  ['the tier of the organisation', { tier: 'vip' }, ticket(), true],
  ['another tier', { tier: 'standard' }, ticket(), false],
  ['an unverified sender gets no tier', { tier: 'vip' }, ticket({ sender: 'unverified' }), false],
  ['the language', { language: 'fr' }, ticket(), true],
  ['a language tag written in capitals', { language: 'fr' }, ticket({ language: 'FR' }), true],
  ['another language', { language: 'en' }, ticket(), false],
  ['the desk default priority', { priority: 'normal' }, ticket(), true],
  ['a priority label', { priority: 'urgent' }, ticket({ labels: ['priority: urgent'] }), true],
  [
    'a priority label in another case',
    { priority: 'urgent' },
    ticket({ labels: ['Priority: Urgent'] }),
    true,
  ],
  ['a type label', { type: 'incident' }, ticket({ labels: ['type: incident'] }), true],
  ['a type label in another case', { type: 'incident' }, ticket({ labels: ['Type: Incident'] }), true],
  ['another type', { type: ['question', 'problem'] }, ticket({ labels: ['type: incident'] }), false],
  ['a label', { label: 'vip' }, ticket({ labels: ['vip'] }), true],
  ['a label in another case', { label: 'vip' }, ticket({ labels: ['VIP'] }), true],
  ['a label the ticket does not have', { label: ['vip', 'press'] }, ticket({ labels: ['billing'] }), false],
  ['all: both hold', { all: [{ channel: 'email' }, { label: 'vip' }] }, ticket({ labels: ['VIP'] }), true],
  ['all: one fails', { all: [{ channel: 'web' }, { tier: 'vip' }] }, ticket(), false],
  ['any: one holds', { any: [{ channel: 'web' }, { tier: 'vip' }] }, ticket(), true],
  ['any: none holds', { any: [{ channel: 'web' }, { label: 'press' }] }, ticket(), false],
  ['not: a label in another case', { not: { label: 'vip' } }, ticket({ labels: ['VIP'] }), false],
  ['not: another organisation', { not: { organisation: 'globex' } }, ticket(), true],
];

describe('routing and SLA policies give a condition the same answer', () => {
  it.each(table)('%s', (_what, condition, draft, expected) => {
    expect({
      routing: matchedByRouting(condition, draft),
      sla: matchedBySlaPolicy(condition, draft),
    }).toEqual({ routing: expected, sla: expected });
  });

  it('every key both files accept has a row (a new key gets one)', () => {
    const used = new Set<string>();
    const collect = (condition: object) => {
      for (const [key, value] of Object.entries(condition)) {
        used.add(key);
        if (key === 'all' || key === 'any') (value as object[]).forEach(collect);
        if (key === 'not') collect(value as object);
      }
    };
    for (const [, condition] of table) collect(condition);
    const shared = conditionKeys.filter((entry) => entry.grammars.length === 2).map((entry) => entry.key);
    expect(shared.filter((key) => !used.has(key))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { compileRouting } from '../../src/routing/compile-routing.ts';
import { route } from '../../src/routing/route.ts';
import type { Condition, RoutingRule } from '../../src/rules/types.ts';
import type { TicketDraft } from '../../src/tickets/types.ts';
import { fixtureRules, monday, noWorkload } from './fixture-rules.ts';

const base: TicketDraft = {
  channel: 'web',
  form: 'incident',
  subject: 'Connexion impossible',
  body: 'Depuis ce matin je suis BLOQUE devant la page de connexion.',
  requester: { name: 'Zoé Martin', email: 'zoe@acme.example' },
  language: 'fr',
  fields: { impact: 'Mon équipe', devices: ['Ordinateur', 'Téléphone'] },
  labels: [],
};

function draft(overrides: Partial<TicketDraft> = {}): TicketDraft {
  return { ...base, ...overrides, requester: { ...base.requester, ...overrides.requester } };
}

function single(when: Condition, extra: Partial<RoutingRule> = {}): RoutingRule[] {
  return [{ id: 'r', when, then: { labels: ['hit'] }, ...extra }];
}

describe('conditions', () => {
  it.each<[string, Condition, Partial<TicketDraft>, string]>([
    ['channel', { channel: 'web' }, {}, 'rule r: channel "web" matched → labels +hit'],
    [
      'channel',
      { channel: ['email', 'github'] },
      {},
      'rule r: skipped: channel "web" is not one of "email", "github"',
    ],
    ['form', { form: 'incident' }, {}, 'rule r: form "incident" matched → labels +hit'],
    [
      'form',
      { form: 'question-facturation' },
      {},
      'rule r: skipped: form "incident" is not "question-facturation"',
    ],
    [
      'form',
      { form: 'incident' },
      { channel: 'email', form: undefined },
      'rule r: skipped: no form (channel email) is not "incident"',
    ],
    [
      'subject contains',
      { subject: { contains: ['connexion'] } },
      {},
      'rule r: subject contains "connexion" → labels +hit',
    ],
    // Accent- and case-insensitive: « bloqué » matches "BLOQUE".
    ['body contains', { body: { contains: ['bloqué'] } }, {}, 'rule r: body contains "bloqué" → labels +hit'],
    [
      'body contains',
      { body: { contains: ['ÉCOLE'] } },
      { body: 'mon ecole' },
      'rule r: body contains "ÉCOLE" → labels +hit',
    ],
    [
      'ligature',
      { body: { contains: ['coeur'] } },
      { body: 'au cœur du problème' },
      'rule r: body contains "coeur" → labels +hit',
    ],
    // Whole words only: "down" is not found in "download".
    [
      'whole word',
      { body: { contains: ['down'] } },
      { body: 'the download fails' },
      'rule r: skipped: body contains none of "down"',
    ],
    [
      'phrase',
      { text: { contains: ['service down'] } },
      { body: 'Our SERVICE is... down?' },
      'rule r: skipped: text contains none of "service down"',
    ],
    [
      'phrase',
      { text: { contains: ['service down'] } },
      { body: 'the service, down since 9' },
      'rule r: text contains "service down" → labels +hit',
    ],
    [
      'text covers the subject',
      { text: { contains: ['impossible'] } },
      {},
      'rule r: text contains "impossible" → labels +hit',
    ],
    [
      'subject ignores the body',
      { subject: { contains: ['bloqué'] } },
      {},
      'rule r: skipped: subject contains none of "bloqué"',
    ],
    ['matches', { body: { matches: 'page de co' } }, {}, 'rule r: body matches /page de co/i → labels +hit'],
    [
      'matches is case-insensitive',
      { subject: { matches: '^CONNEXION' } },
      {},
      'rule r: subject matches /^CONNEXION/i → labels +hit',
    ],
    [
      'matches fails',
      { subject: { matches: '^vpn' } },
      {},
      'rule r: skipped: subject does not match /^vpn/i',
    ],
    [
      'contains or matches',
      { body: { contains: ['nope'], matches: 'CMD-\\d+' } },
      { body: 'commande CMD-123' },
      'rule r: body matches /CMD-\\d+/i → labels +hit',
    ],
    [
      'requester email',
      { requester: { email: 'ZOE@acme.example' } },
      {},
      'rule r: requester email is "ZOE@acme.example" → labels +hit',
    ],
    [
      'requester domain',
      { requester: { domain: 'acme.example' } },
      { requester: { name: 'Z', email: 'zoe@it.acme.example' } },
      'rule r: requester domain "it.acme.example" matched "acme.example" → labels +hit',
    ],
    [
      'requester email or domain',
      { requester: { email: 'boss@globex.example', domain: ['globex.example'] } },
      {},
      'rule r: skipped: requester email is not "boss@globex.example" and domain "acme.example" is not "globex.example"',
    ],
    [
      'organisation by domain',
      { organisation: 'acme' },
      {},
      'rule r: organisation "acme" matched (organisation acme via domain acme.example) → labels +hit',
    ],
    [
      'organisation given',
      { organisation: 'globex' },
      { requester: { name: 'Z', email: 'z@gmail.example', organisation: 'globex' } },
      'rule r: organisation "globex" matched (organisation globex (given)) → labels +hit',
    ],
    [
      'organisation unknown',
      { organisation: 'acme' },
      { requester: { name: 'Z', email: 'z@gmail.example' } },
      'rule r: skipped: organisation: no organisation for domain gmail.example, not "acme"',
    ],
    [
      'tier',
      { tier: 'vip' },
      {},
      'rule r: tier "vip" matched (organisation acme via domain acme.example) → labels +hit',
    ],
    [
      'tier',
      { tier: ['vip'] },
      { requester: { name: 'Z', email: 'z@globex.co.example' } },
      'rule r: skipped: tier "standard" is not "vip" (organisation globex via domain globex.co.example)',
    ],
    ['language', { language: ['en'] }, {}, 'rule r: skipped: language "fr" is not "en"'],
    [
      'field equals',
      { field: { id: 'impact', equals: 'mon equipe' } },
      {},
      'rule r: field impact equals "mon equipe" → labels +hit',
    ],
    [
      'field equals, list answer',
      { field: { id: 'devices', equals: ['Téléphone'] } },
      {},
      'rule r: field devices equals "Téléphone" → labels +hit',
    ],
    [
      'field contains',
      { field: { id: 'impact', contains: ['équipe'] } },
      {},
      'rule r: field impact contains "équipe" → labels +hit',
    ],
    [
      'field matches',
      { field: { id: 'devices', matches: '^tel' } },
      {},
      'rule r: skipped: field devices does not match /^tel/i',
    ],
    [
      'field without answer',
      { field: { id: 'invoice', equals: 'F-1' } },
      {},
      'rule r: skipped: field invoice has no answer',
    ],
    [
      'priority default',
      { priority: 'normal' },
      {},
      'rule r: priority "normal" matched (desk default) → labels +hit',
    ],
    [
      'priority from label',
      { priority: 'normal' },
      { labels: ['priority: high'] },
      'rule r: skipped: priority "high" (label "priority: high") is not "normal"',
    ],
    [
      'type from form',
      { type: 'incident' },
      {},
      'rule r: type "incident" matched (form incident) → labels +hit',
    ],
    [
      'label from form',
      { label: 'type: incident' },
      {},
      'rule r: label "type: incident" is set → labels +hit',
    ],
    ['label', { label: ['recurrent'] }, {}, 'rule r: skipped: no label "recurrent" so far'],
    [
      'all',
      { all: [{ channel: 'web' }, { tier: 'vip' }] },
      {},
      'rule r: channel "web" matched and tier "vip" matched (organisation acme via domain acme.example) → labels +hit',
    ],
    [
      'all fails on the first failure',
      { all: [{ channel: 'web' }, { language: 'en' }] },
      {},
      'rule r: skipped: language "fr" is not "en"',
    ],
    [
      'any',
      { any: [{ language: 'en' }, { channel: 'web' }] },
      {},
      'rule r: channel "web" matched → labels +hit',
    ],
    [
      'any fails',
      { any: [{ language: 'en' }, { channel: 'email' }] },
      {},
      'rule r: skipped: none of: language "fr" is not "en"; channel "web" is not "email"',
    ],
    ['not', { not: { channel: 'email' } }, {}, 'rule r: not (channel "web" is not "email") → labels +hit'],
    [
      'not fails',
      { not: { tier: 'vip' } },
      {},
      'rule r: skipped: not (tier "vip" matched (organisation acme via domain acme.example))',
    ],
  ])('%s: %j on the draft gives the trace line %j', (_kind, when, overrides, line) => {
    const decision = route(draft(overrides), fixtureRules(single(when)), noWorkload, monday);
    expect(decision.trace[0]).toBe(line);
    expect(decision.matched).toEqual(line.includes('skipped') ? [] : ['r']);
    expect(decision.labels.includes('hit')).toBe(!line.includes('skipped'));
  });

  it('a rule without conditions always matches', () => {
    const decision = route(
      draft(),
      fixtureRules([{ id: 'always', then: { labels: ['x'] } }]),
      noWorkload,
      monday,
    );
    expect(decision.trace[0]).toBe('rule always: no conditions, always matches → labels +x');
  });

  it('priority and label conditions see the values set by earlier rules', () => {
    const decision = route(
      draft(),
      fixtureRules([
        { id: 'raise', when: { channel: 'web' }, then: { priority: 'high', labels: ['raised'] } },
        {
          id: 'on-high',
          when: { all: [{ priority: 'high' }, { label: 'raised' }] },
          then: { tags: ['hot'] },
        },
      ]),
      noWorkload,
      monday,
    );
    expect(decision.matched).toEqual(['raise', 'on-high']);
    expect(decision.trace[1]).toBe(
      'rule on-high: priority "high" matched (rule raise) and label "raised" is set → tags +hot',
    );
  });
});

describe('actions', () => {
  const rules = fixtureRules();

  it('labels and tags accumulate, later rules override priority, type and team, defaults fill the rest', () => {
    const decision = route(
      draft({ form: 'question-facturation', body: 'Je suis bloqué: mon VPN refuse la facture', fields: {} }),
      rules,
      noWorkload,
      monday,
    );
    expect(decision.matched).toEqual(['urgent-words', 'vip-first', 'billing-form', 'vpn', 'catch-all']);
    expect(decision.priority).toBe('urgent');
    expect(decision.type).toBe('question');
    expect(decision.team).toBe('it');
    expect(decision.labels).toEqual([
      'status: new',
      'priority: urgent',
      'type: question',
      'team: it',
      'form: facturation',
      'urgent-words',
      'client: vip',
      'billing',
      'triage',
    ]);
    expect(decision.tags).toEqual(['vip', 'vpn']);
    expect(decision.replies).toEqual(['billing-ack']);
    expect(decision.organisation).toBe('acme');
    expect(decision.tier).toBe('vip');
  });

  it('stop ends evaluation and says how many rules were left', () => {
    const decision = route(
      draft({
        channel: 'email',
        form: undefined,
        subject: 'Out of Office: back monday',
        body: '',
        fields: {},
      }),
      rules,
      noWorkload,
      monday,
    );
    expect(decision.matched).toEqual(['vip-first', 'autoreply']);
    expect(decision.priority).toBe('low');
    expect(decision.assignees).toEqual([]);
    expect(decision.trace).toEqual([
      'rule urgent-words: skipped: text contains none of "bloqué", "service down"',
      'rule vip-first: tier "vip" matched (organisation acme via domain acme.example) → labels +client: vip, tags +vip, priority urgent',
      'rule billing-form: skipped: no form (channel email) is not "question-facturation"',
      'rule vpn: skipped: none of: text does not match /\\bvpn\\b/i; field application has no answer',
      'rule autoreply: channel "email" matched and subject contains "out of office" → labels +auto-reply, priority low, assign none, stop',
      'rule autoreply stops evaluation: 1 later rule not evaluated',
      'result: priority "low" (rule autoreply), type "question" (desk default), team "billing" (default team of organisation acme)',
      'assign none (rule autoreply): nobody assigned',
    ]);
    expect(decision.labels).toEqual([
      'status: new',
      'priority: low',
      'type: question',
      'team: billing',
      'client: vip',
      'auto-reply',
    ]);
  });

  it('with no rule and no organisation default, the desk defaults apply and nobody is assigned', () => {
    const decision = route(
      draft({ form: undefined, channel: 'email', requester: { name: 'X', email: 'x@gmail.example' } }),
      fixtureRules([]),
      noWorkload,
      monday,
    );
    expect(decision).toMatchObject({ priority: 'normal', type: 'question', assignees: [], matched: [] });
    expect(decision.team).toBeUndefined();
    expect(decision.labels).toEqual(['status: new', 'priority: normal', 'type: question']);
    expect(decision.trace).toEqual([
      'result: priority "normal" (desk default), type "question" (desk default), no team (no rule set one and no organisation default)',
      'assign: no team, nobody assigned',
    ]);
  });

  it('explicit assignees win over a strategy and are not checked for availability', () => {
    const decision = route(
      draft(),
      fixtureRules([{ id: 'to-erin', then: { team: 'support', assignees: ['erin'] } }]),
      noWorkload,
      monday,
    );
    expect(decision.assignees).toEqual(['erin']);
    expect(decision.trace.at(-1)).toBe('assignees erin (rule to-erin)');
  });

  it('a later strategy replaces earlier explicit assignees, and later assignees replace a strategy', () => {
    const strategyLast = route(
      draft(),
      fixtureRules([
        { id: 'explicit', then: { team: 'support', assignees: ['erin'] } },
        { id: 'strategy', then: { assign: 'round-robin' } },
      ]),
      noWorkload,
      monday,
    );
    expect(strategyLast.assignees).toEqual(['alice']);
    const explicitLast = route(
      draft(),
      fixtureRules([
        { id: 'strategy', then: { team: 'support', assign: 'least-open' } },
        { id: 'explicit', then: { assignees: ['dan', 'dan'] } },
      ]),
      noWorkload,
      monday,
    );
    expect(explicitLast.assignees).toEqual(['dan']);
    expect(explicitLast.lastAssigned).toEqual({});
  });

  it('a team member missing from the agents list is skipped with the reason', () => {
    const rules = fixtureRules([{ id: 'it', then: { team: 'support', assign: 'round-robin' } }]);
    const support = rules.teams.teams.find((team) => team.id === 'support')!;
    support.members = ['ghost', ...support.members];
    const decision = route(draft(), rules, noWorkload, monday);
    expect(decision.assignees).toEqual(['alice']);
    expect(decision.trace.at(-1)).toBe(
      'assign round-robin in team support: alice (first in the team); skipped ghost not among the agents of teams.yaml',
    );
  });

  it('a form label for a priority or type is replaced by the final one, never doubled', () => {
    const decision = route(
      draft(),
      fixtureRules([{ id: 't', then: { type: 'problem' } }]),
      noWorkload,
      monday,
    );
    expect(decision.labels.filter((label) => label.startsWith('type: '))).toEqual(['type: problem']);
  });

  it('a compiled rule set gives the same decision as the raw rules', () => {
    const compiled = compileRouting(rules);
    expect(route(draft(), compiled, noWorkload, monday)).toEqual(route(draft(), rules, noWorkload, monday));
  });

  it('an invalid regular expression is reported with the rule that holds it', () => {
    expect(() => compileRouting(fixtureRules(single({ body: { matches: '(' } })))).toThrow(
      'rules/routing.yaml rules[0] (r).when.body: invalid regular expression "(": Unterminated group',
    );
    expect(() => compileRouting(fixtureRules(single({ body: { matches: '(a)\\1' } })))).toThrow(
      'rules/routing.yaml rules[0] (r).when.body: regular expression "(a)\\\\1": backreferences',
    );
  });
});

// The shipped rules/ folder is the template users start from: its routing must show every condition
// and action kind at work (issue 2), and the rules that do so must route real requests as described.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { route } from '../../src/routing/route.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import { conditionSchema } from '../../src/conditions/condition-schema.ts';
import type { Condition, Rules } from '../../src/rules/types.ts';
import { assignmentStrategies } from '../../src/rules/types.ts';
import type { TicketDraft } from '../../src/tickets/types.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Monday 2026-11-23, 11:00 in Paris. */
const monday = new Date('2026-11-23T10:00:00Z');
let rules: Rules;

beforeAll(async () => {
  const loaded = await loadRules(root, { now: monday });
  expect(loaded.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  rules = loaded.rules!;
});

/** `subject.matches`, `field.contains`, `all`…: every kind of condition a `when` uses. */
function conditionKinds(condition: Condition, out: Set<string>): Set<string> {
  for (const [key, value] of Object.entries(condition)) {
    out.add(key);
    if (key === 'all' || key === 'any') for (const item of value as Condition[]) conditionKinds(item, out);
    else if (key === 'not') conditionKinds(value as Condition, out);
    else if (value && typeof value === 'object' && !Array.isArray(value))
      for (const part of Object.keys(value)) out.add(`${key}.${part}`);
  }
  return out;
}

/** The kinds the schema offers, sub-keys included (`field.id` is how a field is named, not a kind). */
function schemaKinds(): string[] {
  const kinds: string[] = [];
  for (const [key, node] of Object.entries(conditionSchema('routing').properties)) {
    kinds.push(key);
    const parts = (node as { properties?: Record<string, unknown> }).properties;
    for (const part of Object.keys(parts ?? {}))
      if (`${key}.${part}` !== 'field.id') kinds.push(`${key}.${part}`);
  }
  return kinds.sort();
}

describe('the shipped routing rules', () => {
  it('use every condition kind of the schema', () => {
    const used = new Set<string>();
    for (const rule of rules.routing.rules) if (rule.when) conditionKinds(rule.when, used);
    used.delete('field.id');
    expect([...used].sort()).toEqual(schemaKinds());
  });

  it('use every action, every assignment strategy, and both an explicit stop and an explicit go-on', async () => {
    // As written in the file (defaults not filled), to see an explicit `stop: false`.
    const written = parse(await readFile(`${root}rules/routing.yaml`, 'utf8')) as {
      rules: { then: Record<string, unknown> }[];
    };
    const actions = new Set(written.rules.flatMap((rule) => Object.keys(rule.then)));
    expect([...actions].sort()).toEqual(
      ['assign', 'assignees', 'labels', 'priority', 'reply', 'stop', 'tags', 'team', 'type'].sort(),
    );
    const stops = new Set(written.rules.map((rule) => rule.then.stop).filter((stop) => stop !== undefined));
    expect(stops).toEqual(new Set([true, false]));
    const strategies = new Set(written.rules.map((rule) => rule.then.assign).filter(Boolean));
    expect([...strategies].sort()).toEqual([...assignmentStrategies].sort());
  });
});

const workload = { openByAgent: {}, lastAssigned: {} };

function draft(overrides: Partial<TicketDraft>): TicketDraft {
  return {
    channel: 'email',
    subject: 'Demande',
    body: 'Bonjour',
    requester: { name: 'Nora Vidal', email: 'nora.vidal@lefevre-avocats.example' },
    language: 'fr',
    fields: {},
    labels: [],
    ...overrides,
  };
}

describe('the rules that use the less common conditions', () => {
  it("a client's own ticket reference in the subject (subject.matches) is flagged, and routing goes on", () => {
    const decision = route(
      draft({ subject: '[INC0012345] Livraison incomplète', body: 'Il manque un carton.' }),
      rules,
      workload,
      monday,
    );
    expect(decision.labels).toContain('reference-client');
    expect(decision.matched).toEqual(['reference-outil-client', 'retours-et-commandes']);
    expect(decision.team).toBe('support-client');
  });

  it('a reference with too few digits is not one', () => {
    const decision = route(draft({ subject: 'INC12345 livraison' }), rules, workload, monday);
    expect(decision.labels).not.toContain('reference-client');
  });

  it('an access request for a new starter (field.contains) is raised to high priority', () => {
    const decision = route(
      draft({
        channel: 'web',
        form: 'demande-acces',
        requester: { name: 'Léa Roy', email: 'lea.roy@cassiopee.example' },
        fields: { justification: 'Nouvelle arrivante le 1er décembre au service comptable' },
      }),
      rules,
      workload,
      monday,
    );
    expect(decision).toMatchObject({ priority: 'high', team: 'informatique' });
    expect(decision.labels).toContain('arrivee');
    expect(decision.matched).toContain('nouvel-arrivant');
  });

  it('the same words in another field of the form do not count', () => {
    const decision = route(
      draft({
        channel: 'web',
        form: 'demande-acces',
        requester: { name: 'Léa Roy', email: 'lea.roy@cassiopee.example' },
        fields: { objet: 'Accès SAP pour une nouvelle arrivante', justification: 'Remplacement' },
      }),
      rules,
      workload,
      monday,
    );
    expect(decision.matched).not.toContain('nouvel-arrivant');
  });

  it('a personal-data request in the body (body.contains) is flagged for the DPO and still routed (stop: false)', () => {
    const decision = route(
      draft({
        subject: 'Ma demande',
        body: 'Au titre du RGPD, je demande la suppression de mes données de votre fichier clients.',
      }),
      rules,
      workload,
      monday,
    );
    expect(decision).toMatchObject({ priority: 'high', team: 'support-client' });
    expect(decision.labels).toEqual(expect.arrayContaining(['rgpd', 'a-trier']));
    expect(decision.matched).toEqual(['donnees-personnelles', 'tout-le-reste']);
  });

  it('the same words in the subject alone are not a personal-data request', () => {
    const decision = route(
      draft({ subject: 'RGPD', body: 'Question sur ma commande' }),
      rules,
      workload,
      monday,
    );
    expect(decision.labels).not.toContain('rgpd');
  });
});

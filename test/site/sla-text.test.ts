// The response-times page's words for a policy's condition, from the repository's own rules: what a
// customer reads in the "applies to" column.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ui } from '../../site/i18n/index.ts';
import { conditionText, durationText, type ConditionNames } from '../../site/lib/sla-text.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import type { Rules } from '../../src/rules/types.ts';

const repo = path.resolve(import.meta.dirname, '../..');
let rules: Rules;
let names: ConditionNames;

beforeAll(async () => {
  const loaded = await loadRules(repo, { now: new Date('2026-11-02T10:00:00Z') });
  if (!loaded.rules) throw new Error(loaded.problems.map((problem) => problem.message).join('\n'));
  rules = loaded.rules;
  names = { desk: rules.desk, teams: rules.teams.teams };
});

const policy = (id: string) => rules.sla.policies.find((entry) => entry.id === id)!;

describe('conditionText', () => {
  it.each([
    ['fr', 'équipe Ressources humaines'],
    ['en', 'team Human resources'],
  ])('a policy for a team names the team from rules/teams.yaml, not its id (%s)', (lang, text) => {
    expect(conditionText(policy('rh').when, names, lang, ui(lang).sla)).toBe(text);
  });

  it('several teams, a team inside all/not, and an id no team has', () => {
    const t = ui('fr').sla;
    expect(conditionText({ team: ['rh', 'facturation'] }, names, 'fr', t)).toBe(
      'équipe Ressources humaines ou Facturation',
    );
    expect(
      conditionText({ all: [{ priority: 'urgent' }, { not: { team: 'informatique' } }] }, names, 'fr', t),
    ).toBe('priorité Urgente et sauf équipe Informatique');
    expect(conditionText({ team: 'inconnue' }, names, 'fr', t)).toBe('équipe inconnue');
  });

  it('a name missing in the page language falls back to the first language written', () => {
    const onlyFrench = { desk: rules.desk, teams: [{ id: 'paie', name: { fr: 'Paie' } }] };
    expect(conditionText({ team: 'paie' }, onlyFrench, 'en', ui('en').sla)).toBe('team Paie');
  });

  it('durations read in hours and minutes', () => {
    expect(durationText('90h', 'fr')).toBe('90 h');
    expect(durationText('1h30m', 'en')).toBe('1 h 30 min');
  });
});

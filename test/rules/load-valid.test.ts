import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/load-rules.ts';
import { deskFixture } from '../support/desk-fixture.ts';

const now = new Date('2026-11-22T12:00:00Z');

describe('loading a valid root', () => {
  it('returns the rules, every article and no problem', async () => {
    const result = await loadRules(deskFixture('valid'), { now });
    expect(result.problems).toEqual([]);
    expect(result.articles).toHaveLength(11);
    expect(Object.keys(result.rules!.forms).sort()).toEqual(['incident', 'invoice-question']);
    expect(Object.keys(result.rules!.replies['invoice-received']!).sort()).toEqual(['en', 'fr']);
  });

  it('fills defaults the files leave out', async () => {
    const { rules } = await loadRules(deskFixture('valid'), { now });
    const hugo = rules!.teams.agents.find((agent) => agent.login === 'hugo-bernard')!;
    expect(hugo.skills).toEqual([]);
    expect(hugo.capacity).toBe(20);
    expect(hugo.outOfOffice).toEqual([]);
    expect(rules!.teams.teams[1]!.assignment).toBe('round-robin');
    expect(rules!.replies['invoice-received']!.fr!.id).toBe('invoice-received');
  });

  it('merges YAML anchors and drops the free x- keys', async () => {
    const { rules } = await loadRules(deskFixture('yaml-anchors'), { now });
    expect(Object.keys(rules!.teams)).toEqual(['agents', 'teams']);
    expect(rules!.teams.agents.map((agent) => [agent.login, agent.timezone, agent.languages])).toEqual([
      ['camille', 'Europe/Paris', ['fr', 'en']],
      ['hugo', 'Europe/Paris', ['fr']],
    ]);
  });

  it('merges the holidays of the calendar ICS file into its holidays', async () => {
    const { rules } = await loadRules(deskFixture('valid'), { now });
    const paris = rules!.sla.calendars.find((calendar) => calendar.id === 'paris')!;
    expect(paris.holidays!.map((holiday) => holiday.date)).toEqual([
      '2026-12-25',
      '2027-01-01',
      '2027-05-05',
      '2027-07-14',
    ]);
  });
});

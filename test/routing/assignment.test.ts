import { describe, expect, it } from 'vitest';
import { agentAvailability, parseHours } from '../../src/routing/agent-availability.ts';
import { route, type Workload } from '../../src/routing/route.ts';
import type { Agent, AssignmentStrategy, RoutingRule } from '../../src/rules/types.ts';
import type { TicketDraft } from '../../src/tickets/types.ts';
import { fixtureRules, monday } from './fixture-rules.ts';

const ticket: TicketDraft = {
  channel: 'email',
  subject: 'Question',
  body: 'Bonjour',
  requester: { name: 'Zoé', email: 'zoe@gmail.example' },
  language: 'fr',
  fields: {},
  labels: [],
};

function assignIn(team: string, assign?: AssignmentStrategy, tags: string[] = []): RoutingRule[] {
  return [{ id: 'pick', then: { team, tags, ...(assign ? { assign } : {}) } }];
}

function workload(
  openByAgent: Record<string, number> = {},
  lastAssigned: Record<string, string> = {},
): Workload {
  return { openByAgent, lastAssigned };
}

const sunday = new Date('2026-11-22T10:00:00Z');

describe('assignment strategies', () => {
  it.each<[string, RoutingRule[], Workload, Date, string[], string]>([
    [
      'round-robin starts with the first member',
      assignIn('support', 'round-robin'),
      workload(),
      monday,
      ['alice'],
      'assign round-robin in team support: alice (first in the team)',
    ],
    [
      'round-robin takes the next after the last assigned',
      assignIn('support', 'round-robin'),
      workload({}, { support: 'alice' }),
      monday,
      ['bob'],
      'assign round-robin in team support: bob (next after alice)',
    ],
    [
      'round-robin wraps around',
      assignIn('support', 'round-robin'),
      workload({}, { support: 'carol' }),
      monday,
      ['alice'],
      'assign round-robin in team support: alice (next after carol)',
    ],
    [
      'round-robin skips an agent at capacity',
      assignIn('support', 'round-robin'),
      workload({ bob: 10 }, { support: 'alice' }),
      monday,
      ['carol'],
      'assign round-robin in team support: carol (next after alice); skipped bob at capacity (10 of 10 open)',
    ],
    [
      'round-robin restarts when the last one left the team',
      assignIn('support', 'round-robin'),
      workload({}, { support: 'zed' }),
      monday,
      ['alice'],
      'assign round-robin in team support: alice (first in the team; zed, assigned last, is no longer a member)',
    ],
    [
      'least-open picks the fewest open tickets, ties in member order',
      assignIn('support', 'least-open'),
      workload({ alice: 3, bob: 1, carol: 1 }),
      monday,
      ['bob'],
      'assign least-open in team support: bob (1 open, the fewest)',
    ],
    [
      'the team default strategy applies when the rule names none; away and off-duty agents are skipped',
      assignIn('billing'),
      workload({ bob: 4 }),
      monday,
      ['bob'],
      'assign least-open in team billing: bob (4 open, the fewest); skipped dan outside working hours (Mon 05:00 America/Montreal), erin out of office (2026-11-20 to 2026-11-23)',
    ],
    [
      'skills picks the agent whose skills meet the tags',
      assignIn('it', 'skills', ['mfa']),
      workload({ carol: 9 }),
      monday,
      ['carol'],
      'assign skills in team it: carol (skills mfa); skipped frank does not speak fr',
    ],
    [
      'skills breaks a tie by open tickets',
      assignIn('it', 'skills', ['vpn']),
      workload({ alice: 5, carol: 2 }),
      monday,
      ['carol'],
      'assign skills in team it: carol (skills vpn; tie broken by open tickets (2)); skipped frank does not speak fr',
    ],
    [
      'skills prefers more shared skills',
      assignIn('it', 'skills', ['VPN', 'mfa']),
      workload({ carol: 9 }),
      monday,
      ['carol'],
      'assign skills in team it: carol (skills vpn, mfa); skipped frank does not speak fr',
    ],
    [
      'skills without any match falls back to the fewest open',
      assignIn('it', 'skills', ['payroll']),
      workload({ frank: 2, alice: 1, carol: 1 }),
      monday,
      ['alice'],
      'assign skills in team it: alice (no available agent has a skill among tags payroll; 1 open, the fewest); skipped frank does not speak fr',
    ],
    [
      'nobody available: no assignee and every reason',
      assignIn('billing'),
      workload(),
      sunday,
      [],
      'assign least-open in team billing: nobody available: dan outside working hours (Sun 05:00 America/Montreal), erin out of office (2026-11-20 to 2026-11-23), bob outside working hours (Sun 11:00 Europe/Paris)',
    ],
    [
      'a team without members',
      assignIn('empty', 'round-robin'),
      workload(),
      monday,
      [],
      'assign round-robin in team empty: nobody assigned: the team has no members',
    ],
    [
      'assign none',
      assignIn('support', 'none'),
      workload(),
      monday,
      [],
      'assign none (rule pick): nobody assigned',
    ],
  ])('%s', (_name, rules, state, now, assignees, line) => {
    const decision = route(ticket, fixtureRules(rules), state, now);
    expect(decision.assignees).toEqual(assignees);
    expect(decision.trace.at(-1)).toBe(line);
  });

  it.each<[string, string, RoutingRule[], Workload, string[], string]>([
    [
      'an English ticket skips the French-only agent',
      'en',
      assignIn('support', 'round-robin'),
      workload(),
      ['bob'],
      'assign round-robin in team support: bob (first in the team); skipped alice does not speak en',
    ],
    [
      'the language is checked after availability: the speaker at capacity leaves the other speaker',
      'en',
      assignIn('support', 'least-open'),
      workload({ bob: 10 }),
      ['carol'],
      'assign least-open in team support: carol (0 open, the fewest); skipped bob at capacity (10 of 10 open), alice does not speak en',
    ],
    [
      'a language nobody on duty speaks: picked regardless, and the trace says so',
      'de',
      assignIn('support', 'round-robin'),
      workload(),
      ['alice'],
      'assign round-robin in team support: alice (first in the team); no available agent speaks de: picked regardless of language',
    ],
    [
      'languages compare without case',
      'EN',
      assignIn('it', 'skills', ['vpn']),
      workload(),
      ['carol'],
      'assign skills in team it: carol (skills vpn); skipped alice does not speak EN',
    ],
  ])('%s', (_name, language, rules, state, assignees, line) => {
    const decision = route({ ...ticket, language }, fixtureRules(rules), state, monday);
    expect(decision.assignees).toEqual(assignees);
    expect(decision.trace.at(-1)).toBe(line);
  });

  it('returns the round-robin state to store, and nothing when nobody was picked', () => {
    const picked = route(
      ticket,
      fixtureRules(assignIn('support', 'round-robin')),
      workload({}, { support: 'alice' }),
      monday,
    );
    expect(picked.lastAssigned).toEqual({ support: 'bob' });
    const nobody = route(ticket, fixtureRules(assignIn('billing')), workload(), sunday);
    expect(nobody.lastAssigned).toEqual({});
  });

  it('an organisation default team is assigned with that team default strategy', () => {
    const decision = route(
      { ...ticket, requester: { name: 'Z', email: 'z@acme.example' } },
      fixtureRules([]),
      workload(),
      monday,
    );
    expect(decision.team).toBe('billing');
    expect(decision.assignees).toEqual(['bob']);
  });
});

describe('agentAvailability', () => {
  const frank: Agent = {
    login: 'frank',
    name: 'Frank',
    skills: [],
    capacity: 2,
    timezone: 'Asia/Tokyo',
    workingHours: { mon: ['18:00-24:00'], tue: ['00:00-02:00'] },
    outOfOffice: [{ from: '2026-11-16', to: '2026-11-23' }],
    languages: ['en'],
  };
  const hours = parseHours(frank.workingHours);

  it.each([
    // Monday 19:00 in Tokyo: still out of office there.
    ['2026-11-23T10:00:00Z', 0, { available: false, reason: 'out of office (2026-11-16 to 2026-11-23)' }],
    // Tuesday 01:00 in Tokyo while still Monday in UTC: back from leave, inside the shift that crossed midnight.
    ['2026-11-23T16:00:00Z', 0, { available: true }],
    ['2026-11-23T16:00:00Z', 2, { available: false, reason: 'at capacity (2 of 2 open)' }],
    // Tuesday 03:00 in Tokyo: the overnight shift ended at 02:00.
    ['2026-11-23T18:00:00Z', 0, { available: false, reason: 'outside working hours (Tue 03:00 Asia/Tokyo)' }],
    // Monday 18:00 in Tokyo a week later: the first minute of the shift.
    ['2026-11-30T09:00:00Z', 1, { available: true }],
    ['2026-11-30T08:59:00Z', 1, { available: false, reason: 'outside working hours (Mon 17:59 Asia/Tokyo)' }],
  ])('at %s with %i open tickets: %j', (now, open, expected) => {
    expect(agentAvailability(frank, hours, open, new Date(now))).toEqual(expected);
  });

  it('an agent whose timezone does not exist is never picked, and the reason says so', () => {
    expect(agentAvailability({ ...frank, timezone: 'Mars/Olympus' }, hours, 0, monday)).toEqual({
      available: false,
      reason: 'unknown timezone "Mars/Olympus"',
    });
  });
});

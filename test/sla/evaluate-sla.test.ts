import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { evaluateSla } from '../../src/sla/evaluate-sla.ts';
import { selectPolicy, type TicketFacts } from '../../src/sla/select-policy.ts';
import { calendarById, engineFixture, policyById } from './load-fixture.ts';
import { ticketHistory } from './ticket-builder.ts';

const hour = 3_600_000;
const statuses = engineFixture.statuses;
// Monday 2026-11-23 09:00 Paris.
const created = '2026-11-23T08:00:00Z';
const labels = ['status: new', 'priority: normal'];

function evaluate(
  history: ReturnType<typeof ticketHistory>,
  now: string,
  policyId = 'standard',
  calendarId = 'paris',
) {
  return evaluateSla(history, policyById(policyId), calendarById(calendarId), now, statuses);
}

describe('first response', () => {
  it.each([
    [
      'half the target used is ok',
      [],
      '2026-11-23T10:00:00Z',
      'ok',
      2 * hour,
      '2026-11-23T12:00:00.000Z',
      undefined,
    ],
    ['75% used is at risk', [], '2026-11-23T11:00:00Z', 'at-risk', hour, '2026-11-23T12:00:00.000Z', 75],
    [
      'past the due time is breached',
      [],
      '2026-11-23T13:00:00Z',
      'breached',
      -hour,
      '2026-11-23T12:00:00.000Z',
      100,
    ],
    [
      'an internal note does not stop the clock',
      [['note', '2026-11-23T09:00:00Z']],
      '2026-11-23T10:00:00Z',
      'ok',
      2 * hour,
      '2026-11-23T12:00:00.000Z',
      undefined,
    ],
    [
      'an agent public reply within the target meets it',
      [['reply', '2026-11-23T10:30:00Z']],
      '2026-11-23T15:00:00Z',
      'met',
      1.5 * hour,
      '2026-11-23T12:00:00.000Z',
      undefined,
    ],
    [
      'pending does not pause the first response',
      [['label', '2026-11-23T09:00:00Z', 'status: pending']],
      '2026-11-23T13:00:00Z',
      'breached',
      -hour,
      '2026-11-23T12:00:00.000Z',
      100,
    ],
    [
      'a customer message before any reply does not stop the clock',
      [['customer', '2026-11-23T09:00:00Z']],
      '2026-11-23T10:00:00Z',
      'ok',
      2 * hour,
      '2026-11-23T12:00:00.000Z',
      undefined,
    ],
  ] as const)('%s', (_name, steps, now, state, left, due, step) => {
    const clock = evaluate(ticketHistory(created, labels, [...steps] as never), now).clocks.firstResponse!;
    expect(clock.state).toBe(state);
    expect(clock.businessTimeLeftMs).toBe(left);
    expect(clock.dueAt).toBe(due);
    expect(clock.stepReached?.at).toBe(step);
  });

  it('a reply after the due time is met late and keeps when each step was reached', () => {
    const clock = evaluate(
      ticketHistory(created, labels, [['reply', '2026-11-23T13:00:00Z']]),
      '2026-11-23T14:00:00Z',
    ).clocks.firstResponse!;
    expect(clock).toMatchObject({
      state: 'met',
      late: true,
      stoppedAt: '2026-11-23T13:00:00.000Z',
      elapsedPercent: 125,
    });
    expect(clock.stepsReached.map((step) => [step.label, step.reachedAt])).toEqual([
      ['sla: at-risk', '2026-11-23T11:00:00.000Z'],
      ['sla: breached', '2026-11-23T12:00:00.000Z'],
    ]);
  });

  it('a policy that pauses first response on on-hold shows the paused segment', () => {
    const history = ticketHistory(created, labels, [['label', '2026-11-23T08:30:00Z', 'status: on-hold']]);
    const clock = evaluate(history, '2026-11-23T15:00:00Z', 'vip-incident').clocks.firstResponse!;
    expect(clock.state).toBe('paused');
    expect(clock.elapsedMs).toBe(hour / 2);
    expect(clock.segments).toEqual([
      {
        from: '2026-11-23T08:00:00.000Z',
        to: '2026-11-23T08:30:00.000Z',
        running: true,
        status: 'new',
        businessMs: hour / 2,
      },
      {
        from: '2026-11-23T08:30:00.000Z',
        to: '2026-11-23T15:00:00.000Z',
        running: false,
        status: 'on-hold',
        businessMs: 0,
      },
    ]);
    // Projected as if it resumed now: 30 minutes left from 16:00 Paris.
    expect(clock.dueAt).toBe('2026-11-23T15:30:00.000Z');
  });
});

// A policy whose first response is due at the next opening (`0m`), on the Paris calendar (Monday to
// Friday 09:00-17:00, UTC+1 in November). Expected instants worked out by hand.
describe('a zero first-response target: due at the next opening', () => {
  const nextOpening = {
    ...policyById('standard'),
    id: 'next-opening',
    targets: { firstResponse: '0m' },
  };
  const fridayEvening = '2026-11-20T17:30:00Z'; // Friday 18:30 Paris
  const mondayOpening = '2026-11-23T08:00:00.000Z'; // Monday 09:00 Paris
  const firstResponse = (createdAt: string, steps: Parameters<typeof ticketHistory>[2], now: string) =>
    evaluateSla(ticketHistory(createdAt, labels, steps), nextOpening, calendarById('paris'), now, statuses)
      .clocks.firstResponse!;

  it.each([
    ['on Saturday the clock is ok, due Monday 09:00', [], '2026-11-21T12:00:00Z', 'ok', false, 0, []],
    ['at the opening instant itself it is still ok', [], '2026-11-23T08:00:00Z', 'ok', false, 0, []],
    [
      'half an hour after the opening it is breached, every step reached at the opening',
      [],
      '2026-11-23T08:30:00Z',
      'breached',
      false,
      -1_800_000,
      [
        ['sla: at-risk', mondayOpening],
        ['sla: breached', mondayOpening],
      ],
    ],
    [
      'a reply on Saturday meets it on time',
      [['reply', '2026-11-21T10:00:00Z']],
      '2026-11-23T10:00:00Z',
      'met',
      false,
      0,
      [],
    ],
    [
      'a reply at 09:00 sharp on Monday meets it on time',
      [['reply', '2026-11-23T08:00:00Z']],
      '2026-11-23T10:00:00Z',
      'met',
      false,
      0,
      [],
    ],
    [
      'a reply at 09:10 on Monday meets it late',
      [['reply', '2026-11-23T08:10:00Z']],
      '2026-11-23T10:00:00Z',
      'met',
      true,
      -600_000,
      [
        ['sla: at-risk', mondayOpening],
        ['sla: breached', mondayOpening],
      ],
    ],
  ] as const)('%s', (_name, steps, now, state, late, left, reached) => {
    const clock = firstResponse(fridayEvening, [...steps] as never, now);
    expect(clock).toMatchObject({ state, late, dueAt: mondayOpening, businessTimeLeftMs: left, targetMs: 0 });
    expect(clock.stepsReached.map((step) => [step.label, step.reachedAt])).toEqual(reached);
    expect(Number.isFinite(clock.elapsedPercent)).toBe(true);
  });

  it('a ticket opened during opening hours is due at once, and breached a minute later', () => {
    const tuesday = '2026-11-24T09:15:00Z'; // Tuesday 10:15 Paris
    const clock = firstResponse(tuesday, [], '2026-11-24T09:16:00Z');
    expect(clock).toMatchObject({
      state: 'breached',
      dueAt: '2026-11-24T09:15:00.000Z',
      elapsedPercent: 100,
    });
  });

  it('paused over the opening, it is due at the first opening after it runs again', () => {
    // On hold from Friday evening to Monday 11:00 Paris (the policy pauses first response on on-hold).
    const paused = { ...nextOpening, pauseOn: { firstResponse: ['on-hold' as const] } };
    const history = ticketHistory(fridayEvening, labels, [
      ['label', '2026-11-20T17:31:00Z', 'status: on-hold'],
      ['unlabel', '2026-11-23T10:00:00Z', 'status: on-hold'],
    ]);
    const clock = evaluateSla(history, paused, calendarById('paris'), '2026-11-23T09:00:00Z', statuses).clocks
      .firstResponse!;
    expect(clock).toMatchObject({ state: 'paused', elapsedMs: 0 });
    const later = evaluateSla(history, paused, calendarById('paris'), '2026-11-23T10:30:00Z', statuses).clocks
      .firstResponse!;
    expect(later).toMatchObject({ state: 'breached', dueAt: '2026-11-23T10:00:00.000Z' });
  });
});

describe('resolution', () => {
  it('pending pauses resolution until the ticket is open again', () => {
    const history = ticketHistory(created, labels, [
      ['reply', '2026-11-23T09:00:00Z'],
      ['unlabel', '2026-11-23T09:00:00Z', 'status: new'],
      ['label', '2026-11-23T09:00:00Z', 'status: pending'],
      ['customer', '2026-11-24T08:00:00Z'],
      ['unlabel', '2026-11-24T08:00:00Z', 'status: pending'],
      ['label', '2026-11-24T08:00:00Z', 'status: open'],
    ]);
    const clock = evaluate(history, '2026-11-24T10:00:00Z').clocks.resolution!;
    expect(clock.state).toBe('ok');
    expect(clock.elapsedMs).toBe(3 * hour);
    expect(
      clock.segments.map((segment) => [segment.status, segment.running, segment.businessMs / hour]),
    ).toEqual([
      ['new', true, 1],
      ['pending', false, 0],
      ['open', true, 2],
    ]);
  });

  it.each([
    [
      'resolved stops the clock as met',
      [['label', '2026-11-24T08:00:00Z', 'status: resolved']],
      'met',
      '2026-11-24T08:00:00.000Z',
    ],
    [
      'closing the issue stops the clock as met',
      [['close', '2026-11-24T08:00:00Z']],
      'met',
      '2026-11-24T08:00:00.000Z',
    ],
    [
      'reopening runs the clock again, not counting the time closed',
      [
        ['close', '2026-11-24T08:00:00Z'],
        ['reopen', '2026-11-25T08:00:00Z'],
      ],
      'ok',
      undefined,
    ],
  ] as const)('%s', (_name, steps, state, stoppedAt) => {
    const clock = evaluate(ticketHistory(created, labels, [...steps] as never), '2026-11-25T10:00:00Z').clocks
      .resolution!;
    expect(clock.state).toBe(state);
    expect(clock.stoppedAt).toBe(stoppedAt);
    if (state === 'ok') expect(clock.elapsedMs).toBe(10 * hour);
  });

  it('a breach stays breached while paused', () => {
    const history = ticketHistory(
      created,
      ['status: open', 'priority: urgent'],
      [['label', '2026-11-23T13:00:00Z', 'status: pending']],
    );
    const clock = evaluate(history, '2026-11-23T20:00:00Z', 'urgent', 'always').clocks.resolution!;
    expect(clock.state).toBe('breached');
    expect(clock.elapsedMs).toBe(5 * hour);
  });
});

describe('next response', () => {
  const steps = [
    ['customer', '2026-11-23T08:30:00Z'],
    ['reply', '2026-11-23T09:00:00Z'],
    ['customer', '2026-11-23T10:00:00Z'],
    ['customer', '2026-11-23T11:00:00Z'],
  ] as const;

  it('starts at the first customer message after an agent reply', () => {
    const clock = evaluate(ticketHistory(created, labels, [...steps] as never), '2026-11-23T15:00:00Z').clocks
      .nextResponse!;
    expect(clock).toMatchObject({
      state: 'ok',
      startedAt: '2026-11-23T10:00:00.000Z',
      elapsedMs: 5 * hour,
      elapsedPercent: 62.5,
    });
    expect(clock.dueAt).toBe('2026-11-24T10:00:00.000Z');
  });

  it('the next agent reply meets it', () => {
    const history = ticketHistory(created, labels, [...steps, ['reply', '2026-11-23T15:30:00Z']] as never);
    expect(evaluate(history, '2026-11-23T16:00:00Z').clocks.nextResponse).toMatchObject({
      state: 'met',
      stoppedAt: '2026-11-23T15:30:00.000Z',
    });
  });

  it('does not exist before any customer message follows a reply', () => {
    const history = ticketHistory(created, labels, [['customer', '2026-11-23T08:30:00Z']]);
    expect(evaluate(history, '2026-11-23T16:00:00Z').clocks.nextResponse).toBeUndefined();
  });
});

describe('selectPolicy', () => {
  it.each<[string, TicketFacts, string | undefined]>([
    ['priority urgent picks the urgent policy', { priority: 'urgent', tier: 'gold', labels: [] }, 'urgent'],
    ['a gold incident picks the VIP policy', { tier: 'gold', type: 'incident', labels: [] }, 'vip-incident'],
    [
      'labels compare case-insensitively',
      { tier: 'gold', type: 'question', labels: ['VIP'] },
      'vip-incident',
    ],
    [
      'not: a web ticket picks the not-email policy',
      { tier: 'gold', type: 'question', channel: 'web', labels: [] },
      'not-email',
    ],
    ['an email ticket falls through to the default', { channel: 'email', labels: [] }, 'standard'],
    ['a ticket with no known channel matches "not channel email"', { labels: [] }, 'not-email'],
  ])('%s', (_name, facts, expected) => {
    expect(selectPolicy(engineFixture.policies, facts).policy?.id).toBe(expected);
  });

  it('explains each policy tried', () => {
    expect(selectPolicy(engineFixture.policies, { channel: 'email', labels: [] }).trace).toEqual([
      'policy "urgent": conditions do not match',
      'policy "vip-incident": conditions do not match',
      'policy "not-email": conditions do not match',
      'policy "standard": no conditions, matches every ticket',
    ]);
  });

  it('no policy matching means no clocks', () => {
    expect(selectPolicy([policyById('urgent')], { labels: [] })).toEqual({
      trace: [
        'policy "urgent": conditions do not match',
        'no policy matches: no SLA clock runs for this ticket',
      ],
    });
  });
});

describe('determinism', () => {
  it('gives the same answer in a process with another local timezone', () => {
    const history = ticketHistory(created, labels, [
      ['reply', '2026-11-23T09:00:00Z'],
      ['customer', '2026-11-23T10:00:00Z'],
      ['label', '2026-11-23T12:00:00Z', 'status: pending'],
    ]);
    const here = evaluate(history, '2026-11-24T15:00:00Z');
    const script = `
      import { evaluateSla } from ${JSON.stringify(new URL('../../src/sla/evaluate-sla.ts', import.meta.url).href)};
      import { calendarById, engineFixture, policyById } from ${JSON.stringify(new URL('./load-fixture.ts', import.meta.url).href)};
      const history = ${JSON.stringify(history)};
      process.stdout.write(JSON.stringify(evaluateSla(history, policyById('standard'), calendarById('paris'), '2026-11-24T15:00:00Z', engineFixture.statuses)));
    `;
    const there = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, TZ: 'Pacific/Kiritimati' },
      encoding: 'utf8',
    });
    expect(JSON.parse(there)).toEqual(here);
  });
});

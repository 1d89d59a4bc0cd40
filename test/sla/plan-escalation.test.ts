import { describe, expect, it } from 'vitest';
import { evaluateSla } from '../../src/sla/evaluate-sla.ts';
import { escalationMarker, planEscalation } from '../../src/sla/plan-escalation.ts';
import type { TicketHistory } from '../../src/sla/ticket-history.ts';
import type { OwnMarker, TicketAction } from '../../src/tickets/ticket-action.ts';
import { calendarById, engineFixture, policyById } from './load-fixture.ts';
import { ticketHistory } from './ticket-builder.ts';

const created = '2026-11-23T08:00:00Z';
const self = 'repodesk-bot';

/** Evaluates with the fixture and plans; answers the actions as short strings a reviewer reads. */
function plan(
  history: TicketHistory,
  now: string,
  options: { policy?: string; contact?: string; markers?: OwnMarker[] } = {},
): string[] {
  const policy = options.policy === 'none' ? undefined : policyById(options.policy ?? 'standard');
  const evaluation = policy
    ? evaluateSla(history, policy, calendarById(policy.calendar ?? ''), now, engineFixture.statuses)
    : undefined;
  return planEscalation({
    history,
    evaluation,
    policy,
    policies: engineFixture.policies,
    escalationContact: 'contact' in options ? options.contact : 'lead-anna',
    repodeskLogins: [self],
    ownMarkers: options.markers ?? [],
  }).map(describeAction);
}

function describeAction(action: TicketAction): string {
  switch (action.kind) {
    case 'add-label':
    case 'remove-label':
      return `${action.kind} ${action.label}`;
    case 'assign':
      return `assign ${action.login}`;
    case 'comment':
      return `comment ${action.body}`;
    case 'close':
      return 'close';
    default:
      return action.kind;
  }
}

/** Adds our own label event, as the sweep leaves it on the issue. */
function withOwnLabel(history: TicketHistory, label: string, at: string): TicketHistory {
  return {
    ...history,
    labels: [...history.labels, label],
    timeline: [...history.timeline, { kind: 'labeled', at, label, actor: self }],
  };
}

const base = ticketHistory(created, ['status: new']);
const breachComment =
  'comment <!-- repodesk:sla clock=firstResponse step=100 since=2026-11-23T08:00:00.000Z -->\n' +
  '@lead-anna SLA **standard**: the first response target (4h) is at 100% (due 2026-11-23T12:00:00.000Z, 1h overdue). ' +
  'This ticket needs attention.';

describe('escalation', () => {
  it.each([
    ['nothing below the first step', base, '2026-11-23T10:00:00Z', []],
    ['at 75% the at-risk label is added', base, '2026-11-23T11:00:00Z', ['add-label sla: at-risk']],
    [
      'a second run after the label was put plans nothing',
      withOwnLabel(base, 'sla: at-risk', '2026-11-23T11:05:00Z'),
      '2026-11-23T11:30:00Z',
      [],
    ],
    [
      'an agent who removed our label is not overruled on the next run',
      {
        ...withOwnLabel(base, 'sla: at-risk', '2026-11-23T11:05:00Z'),
        labels: ['status: new'],
      },
      '2026-11-23T11:30:00Z',
      [],
    ],
    [
      'at 100% the breached label replaces at-risk and the contact is mentioned once',
      withOwnLabel(base, 'sla: at-risk', '2026-11-23T11:05:00Z'),
      '2026-11-23T13:00:00Z',
      ['remove-label sla: at-risk', 'add-label sla: breached', breachComment],
    ],
  ] as const)('%s', (_name, history, now, expected) => {
    expect(plan(history as TicketHistory, now)).toEqual(expected);
  });

  it('after the breach was applied, later runs plan nothing', () => {
    const history = withOwnLabel(base, 'sla: breached', '2026-11-23T13:01:00Z');
    const markers = [
      {
        marker: escalationMarker('firstResponse', 100, '2026-11-23T08:00:00.000Z'),
        at: '2026-11-23T13:01:00Z',
      },
    ];
    expect(plan(history, '2026-11-23T13:30:00Z', { markers })).toEqual([]);
    expect(plan(history, '2026-11-24T13:30:00Z', { markers })).toEqual([]);
  });

  it('the breach label is removed when the target is met', () => {
    const history = ticketHistory(created, ['status: new'], [['reply', '2026-11-23T13:30:00Z']]);
    expect(
      plan(withOwnLabel(history, 'sla: breached', '2026-11-23T13:01:00Z'), '2026-11-23T14:00:00Z'),
    ).toEqual(['remove-label sla: breached']);
  });

  it('an assign step assigns the escalation contact once', () => {
    const history = ticketHistory(created, ['status: new', 'priority: urgent']);
    expect(plan(history, '2026-11-23T08:31:00Z', { policy: 'urgent' })).toEqual([
      'add-label sla: breached',
      'assign lead-anna',
    ]);
    const applied: TicketHistory = {
      ...withOwnLabel(history, 'sla: breached', '2026-11-23T08:32:00Z'),
      assignees: ['lead-anna'],
      timeline: [
        ...withOwnLabel(history, 'sla: breached', '2026-11-23T08:32:00Z').timeline,
        { kind: 'assigned', at: '2026-11-23T08:32:00Z', assignee: 'lead-anna', actor: self },
      ],
    };
    expect(plan(applied, '2026-11-23T09:00:00Z', { policy: 'urgent' })).toEqual([]);
    // Unassigned by a person afterwards: not assigned again for the same breach.
    expect(plan({ ...applied, assignees: [] }, '2026-11-23T09:00:00Z', { policy: 'urgent' })).toEqual([]);
  });

  it('a contact GitHub could not assign is not tried again on every run', () => {
    // GitHub drops an unassignable login without an error: only our step label shows the step was applied.
    const history = withOwnLabel(
      ticketHistory(created, ['status: new', 'priority: urgent']),
      'sla: breached',
      '2026-11-23T08:32:00Z',
    );
    expect(plan(history, '2026-11-23T09:00:00Z', { policy: 'urgent' })).toEqual([]);
  });

  it('a ticket shows only its most severe step across clocks', () => {
    // First response (30m) breached at 08:30; resolution (4h) at 75% from 11:00.
    const history = withOwnLabel(
      ticketHistory(created, ['status: new', 'priority: urgent']),
      'sla: breached',
      '2026-11-23T08:31:00Z',
    );
    expect(
      plan({ ...history, assignees: ['lead-anna'] }, '2026-11-23T11:30:00Z', { policy: 'urgent' }),
    ).toEqual([]);
  });

  it('without an escalation contact only the label is put', () => {
    expect(plan(base, '2026-11-23T13:00:00Z', { contact: undefined })).toEqual(['add-label sla: breached']);
  });

  it('a ticket no policy covers loses its step labels', () => {
    expect(
      plan({ ...base, labels: ['status: new', 'SLA: Breached'] }, '2026-11-23T13:00:00Z', { policy: 'none' }),
    ).toEqual(['remove-label SLA: Breached']);
  });

  it('a new next-response cycle escalates again', () => {
    const history = ticketHistory(
      created,
      ['status: open'],
      [
        ['reply', '2026-11-23T09:00:00Z'],
        ['customer', '2026-11-23T10:00:00Z'],
        ['reply', '2026-11-24T15:00:00Z'],
        ['customer', '2026-11-25T08:00:00Z'],
      ],
    );
    // The first cycle was breached and escalated; the second one is breached now.
    const markers = [
      {
        marker: escalationMarker('nextResponse', 100, '2026-11-23T10:00:00.000Z'),
        at: '2026-11-24T10:00:00Z',
      },
    ];
    const actions = plan(history, '2026-11-26T09:00:00Z', { markers });
    expect(actions).toContain('add-label sla: breached');
    expect(
      actions.filter((action) =>
        action.includes('clock=nextResponse step=100 since=2026-11-25T08:00:00.000Z'),
      ),
    ).toHaveLength(1);
  });
});

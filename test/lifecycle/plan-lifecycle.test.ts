import { describe, expect, it } from 'vitest';
import { lifecycleMarker, planLifecycle } from '../../src/lifecycle/plan-lifecycle.ts';
import type { CannedReply } from '../../src/rules/types.ts';
import type { TicketHistory } from '../../src/sla/ticket-history.ts';
import type { OwnMarker, TicketAction } from '../../src/tickets/ticket-action.ts';
import { calendarById, engineFixture } from '../sla/load-fixture.ts';
import { ticketHistory } from '../sla/ticket-builder.ts';

const desk = {
  statuses: engineFixture.statuses,
  languages: ['fr', 'en'],
  name: { fr: "Centre d'aide Lumen", en: 'Lumen Help Centre' },
  siteUrl: 'https://aide.lumen.example',
};
const reminderReply: CannedReply = {
  id: 'relance-avant-cloture',
  title: 'Relance',
  lang: 'fr',
  status: 'pending',
  body: 'Bonjour {{requester.firstName}},\n\nNous attendons votre réponse sur {{ticket.ref}} « {{ticket.title}} ».\n\n{{desk.name}}',
  file: 'rules/replies/relance-avant-cloture.fr.md',
};

function plan(history: TicketHistory, now: string, markers: OwnMarker[] = []): string[] {
  return planLifecycle({
    history,
    title: 'Facture en double',
    desk,
    lifecycle: engineFixture.lifecycle,
    calendar: calendarById(engineFixture.lifecycle.calendar),
    replies: { 'relance-avant-cloture': { fr: reminderReply } },
    ownMarkers: markers,
    now,
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
      return `comment ${action.marker}`;
    case 'close':
      return `close (${action.cause.rule})`;
    default:
      return action.kind;
  }
}

// Pending since Friday 2026-11-20 16:00 Paris: reminder due Wednesday 16:00 (3 business days).
const created = '2026-11-19T08:00:00Z';
const pendingSince = '2026-11-20T15:00:00Z';
const pending = ticketHistory(
  created,
  ['status: open'],
  [
    ['reply', pendingSince],
    ['unlabel', pendingSince, 'status: open'],
    ['label', pendingSince, 'status: pending'],
  ],
);
const reminderMarker = lifecycleMarker('pending-reminder', '2026-11-20T15:00:00.000Z');
const closeMarker = lifecycleMarker('pending-close', '2026-11-20T15:00:00.000Z');
const reminderSent = [{ marker: reminderMarker, at: '2026-11-25T16:00:00Z' }];

describe('pending tickets', () => {
  it.each([
    ['no reminder before 3 business days', pending, '2026-11-25T14:59:00Z', [], []],
    [
      'a reminder after 3 business days without an answer',
      pending,
      '2026-11-25T16:00:00Z',
      [],
      [`comment ${reminderMarker}`],
    ],
    ['the reminder is sent once', pending, '2026-11-26T16:00:00Z', reminderSent, []],
    // Reminder Wednesday 17:00 Paris + 4 business days = Tuesday 17:00 Paris.
    [
      'no closing before 4 business days after the reminder',
      pending,
      '2026-12-01T15:59:00Z',
      reminderSent,
      [],
    ],
    [
      'closed with a notice 4 business days after the reminder',
      pending,
      '2026-12-01T16:00:00Z',
      reminderSent,
      [
        `comment ${closeMarker}`,
        'remove-label status: pending',
        'add-label status: closed',
        'close (lifecycle pending-close)',
      ],
    ],
    [
      'a customer reply cancels the reminder and reopens the ticket for agents',
      ticketHistory(
        created,
        ['status: open'],
        [
          ['reply', pendingSince],
          ['unlabel', pendingSince, 'status: open'],
          ['label', pendingSince, 'status: pending'],
          ['customer', '2026-11-24T10:00:00Z'],
        ],
      ),
      '2026-12-01T16:00:00Z',
      reminderSent,
      ['remove-label status: pending', 'add-label status: open'],
    ],
    [
      'the skip label exempts the ticket from reminder and closing',
      { ...pending, labels: [...pending.labels, 'no-autoclose'] },
      '2026-12-10T16:00:00Z',
      reminderSent,
      [],
    ],
    [
      'a customer message before the ticket became pending does not cancel',
      ticketHistory(
        created,
        ['status: open'],
        [
          ['customer', '2026-11-20T10:00:00Z'],
          ['reply', pendingSince],
          ['unlabel', pendingSince, 'status: open'],
          ['label', pendingSince, 'status: pending'],
        ],
      ),
      '2026-11-25T16:00:00Z',
      [],
      [`comment ${reminderMarker}`],
    ],
  ] as const)('%s', (_name, history, now, markers, expected) => {
    expect(plan(history as TicketHistory, now, [...markers])).toEqual(expected);
  });

  it('the reminder uses the canned reply and marks itself as a public notice', () => {
    const [action] = planLifecycle({
      history: { ...pending, number: 42 },
      title: 'Facture en double',
      desk,
      lifecycle: engineFixture.lifecycle,
      calendar: calendarById('paris'),
      replies: { 'relance-avant-cloture': { fr: reminderReply } },
      ownMarkers: [],
      now: '2026-11-25T16:00:00Z',
    });
    expect(action).toMatchObject({
      kind: 'comment',
      body:
        '<!-- repodesk:public-notice -->\n' +
        `${reminderMarker}\n` +
        "Bonjour,\n\nNous attendons votre réponse sur #42 « Facture en double ».\n\nCentre d'aide Lumen",
    });
  });

  it('without a canned reply the close notice uses the built-in text in the desk language', () => {
    const actions = planLifecycle({
      history: pending,
      title: 'Facture en double',
      desk,
      lifecycle: engineFixture.lifecycle,
      calendar: calendarById('paris'),
      replies: {},
      ownMarkers: reminderSent,
      now: '2026-12-01T16:00:00Z',
    });
    expect(actions[0]).toMatchObject({ kind: 'comment' });
    expect(actions[0]!.kind === 'comment' && actions[0]!.body).toContain(
      'nous avons clôturé votre demande #1 « Facture en double »',
    );
  });

  it.each([['en'], ['de']])(
    'without a canned reply, a desk whose first language is "%s" gets the built-in close notice in English',
    (first) => {
      const actions = planLifecycle({
        history: pending,
        title: 'Facture en double',
        desk: { ...desk, languages: [first, 'fr'], name: { ...desk.name, [first]: 'Lumen Help Centre' } },
        lifecycle: engineFixture.lifecycle,
        calendar: calendarById('paris'),
        replies: {},
        ownMarkers: reminderSent,
        now: '2026-12-01T16:00:00Z',
      });
      expect(actions[0]!.kind === 'comment' && actions[0]!.body.split('\n').slice(2).join('\n')).toBe(
        'Hello,\n\nAs we have not heard back from you, we have closed your request #1 "Facture en double". Reply to this message to reopen it.\n\nLumen Help Centre',
      );
    },
  );
});

describe('resolved tickets', () => {
  const resolved = ticketHistory(
    created,
    ['status: open'],
    [
      ['unlabel', '2026-11-23T08:00:00Z', 'status: open'],
      ['label', '2026-11-23T08:00:00Z', 'status: resolved'],
    ],
  );
  it.each([
    ['stay open for 5 days', resolved, '2026-11-28T07:59:00Z', []],
    [
      'are closed after 5 days',
      resolved,
      '2026-11-28T08:00:00Z',
      ['remove-label status: resolved', 'add-label status: closed', 'close (lifecycle resolved-close)'],
    ],
    [
      'with the skip label stay open',
      { ...resolved, labels: [...resolved.labels, 'No-Autoclose'] },
      '2026-12-28T08:00:00Z',
      [],
    ],
  ] as const)('%s', (_name, history, now, expected) => {
    expect(plan(history as TicketHistory, now)).toEqual(expected);
  });
});

describe('status labels', () => {
  it.each([
    [
      'an open issue without a status label becomes new',
      ticketHistory(created, []),
      ['add-label status: new'],
    ],
    [
      'of two status labels the one set last stays',
      ticketHistory(created, ['status: new'], [['label', '2026-11-19T09:00:00Z', 'status: open']]),
      ['remove-label status: new'],
    ],
    [
      'a closed issue carries the closed status',
      ticketHistory(created, ['status: open'], [['close', '2026-11-19T09:00:00Z']]),
      ['remove-label status: open', 'add-label status: closed'],
    ],
    [
      'a reopened issue is open again',
      ticketHistory(
        created,
        ['status: open'],
        [
          ['unlabel', '2026-11-19T09:00:00Z', 'status: open'],
          ['label', '2026-11-19T09:00:00Z', 'status: closed'],
          ['close', '2026-11-19T09:00:00Z'],
          ['reopen', '2026-11-20T09:00:00Z'],
        ],
      ),
      ['remove-label status: closed', 'add-label status: open'],
    ],
    [
      'an open issue labelled closed is closed',
      ticketHistory(
        created,
        ['status: open'],
        [
          ['unlabel', '2026-11-19T09:00:00Z', 'status: open'],
          ['label', '2026-11-19T09:00:00Z', 'status: closed'],
        ],
      ),
      ['close (lifecycle status)'],
    ],
    ['a consistent ticket needs nothing', ticketHistory(created, ['status: open']), []],
  ] as const)('%s', (_name, history, expected) => {
    expect(plan(history, '2026-11-21T08:00:00Z')).toEqual(expected);
  });
});

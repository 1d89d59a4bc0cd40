// `/snooze` reads a date, a day or a time in the desk's time zone (the lifecycle calendar's, Europe/Paris in
// the template) and states the instant there, right across a change of summer time; end to end through the
// real bot, the GitHub stand-in's signed webhooks and the bot's own sweep, on a clock moved by hand (only
// forward: the form's rate limits count on it).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepTask } from '../../../src/sweep/sweep-task.ts';
import {
  incidentSubmission,
  manualClock,
  postRequest,
  settle,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';
import { agentApi, botWritesAfterComment } from '../../support/agent-api.ts';

interface Issue {
  number: number;
  state: string;
  labels: { name: string }[];
}
interface Comment {
  body: string;
  user: { login: string };
}

const clock = manualClock(Date.parse('2026-11-23T09:00:00Z'));
let harness: Harness;

const api = agentApi(() => harness);

/** A customer's request from the site: its issue, status new. */
async function openTicket(): Promise<number> {
  const before = new Set((await harness.issues()).map((issue) => issue.number));
  const response = await postRequest(harness.url, incidentSubmission(clock.now()));
  expect(response.status).toBe(202);
  await settle(harness);
  return (await harness.issues()).find((issue) => !before.has(issue.number))!.number;
}

/** The agent comments `body`; resolves to the writes repodesk sent while the bot acted on it. */
const agentComments = (number: number, body: string) => botWritesAfterComment(harness, number, body);

async function botNotes(number: number): Promise<string[]> {
  const comments = await api<Comment[]>(`/issues/${number}/comments`);
  return comments
    .filter((comment) => comment.user.login === harness.standin.botLogin)
    .map((comment) => comment.body);
}

/** The bot's lifecycle comments (pending reminder and closing notices, snooze wake-ups), not the SLA's. */
async function lifecycleNotes(number: number): Promise<string[]> {
  return (await botNotes(number)).filter((body) => /repodesk:lifecycle step=(?!snooze )/.test(body));
}

async function statusOf(number: number): Promise<{ state: string; status: string[] }> {
  const issue = await api<Issue>(`/issues/${number}`);
  return {
    state: issue.state,
    status: issue.labels.map((label) => label.name).filter((name) => name.startsWith('status:')),
  };
}

/** Moves the clock by `ms` and runs the bot's sweep once. */
async function sweepAfter(ms: number): Promise<void> {
  clock.advance(ms);
  await sweepTask(harness.bot.context).run(clock.now());
  await settle(harness);
}

beforeAll(async () => {
  // Many tickets at one instant of the hand-moved clock: the form's rate limits would refuse them.
  const plenty = { burst: 1000, refillMs: 1000 };
  harness = await startHarness({ clock: clock.now, limits: { perIp: plenty, perAddress: plenty } });
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

/** The snooze the latest note of the bot carries: until when (ISO, UTC), and the sentence agents read. */
async function snoozeNote(number: number): Promise<{ until: string; note: string }> {
  const body = (await botNotes(number)).at(-1) ?? '';
  return {
    until: /step=snooze until=(\S+)/.exec(body)?.[1] ?? '(no snooze marker)',
    note: /`\/snooze` : en attente jusqu’au (.*?) ;/.exec(body)?.[1] ?? body,
  };
}

describe('/snooze in the desk’s time zone (Europe/Paris, the lifecycle calendar’s)', () => {
  // Monday 23 November 2026, 10:00 in Paris (UTC+1).
  it.each([
    ['2026-12-24', '2026-12-23T23:00:00.000Z', 'jeudi 2026-12-24 00:00 (Europe/Paris, UTC+01:00)'],
    ['2026-12-24 14:00', '2026-12-24T13:00:00.000Z', 'jeudi 2026-12-24 14:00 (Europe/Paris, UTC+01:00)'],
    ['2026-12-24T14:00', '2026-12-24T13:00:00.000Z', 'jeudi 2026-12-24 14:00 (Europe/Paris, UTC+01:00)'],
    ['2026-12-24 14h', '2026-12-24T13:00:00.000Z', 'jeudi 2026-12-24 14:00 (Europe/Paris, UTC+01:00)'],
    ['2026-12-24T14:00Z', '2026-12-24T14:00:00.000Z', 'jeudi 2026-12-24 15:00 (Europe/Paris, UTC+01:00)'],
    [
      '2026-12-24T14:00+05:00',
      '2026-12-24T09:00:00.000Z',
      'jeudi 2026-12-24 10:00 (Europe/Paris, UTC+01:00)',
    ],
    ['lundi 9h', '2026-11-30T08:00:00.000Z', 'lundi 2026-11-30 09:00 (Europe/Paris, UTC+01:00)'],
    ['Monday 9:00', '2026-11-30T08:00:00.000Z', 'lundi 2026-11-30 09:00 (Europe/Paris, UTC+01:00)'],
    ['lundi 11h', '2026-11-23T10:00:00.000Z', 'lundi 2026-11-23 11:00 (Europe/Paris, UTC+01:00)'],
    ['vendredi', '2026-11-26T23:00:00.000Z', 'vendredi 2026-11-27 00:00 (Europe/Paris, UTC+01:00)'],
    ['demain 14h30', '2026-11-24T13:30:00.000Z', 'mardi 2026-11-24 14:30 (Europe/Paris, UTC+01:00)'],
    ['tomorrow', '2026-11-23T23:00:00.000Z', 'mardi 2026-11-24 00:00 (Europe/Paris, UTC+01:00)'],
    ['14:00', '2026-11-23T13:00:00.000Z', 'lundi 2026-11-23 14:00 (Europe/Paris, UTC+01:00)'],
    ['09h30', '2026-11-24T08:30:00.000Z', 'mardi 2026-11-24 09:30 (Europe/Paris, UTC+01:00)'],
    ['3d', '2026-11-26T09:00:00.000Z', 'jeudi 2026-11-26 10:00 (Europe/Paris, UTC+01:00)'],
    ['9h', '2026-11-23T18:00:00.000Z', 'lundi 2026-11-23 19:00 (Europe/Paris, UTC+01:00)'],
  ])('/snooze %s is until %s, said in Paris time', async (when, until, note) => {
    clock.set(Date.parse('2026-11-23T09:00:00Z'));
    const number = await openTicket();
    await agentComments(number, `/snooze ${when}`);
    expect(await snoozeNote(number)).toEqual({ until, note });
    expect(await statusOf(number)).toEqual({ state: 'open', status: ['status: pending'] });
  });

  // Friday 26 March 2027, 10:00 in Paris (UTC+1); summer time starts on Sunday 28 March at 02:00 (UTC+2).
  it.each([
    ['3d', '2027-03-29T08:00:00.000Z', 'lundi 2027-03-29 10:00 (Europe/Paris, UTC+02:00)'],
    ['72h', '2027-03-29T09:00:00.000Z', 'lundi 2027-03-29 11:00 (Europe/Paris, UTC+02:00)'],
    ['lundi 9h', '2027-03-29T07:00:00.000Z', 'lundi 2027-03-29 09:00 (Europe/Paris, UTC+02:00)'],
    ['2027-03-28', '2027-03-27T23:00:00.000Z', 'dimanche 2027-03-28 00:00 (Europe/Paris, UTC+01:00)'],
    ['2027-03-28 12:00', '2027-03-28T10:00:00.000Z', 'dimanche 2027-03-28 12:00 (Europe/Paris, UTC+02:00)'],
    // 02:30 does not exist that night: the clocks go from 02:00 to 03:00.
    ['2027-03-28 02:30', '2027-03-28T01:30:00.000Z', 'dimanche 2027-03-28 03:30 (Europe/Paris, UTC+02:00)'],
  ])('across the start of summer time, /snooze %s is until %s', async (when, until, note) => {
    clock.set(Date.parse('2027-03-26T09:00:00Z'));
    const number = await openTicket();
    await agentComments(number, `/snooze ${when}`);
    expect(await snoozeNote(number)).toEqual({ until, note });
  });

  it('wakes a ticket snoozed across the start of summer time at the Paris hour asked, not an hour late', async () => {
    clock.set(Date.parse('2027-03-26T09:00:00Z'));
    const number = await openTicket();
    await agentComments(number, '/snooze lundi 9h');
    // Monday 29 March, 08:59 in Paris: still snoozed.
    clock.set(Date.parse('2027-03-29T06:59:00Z'));
    await sweepAfter(0);
    expect(await statusOf(number)).toEqual({ state: 'open', status: ['status: pending'] });
    expect(await lifecycleNotes(number)).toEqual([]);
    // 09:00 in Paris (07:00 UTC): open again, the reminder saying the Paris time.
    await sweepAfter(60_000);
    expect(await statusOf(number)).toEqual({ state: 'open', status: ['status: open'] });
    expect(await lifecycleNotes(number)).toEqual([
      expect.stringContaining(
        'ce ticket était en attente jusqu’au lundi 2027-03-29 09:00 (Europe/Paris, UTC+02:00) à la demande de @camille-durand ; il est rouvert.',
      ),
    ]);
  });

  it('across the end of summer time, /snooze 1d is the same time the next day (25 hours)', async () => {
    clock.set(Date.parse('2027-10-30T08:00:00Z'));
    const number = await openTicket();
    await agentComments(number, '/snooze 1d');
    expect(await snoozeNote(number)).toEqual({
      until: '2027-10-31T09:00:00.000Z',
      note: 'dimanche 2027-10-31 10:00 (Europe/Paris, UTC+01:00)',
    });
  });
});

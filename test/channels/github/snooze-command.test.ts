// `/snooze <duration|date|day [time]>` end to end through the real bot, the GitHub stand-in's signed webhooks and the
// bot's own sweep, on a clock moved by hand: the ticket is pending until then, the sweep neither reminds
// the customer nor closes it meanwhile, and once due wakes it back to open with a reminder note to the
// agent who snoozed it, once. A bad use changes nothing and gets a note saying how to write it.

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

const dayMs = 86_400_000;
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
  harness = await startHarness({ clock: clock.now });
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

describe('/snooze', () => {
  it('keeps the ticket pending until then, in one write plus its note, and wakes it to open with a reminder once', async () => {
    const number = await openTicket();
    expect(await agentComments(number, '/snooze 2d')).toEqual([
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
    ]);
    expect(await statusOf(number)).toEqual({ state: 'open', status: ['status: pending'] });
    expect((await botNotes(number)).at(-1)).toContain(
      '@camille-durand `/snooze` : en attente jusqu’au mercredi 2026-11-25 10:00 (Europe/Paris, UTC+01:00) ;',
    );

    await sweepAfter(dayMs);
    expect(await statusOf(number)).toEqual({ state: 'open', status: ['status: pending'] });
    expect(await lifecycleNotes(number)).toEqual([]);

    await sweepAfter(dayMs + 60_000);
    expect(await statusOf(number)).toEqual({ state: 'open', status: ['status: open'] });
    const wake = await lifecycleNotes(number);
    expect(wake).toHaveLength(1);
    expect(wake[0]).toContain(
      '@camille-durand rappel : ce ticket était en attente jusqu’au mercredi 2026-11-25 10:00 (Europe/Paris, UTC+01:00) à la demande de @camille-durand ; il est rouvert.',
    );
    // Woken once: a day later the SLA status line may say a clock ran out (its one write), then runs write
    // nothing more, and no second reminder.
    await sweepAfter(dayMs);
    harness.standin.resetStats();
    await sweepAfter(60_000);
    expect(harness.standin.stats().writes).toBe(0);
    expect(await lifecycleNotes(number)).toHaveLength(1);
  });

  it('is neither reminded nor closed by the pending lifecycle while snoozed, unlike a plain pending ticket', async () => {
    const snoozed = await openTicket();
    const pending = await openTicket();
    await agentComments(snoozed, '/snooze 2026-12-21');
    await agentComments(pending, '/status pending');
    // Three business days, then four more after the reminder: a plain pending ticket is closed.
    for (let day = 0; day < 12; day += 1) await sweepAfter(dayMs);
    expect((await statusOf(pending)).state).toBe('closed');
    expect(await lifecycleNotes(pending)).toHaveLength(2);
    expect(await statusOf(snoozed)).toEqual({ state: 'open', status: ['status: pending'] });
    expect(await lifecycleNotes(snoozed)).toEqual([]);
    // Due on 21 December: open again, with the reminder.
    clock.set(Date.parse('2026-12-21T08:00:00Z'));
    await sweepAfter(0);
    expect(await statusOf(snoozed)).toEqual({ state: 'open', status: ['status: open'] });
    expect(await lifecycleNotes(snoozed)).toEqual([expect.stringContaining('il est rouvert.')]);
  });

  const howTo =
    'écrivez une durée (`4h`, `3d`), une date (`2026-12-24`, `2026-12-24 14:00`), un jour (`lundi 9h`, `demain 14h30`) ou une heure (`14:00`), à l’heure de Europe/Paris sauf décalage écrit (`2026-12-24T14:00Z`) ; rien n’a changé.';
  it.each([
    ['/snooze', `il manque jusqu’à quand ; ${howTo}`],
    ['/snooze bientôt', `« bientôt » n’est ni une durée ni une date ; ${howTo}`],
    ['/snooze 3d 4h', `« 3d 4h » n’est ni une durée ni une date ; ${howTo}`],
    ['/snooze 2026-02-30', `« 2026-02-30 » n’est ni une durée ni une date ; ${howTo}`],
    ['/snooze lundi 25h', `« lundi 25h » n’est ni une durée ni une date ; ${howTo}`],
    ['/snooze 24:00', `« 24:00 » n’est ni une durée ni une date ; ${howTo}`],
    ['/snooze `9h` plus tard', `« '9h' plus tard » n’est ni une durée ni une date ; ${howTo}`],
    ['/snooze 0d', `« 0d » n’est ni une durée ni une date ; ${howTo}`],
    [
      '/snooze 2020-01-01',
      'mercredi 2020-01-01 00:00 (Europe/Paris, UTC+01:00) est passé ; rien n’a changé.',
    ],
    ['/snooze 2028-01-01', 'au plus un an ; rien n’a changé.'],
  ])('%s changes nothing and gets one note', async (command, note) => {
    const number = await openTicket();
    const before = await statusOf(number);
    expect(await agentComments(number, command)).toEqual([
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
    expect((await botNotes(number)).at(-1)).toContain(`\`/snooze\` : ${note}`);
    expect(await statusOf(number)).toEqual(before);
  });

  it('on a closed ticket changes nothing and says to reopen it first', async () => {
    const number = await openTicket();
    await agentComments(number, '/status closed');
    expect(await agentComments(number, '/snooze 2d')).toEqual([
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
    expect((await botNotes(number)).at(-1)).toContain('rouvrez-le d’abord (`/status open`)');
    expect((await statusOf(number)).state).toBe('closed');
  });
});

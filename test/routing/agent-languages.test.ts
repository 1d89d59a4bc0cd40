// teams.yaml `agents[].languages` filters assignment, through the real bot: mail in, issue out at the
// GitHub stand-in. The template's support-client team assigns round-robin among Camille (fr, en), Lucas
// (fr only), Inès (fr, en) and Émilie (fr, en; in Montréal, off duty on a Paris morning).

import { afterEach, describe, expect, it } from 'vitest';
import { eventually, manualClock, startHarness, type Harness } from '../support/bot-harness.ts';
import { rawMail } from '../support/email-fixtures.ts';
import { postMail, processed } from '../support/inbound-mail.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Monday 23 November 2026, 10:00 in Paris. */
const mondayMorning = Date.parse('2026-11-23T09:00:00Z');
/** Saturday 28 November 2026, 10:00 in Paris: only Lucas works on Saturdays. */
const saturdayMorning = Date.parse('2026-11-28T09:00:00Z');

const english = (n: number) =>
  rawMail({
    from: `customer${n}@gmail.example`,
    subject: `Question number ${n} about my chairs`,
    body: 'Hello, thank you for the help with my chairs. Please tell me what to do. Regards',
  });
const french = (n: number) =>
  rawMail({
    from: `client${n}@gmail.example`,
    subject: `Question numéro ${n} sur mes chaises`,
    body: 'Bonjour, merci pour votre aide avec mes chaises. Pouvez-vous me dire quoi faire ? Cordialement',
  });

/** Sends the mails one after the other (round-robin state moves between them); the assignees in order. */
async function assigneesOf(mails: Buffer[]): Promise<string[][]> {
  const h = harness!;
  for (const [index, raw] of mails.entries()) {
    await processed(h, await postMail(h, raw));
    await eventually(async () => (await h.issues()).length === index + 1);
    await h.bot.worker.drain();
  }
  const issues = await h.issues();
  return issues.sort((a, b) => a.number - b.number).map((issue) => issue.assignees);
}

describe('agent languages in assignment', () => {
  it('a ticket in English is never assigned to a French-only agent when another can take it', async () => {
    harness = await startHarness({ clock: manualClock(mondayMorning).now });
    const assignees = await assigneesOf([1, 2, 3, 4].map(english));
    expect(assignees).toEqual([['camille-durand'], ['ines-benali'], ['camille-durand'], ['ines-benali']]);
  });

  it('a ticket in French goes round the whole team, the French-only agent included', async () => {
    harness = await startHarness({ clock: manualClock(mondayMorning).now });
    const assignees = await assigneesOf([1, 2, 3].map(french));
    expect(assignees).toEqual([['camille-durand'], ['lucas-martin'], ['ines-benali']]);
  });

  it('English and French tickets mixed: the English ones skip the French-only agent, the round goes on', async () => {
    harness = await startHarness({ clock: manualClock(mondayMorning).now });
    const assignees = await assigneesOf([english(1), english(2), french(3), english(4)]);
    // camille; then lucas is skipped for English → inès; French after inès → camille; English → inès.
    expect(assignees).toEqual([['camille-durand'], ['ines-benali'], ['camille-durand'], ['ines-benali']]);
  });

  it('when no agent on duty speaks the language, the ticket still gets one of them rather than nobody', async () => {
    harness = await startHarness({ clock: manualClock(saturdayMorning).now });
    const assignees = await assigneesOf([english(1)]);
    expect(assignees).toEqual([['lucas-martin']]);
  });
});

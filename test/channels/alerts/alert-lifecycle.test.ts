// One ticket per alert fingerprint while it is open (issue 17): repeat firings count on one occurrences
// line edited at most once in five minutes, a resolution posts one note and resolves the ticket, a
// flapping alert is labelled and not reopened each time, and a storm of firings costs bounded writes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, settle, startHarness, type Harness } from '../../support/bot-harness.ts';
import { agentToken } from '../../support/bot-harness.ts';
import { alertTokens, genericAlert, postAlert } from './alert-support.ts';

const clock = manualClock(Date.parse('2026-11-23T09:00:00Z'));
const minute = 60_000;
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ clock: clock.now, alertTokens: { generic: alertTokens.generic } });
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});
beforeEach(() => harness.standin.resetStats());

let sequence = 0;
/** A firing of `fingerprint` that started now (a new firing each call). */
const firing = (fingerprint: string) =>
  genericAlert(fingerprint, 'firing', new Date(clock.now() + (sequence += 1)).toISOString());

async function send(body: Record<string, unknown>): Promise<void> {
  const response = await postAlert(harness.url, 'generic', body);
  expect(response.status).toBe(202);
}

async function issueOf(fingerprint: string) {
  const found = (await harness.issues()).filter((issue) => issue.body.includes(`\`${fingerprint}\``));
  return found;
}

async function comments(number: number): Promise<string[]> {
  const response = await fetch(`${harness.standin.url}/repos/acme/support/issues/${number}/comments`, {
    headers: { authorization: `token ${agentToken}` },
  });
  return ((await response.json()) as { body: string }[]).map((comment) => comment.body);
}

async function state(number: number): Promise<string> {
  const response = await fetch(`${harness.standin.url}/repos/acme/support/issues/${number}`, {
    headers: { authorization: `token ${agentToken}` },
  });
  return ((await response.json()) as { state: string }).state;
}

const occurrences = (body: string) => /\*\*Occurrences :\*\* (\d+)/.exec(body)?.[1];
const writes = () => harness.standin.writeLog().map((write) => write.request);

describe('one ticket per alert while it is open', () => {
  it('repeat firings add to one occurrences line, written at most once in five minutes; the same firing sent again counts once', async () => {
    const first = firing('disk-db1');
    await send(first);
    await send(first); // Redelivered by the monitoring system: the same firing.
    await settle(harness);
    expect(writes()).toEqual(['POST /repos/{owner}/{repo}/issues']);
    clock.advance(minute);
    await send(firing('disk-db1'));
    await send(firing('disk-db1'));
    await settle(harness);
    const [issue, ...others] = await issueOf('disk-db1');
    expect(others).toEqual([]);
    // Within five minutes of the creation: the body waits.
    expect(occurrences(issue!.body)).toBe('1');
    expect(writes()).toHaveLength(1);
    clock.advance(4 * minute);
    await settle(harness);
    const [edited] = await issueOf('disk-db1');
    expect(occurrences(edited!.body)).toBe('3');
    expect(writes()).toEqual([
      'POST /repos/{owner}/{repo}/issues',
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
    ]);
  });

  it('resolved posts one note and resolves the ticket; a later firing reopens the same ticket', async () => {
    await send(firing('api-5xx'));
    await settle(harness);
    clock.advance(10 * minute);
    const resolved = genericAlert('api-5xx', 'resolved', new Date(clock.now()).toISOString());
    await send(resolved);
    await send(resolved);
    // Sent again without a start time: nothing tells it is the same resolution, and it changes nothing.
    await send({ ...resolved, startsAt: undefined });
    await settle(harness);
    const [issue] = await issueOf('api-5xx');
    const notes = await comments(issue!.number);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(
      'La supervision signale l’alerte résolue (2026-11-23 09:15 UTC). Le ticket passe au statut résolu',
    );
    expect(issue!.labels).toContain('status: resolved');
    expect(issue!.labels.filter((label) => label.startsWith('status:'))).toEqual(['status: resolved']);
    clock.advance(10 * minute);
    await send(firing('api-5xx'));
    await settle(harness);
    const [again, ...others] = await issueOf('api-5xx');
    expect(others).toEqual([]);
    expect(again!.labels.filter((label) => label.startsWith('status:'))).toEqual(['status: open']);
    expect(occurrences(again!.body)).toBe('2');
    expect(await comments(issue!.number)).toHaveLength(1);
  });

  it('a resolution of an alert that never fired makes no ticket', async () => {
    await send(genericAlert('never-fired', 'resolved', new Date(clock.now()).toISOString()));
    await settle(harness);
    expect(await issueOf('never-fired')).toEqual([]);
    expect(harness.standin.stats().writes).toBe(0);
  });

  it('an alert firing after its ticket was closed gets a new ticket', async () => {
    await send(firing('cert-expiry'));
    await settle(harness);
    const [closed] = await issueOf('cert-expiry');
    await fetch(`${harness.standin.url}/repos/acme/support/issues/${closed!.number}`, {
      method: 'PATCH',
      headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'closed' }),
    });
    clock.advance(minute);
    await send(firing('cert-expiry'));
    await settle(harness);
    await settle(harness);
    const tickets = await issueOf('cert-expiry');
    expect(tickets).toHaveLength(2);
    const reopened = tickets.find((ticket) => ticket.number !== closed!.number)!;
    expect(occurrences(reopened.body)).toBe('1');
    expect(await state(closed!.number)).toBe('closed');
  });

  it('a flapping alert is labelled, and neither resolved nor reopened at each change until it settles', async () => {
    // Four firings within 30 minutes (desk.yaml's defaults), each followed by a resolution.
    for (let round = 0; round < 4; round += 1) {
      await send(firing('flappy'));
      await settle(harness);
      clock.advance(2 * minute);
      await send(genericAlert('flappy', 'resolved', new Date(clock.now()).toISOString()));
      await settle(harness);
      clock.advance(2 * minute);
    }
    const [issue] = await issueOf('flappy');
    expect(issue!.labels).toContain('alert: flapping');
    // The three first resolutions came before it was flapping (noted, resolved, reopened); the fourth
    // firing made it flapping: reopened once, and its resolution is neither noted nor resolves the ticket.
    const notesWhileFlapping = await comments(issue!.number);
    expect(notesWhileFlapping).toHaveLength(3);
    expect(issue!.labels.filter((label) => label.startsWith('status:'))).toEqual(['status: open']);
    const writesWhileFlapping = harness.standin.stats().writes;
    // Settled: half an hour without a firing, its last resolution gets its note, once.
    clock.advance(31 * minute);
    await settle(harness);
    const notes = await comments(issue!.number);
    expect(notes).toHaveLength(notesWhileFlapping.length + 1);
    const [settled] = await issueOf('flappy');
    expect(settled!.labels).toContain('status: resolved');
    // The note, then one PATCH of the status label and the body.
    expect(harness.standin.stats().writes - writesWhileFlapping).toBe(2);
  });
});

describe('a storm', () => {
  it('1,000 firings of 20 alerts make 20 issues; writes stay bounded and every firing is counted', async () => {
    const fingerprints = Array.from({ length: 20 }, (_, index) => `storm-${index}`);
    const bodies = Array.from({ length: 1000 }, (_, index) => firing(fingerprints[index % 20]!));
    for (let start = 0; start < bodies.length; start += 50)
      await Promise.all(bodies.slice(start, start + 50).map((body) => send(body)));
    await settle(harness);
    const created = (await harness.issues()).filter((issue) => /`storm-\d+`/.test(issue.body));
    expect(created).toHaveLength(20);
    expect(harness.standin.stats().contentWrites).toBe(20);
    expect(harness.standin.stats().writes).toBe(20);
    // An alert whose firings had all arrived before its issue was created needs no edit afterwards.
    const behind = created.filter((issue) => Number(occurrences(issue.body)) < 50).length;
    clock.advance(5 * minute);
    await settle(harness);
    const counted = (await harness.issues())
      .filter((issue) => /`storm-\d+`/.test(issue.body))
      .map((issue) => Number(occurrences(issue.body)));
    expect(counted).toEqual(Array.from({ length: 20 }, () => 50));
    // One creation per alert, and one body edit for each whose issue was created before its last firing:
    // at most 40 writes for 1,000 firings.
    expect(harness.standin.stats().writes).toBe(20 + behind);
  });
});

// Least-open assignment through the bot and the stand-in: open issues per agent read from GitHub, cached
// five minutes and bumped locally on each assignment (src/worker/workload.ts).

import { afterEach, describe, expect, it } from 'vitest';
import { openCountsTtlMs } from '../../src/worker/workload.ts';
import { agentToken, manualClock, postRequest, startHarness, type Harness } from '../support/bot-harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

// Monday 10:00 in Paris: both billing agents are on duty.
const monday = Date.parse('2026-11-23T09:00:00Z');
const listIssues = 'GET /repos/{owner}/{repo}/issues';

/** A billing question (team facturation, least-open between sophie-garnier and antoine-girard). */
function billingQuestion(now: number, index: number): Record<string, unknown> {
  return {
    form: 'question-facturation',
    lang: 'fr',
    requester: { name: `Client ${index}`, email: `client${index}@example.org` },
    fields: {
      sujet: `Frais de livraison facturés deux fois (${index})`,
      numero_facture: `FA-2026-00${4500 + index}`,
      motif: 'Je ne comprends pas un montant',
      question: 'La ligne « livraison » apparaît deux fois sur ma facture.',
    },
    idempotencyKey: `billing-question-${index}-${now}`,
    startedAt: now - 60_000,
  };
}

async function agentCall(
  h: Harness,
  method: string,
  path: string,
  body: unknown,
): Promise<{ number: number }> {
  const response = await fetch(`${h.standin.url}/repos/acme/support${path}`, {
    method,
    headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
  return (await response.json()) as { number: number };
}

async function submitAndAssign(h: Harness, now: number, index: number): Promise<string | undefined> {
  const response = await postRequest(h.url, billingQuestion(now, index));
  expect(response.status).toBe(202);
  const { ref } = (await response.json()) as { ref: string };
  await h.bot.worker.drain();
  const number = (await h.bot.context.refs.get(ref))?.issueNumber;
  expect(number).toBeGreaterThan(0);
  const issue = (await (
    await fetch(`${h.standin.url}/repos/acme/support/issues/${number}`, {
      headers: { authorization: `token ${agentToken}` },
    })
  ).json()) as { assignees: { login: string }[] };
  return issue.assignees[0]?.login;
}

describe('least-open assignment', () => {
  it('goes to the agent with the fewest open issues on GitHub, reads them once per five minutes, and counts its own assignments meanwhile', async () => {
    const clock = manualClock(monday);
    harness = await startHarness({ runWorker: false, wireWebhooks: false, clock: clock.now });
    // On GitHub: Sophie has two open issues, Antoine one open and one closed (closed ones do not count).
    const seeded: number[] = [];
    for (const assignee of ['sophie-garnier', 'sophie-garnier', 'antoine-girard', 'antoine-girard']) {
      seeded.push(
        (await agentCall(harness, 'POST', '/issues', { title: 'Dossier en cours', assignees: [assignee] }))
          .number,
      );
    }
    await agentCall(harness, 'PATCH', `/issues/${seeded[3]}`, { state: 'closed' });
    harness.standin.resetStats();

    // 2 open against 1: Antoine. Then 2 against 2 (his new ticket counted locally): Sophie, first in the team.
    expect(await submitAndAssign(harness, clock.now(), 1)).toBe('antoine-girard');
    clock.advance(60_000);
    expect(await submitAndAssign(harness, clock.now(), 2)).toBe('sophie-garnier');
    // Both decisions came from one listing of the open issues.
    expect(harness.standin.stats().requests[listIssues]).toBe(1);

    // Agents close Sophie's two old issues on GitHub. Within the cache window the bot still counts them
    // (Sophie 3, Antoine 2); once it expires, it reads GitHub again: Sophie 1, Antoine 2.
    for (const number of seeded.slice(0, 2))
      await agentCall(harness, 'PATCH', `/issues/${number}`, { state: 'closed' });
    clock.advance(60_000);
    expect(await submitAndAssign(harness, clock.now(), 3)).toBe('antoine-girard');
    expect(harness.standin.stats().requests[listIssues]).toBe(1);
    clock.advance(openCountsTtlMs);
    // Sophie 1 (ticket 2), Antoine 3 (his seeded one, tickets 1 and 3).
    expect(await submitAndAssign(harness, clock.now(), 4)).toBe('sophie-garnier');
    expect(harness.standin.stats().requests[listIssues]).toBe(2);
  });
});

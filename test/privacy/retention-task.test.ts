// privacy.retentionDays: the daily task forgets the requester of each ticket closed longer ago than that,
// through the bot's real path (form intake, worker, the stand-in), and nothing else.

import { afterEach, describe, expect, it } from 'vitest';
import { privacyRetentionTask } from '../../src/privacy/retention-task.ts';
import {
  agentToken,
  incidentSubmission,
  postRequest,
  settle,
  startHarness,
  type Harness,
} from '../support/bot-harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const dayMs = 24 * 60 * 60 * 1000;

async function issueJson(h: Harness, number: number): Promise<{ body: string; closed_at: string | null }> {
  const response = await fetch(`${h.standin.url}/repos/acme/support/issues/${number}`, {
    headers: { authorization: `token ${agentToken}` },
  });
  return (await response.json()) as { body: string; closed_at: string | null };
}

describe('privacy retention', () => {
  it('forgets the requester of a ticket closed longer than retentionDays ago, and only that', async () => {
    const h = (harness = await startHarness());
    const retentionDays = h.rules.desk.privacy.retentionDays;
    expect((await postRequest(h.url, incidentSubmission(h.bot.context.clock()))).status).toBe(202);
    await settle(h);
    const paul = incidentSubmission(h.bot.context.clock(), {
      requester: { name: 'Paul Langevin', email: 'paul@example.org' },
    });
    expect((await postRequest(h.url, paul)).status).toBe(202);
    await settle(h);
    const closed = await fetch(`${h.standin.url}/repos/acme/support/issues/1`, {
      method: 'PATCH',
      headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'closed', state_reason: 'completed' }),
    });
    expect(closed.status, JSON.stringify(await h.issues())).toBe(200);
    await settle(h);
    const closedAt = Date.parse((await issueJson(h, 1)).closed_at ?? '');
    expect((await issueJson(h, 1)).body).toContain('Marie Curie');
    const task = privacyRetentionTask(h.bot.context);
    const thread = async () =>
      (await h.bot.context.store.all("SELECT requester FROM mail_threads WHERE requester <> ''"))
        .map((row) => String(row.requester))
        .sort();

    // A day before the limit: nothing changes.
    const writes = h.standin.writeLog().length;
    await task.run(closedAt + (retentionDays - 1) * dayMs);
    expect(h.standin.writeLog()).toHaveLength(writes);
    expect(await thread()).toEqual(['marie.curie@example.org', 'paul@example.org']);

    // A day after: Marie's closed ticket is redacted and forgotten; Paul's open one is untouched.
    await task.run(closedAt + (retentionDays + 1) * dayMs);
    expect((await issueJson(h, 1)).body).not.toContain('Marie Curie');
    expect((await issueJson(h, 1)).body).toContain('[effacé · erased]');
    expect((await issueJson(h, 2)).body).toContain('Paul Langevin');
    expect(await thread()).toEqual(['paul@example.org']);

    // Run again: nothing left to do, no write.
    const after = h.standin.writeLog().length;
    await task.run(closedAt + (retentionDays + 2) * dayMs);
    expect(h.standin.writeLog()).toHaveLength(after);
  });
});

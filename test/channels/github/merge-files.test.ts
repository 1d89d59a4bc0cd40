// `/merge #N` carries the duplicate's files to #N: the attachments the bot kept from its mail (each with a
// fresh signed link that the bot serves) and the GitHub attachments linked in its issue are listed in #N's
// body, one line per merged ticket, in the same write as its labels (four writes in all); `/unmerge` takes
// the line off again (four writes too), leaving the other merged tickets' lines. Through the real bot, the
// stand-in's signed webhooks and the inbound mail endpoint.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  incidentSubmission,
  postRequest,
  settle,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';
import { agentApi, botWritesAfterComment } from '../../support/agent-api.ts';
import { readEmail } from '../../support/email-fixtures.ts';
import { postMail, processed } from '../../support/inbound-mail.ts';

const postComment = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
const patchIssue = 'PATCH /repos/{owner}/{repo}/issues/{issue_number}';
const heading = '**Fichiers des tickets fusionnés**';
const section = /<!-- repodesk:merged-files -->[\s\S]*<!-- \/repodesk:merged-files -->/;
const journal = 'https://github.com/user-attachments/files/123456/journal.txt';
const schema = 'https://github.com/user-attachments/assets/0b6f3a52-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

let harness: Harness;
const api = agentApi(() => harness);

const agentComments = (number: number, body: string) => botWritesAfterComment(harness, number, body);
const bodyOf = async (number: number) => (await api<{ body: string | null }>(`/issues/${number}`)).body ?? '';

async function lastBotNote(number: number): Promise<string> {
  const comments = await api<{ body: string; user: { login: string } }[]>(`/issues/${number}/comments`);
  return comments.filter((comment) => comment.user.login === harness.standin.botLogin).at(-1)?.body ?? '';
}

async function formTicket(name: string, email: string): Promise<number> {
  const response = await postRequest(
    harness.url,
    incidentSubmission(harness.bot.context.clock(), { requester: { name, email } }),
  );
  const accepted = (await response.json()) as { ref: string };
  await settle(harness);
  return (await harness.issues()).find((issue) => issue.body.includes(accepted.ref))!.number;
}

/** A ticket from a mail with two files the bot keeps (a PNG and a PDF) and one it refuses. */
async function mailTicket(): Promise<number> {
  const before = new Set((await harness.issues()).map((issue) => issue.number));
  const id = await postMail(harness, readEmail('nested-attachments.eml'));
  expect((await processed(harness, id)).state).toBe('done');
  await settle(harness);
  return (await harness.issues()).find((issue) => !before.has(issue.number))!.number;
}

/** The merged ticket lines of a body's files section. */
function listed(body: string): string[] {
  return (section.exec(body)?.[0] ?? '').split('\n').filter((line) => line.startsWith('- #'));
}

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

describe('files carried by /merge', () => {
  let target: number;
  let fromMail: number;
  let withLinks: number;
  let targetBody: string;

  it("lists the duplicate's mail attachments and GitHub attachments in the target's body, in four writes", async () => {
    target = await formTicket('Paul Martin', 'paul.martin@example.org');
    fromMail = await mailTicket();
    await agentComments(
      fromMail,
      `Journal joint par le client au téléphone : [journal.txt](${journal})\n\n![schéma du réseau](${schema})`,
    );
    targetBody = await bodyOf(target);

    expect(await agentComments(fromMail, `/merge #${target}`)).toEqual([
      postComment,
      patchIssue,
      postComment,
      patchIssue,
    ]);
    const body = await bodyOf(target);
    expect(body.startsWith(targetBody.trimEnd())).toBe(true);
    expect(body).toContain(heading);
    const lines = listed(body);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^- #${fromMail}: \\[capture\\.png\\]\\(<http://bot\\.test/files/[^>]+>\\), ` +
          `\\[bon-de-commande\\.pdf\\]\\(<http://bot\\.test/files/[^>]+>\\), ` +
          `\\[journal\\.txt\\]\\(<${journal}>\\), \\[schéma du réseau\\]\\(<${schema}>\\)$`,
      ),
    );
    // The refused file (an executable in disguise) was never kept: not listed.
    expect(lines[0]).not.toContain('facture.pdf');
    expect(await lastBotNote(target)).toContain(
      'Ses fichiers (4) sont listés dans la description, sous « Fichiers des tickets fusionnés ».',
    );
    // The signed links are served by the bot.
    for (const found of lines[0]!.matchAll(/<http:\/\/bot\.test(\/files\/[^>]+)>/g)) {
      const response = await fetch(`${harness.url}${found[1]}`);
      expect(response.status).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });

  it('a second duplicate with files gets its own line; one without files changes nothing in the body', async () => {
    withLinks = await formTicket('Marie Curie', 'marie.curie@example.org');
    await agentComments(withLinks, `Capture envoyée par Teams : [journal.txt](${journal})`);
    await agentComments(withLinks, `/merge #${target}`);
    const withoutFiles = await formTicket('Jeanne Baret', 'jeanne.baret@example.org');
    const before = await bodyOf(target);
    expect(await agentComments(withoutFiles, `/merge #${target}`)).toEqual([
      postComment,
      patchIssue,
      postComment,
    ]);
    expect(await bodyOf(target)).toBe(before);
    expect(listed(before).map((line) => line.split(':')[0])).toEqual([`- #${fromMail}`, `- #${withLinks}`]);
    expect(listed(before)[1]).toBe(`- #${withLinks}: [journal.txt](<${journal}>)`);
  });

  it("/unmerge takes the ticket's line off the target, in four writes; the others stay", async () => {
    expect(await agentComments(fromMail, '/unmerge')).toEqual([
      postComment,
      patchIssue,
      postComment,
      patchIssue,
    ]);
    expect(listed(await bodyOf(target))).toEqual([`- #${withLinks}: [journal.txt](<${journal}>)`]);
    await agentComments(withLinks, '/unmerge');
    const body = await bodyOf(target);
    expect(body).not.toContain(heading);
    expect(body).not.toContain('repodesk:merged-files');
    expect(body.trimEnd()).toBe(targetBody.trimEnd());
  });
});

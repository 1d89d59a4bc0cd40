// A job that failed and is retried must not store the customer's files again: each attachment of a mail is
// kept once (by message and part) and every attempt links that one file. GitHub answers 502 without
// applying the write (stand-in fault), so the retry renders the issue or the comment a second time.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentDir } from '../../../src/store/attachment-files.ts';
import { threadToken } from '../../../src/mail/thread-token.ts';
import { customerMessageMarker } from '../../../src/tickets/comment-kind.ts';
import { agentToken, eventually, startHarness, type Harness } from '../../support/bot-harness.ts';
import { readEmail } from '../../support/email-fixtures.ts';

const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAAMIM/////w8AH+4F+7C4l8kAAAAASUVORK5CYII=',
  'base64',
);

describe('attachments across retried jobs', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ retry: { baseMs: 100, capMs: 200, maxAttempts: 5 } });
  });
  afterAll(async () => {
    await harness?.close();
  });

  const storedFiles = () => {
    const dir = attachmentDir(harness.dataDir);
    return fs.existsSync(dir)
      ? fs
          .readdirSync(dir)
          .filter((name) => !name.startsWith('.'))
          .sort()
      : [];
  };
  const linkedIds = (markdown: string) =>
    [...markdown.matchAll(/\/files\/([A-Za-z0-9_-]{22}\.[a-z]+)\?exp=/g)]
      .map((found) => found[1] ?? '')
      .sort();
  const post = (raw: Buffer) =>
    fetch(`${harness.url}/api/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: new Uint8Array(raw),
    });

  it('an issue created on the second attempt links the files stored on the first, and no others exist', async () => {
    harness.standin.injectFault({ kind: 'error-before-apply', operation: 'issues/create' });
    await post(readEmail('nested-attachments.eml'));
    const issue = await eventually(async () => (await harness.issues())[0]);
    const ids = linkedIds(issue.body);
    // capture.png and bon-de-commande.pdf are kept; facture.pdf is an executable in disguise, refused.
    expect(ids).toHaveLength(2);
    expect(issue.body).toContain('facture.pdf');
    expect(storedFiles()).toEqual(ids);
    const jobs = (
      await harness.bot.context.store.all("SELECT attempts FROM jobs WHERE kind = 'mail-create-ticket'")
    ).map((row) => Number(row.attempts));
    expect(jobs).toEqual([2]);
  });

  it('a customer reply whose comment is written on the second attempt keeps its file once', async () => {
    const [issue] = await harness.issues();
    const ref = /ref=(RD-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(issue?.body ?? '')?.[1] ?? '';
    const before = storedFiles();
    const token = threadToken(ref, harness.bot.context.mail.threadSecret);
    const reply = [
      'From: Sophie Girard <sophie.girard@exemple-client.fr>',
      `To: support+${token}@cassiopee.example`,
      "Subject: Re: Capture de l'erreur et bon de commande",
      'Message-ID: <reply-with-capture@exemple-client.fr>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="r"',
      '',
      '--r',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Voici une seconde capture.',
      '--r',
      'Content-Type: image/png; name="capture-2.png"',
      'Content-Disposition: attachment; filename="capture-2.png"',
      'Content-Transfer-Encoding: base64',
      '',
      png.toString('base64'),
      '--r--',
      '',
    ].join('\r\n');
    harness.standin.injectFault({ kind: 'error-before-apply', operation: 'issues/create-comment' });
    await post(Buffer.from(reply));
    const comment = await eventually(async () => {
      const response = await fetch(
        `${harness.standin.url}/repos/acme/support/issues/${issue?.number ?? 0}/comments`,
        { headers: { authorization: `token ${agentToken}` } },
      );
      const comments = (await response.json()) as { body: string }[];
      return comments.find((candidate) => candidate.body.startsWith(customerMessageMarker));
    });
    const attempts = await harness.bot.context.store.get(
      "SELECT attempts FROM jobs WHERE kind = 'mail-inbound' ORDER BY id DESC LIMIT 1",
    );
    expect(Number(attempts?.attempts)).toBe(2);
    const added = storedFiles().filter((name) => !before.includes(name));
    expect(added).toEqual(linkedIds(comment.body));
    expect(added).toHaveLength(1);
    expect(fs.readFileSync(path.join(attachmentDir(harness.dataDir), added[0] ?? ''))).toEqual(png);
  });
});

// Files from the request form through the real bot and the GitHub stand-in: uploaded to
// POST /api/attachments, named by the submission with their upload tokens, listed in the issue with a
// signed link that downloads the very bytes; forged or stale files refused with 422 naming the file; files
// nobody attached deleted by the retention task.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { uploadRetentionTask } from '../../../src/channels/form/upload-retention.ts';
import { scheduledTasks } from '../../../src/bot/scheduled-tasks.ts';
import {
  eventually,
  incidentSubmission,
  manualClock,
  postRequest,
  siteOrigin,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(300, 7),
]);
const pdf = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n');
const exe = Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]);

interface Uploaded {
  files: { id: string; name: string; size: number; type: string; token: string }[];
  errors: { name: string; message: string }[];
}

/** Uploads files as the form page does (one multipart POST from the site's origin). */
async function upload(url: string, files: [string, Buffer][], lang = 'fr'): Promise<Uploaded> {
  const form = new FormData();
  for (const [name, bytes] of files) form.append('files', new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${url}/api/attachments?lang=${lang}`, {
    method: 'POST',
    headers: { origin: siteOrigin },
    body: form,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Uploaded;
}

const submissions = async (h: Harness) => (await h.bot.context.inbox.countBySource()).form ?? 0;

describe('attachments of a form submission', () => {
  it('make one issue in one write whose body lists each file with a signed link that downloads the exact bytes', async () => {
    harness = await startHarness();
    const now = harness.bot.context.clock();
    const uploaded = await upload(harness.url, [
      ['capture écran.png', png],
      ['facture.pdf', pdf],
      ['setup.exe', exe],
    ]);
    expect(uploaded.files.map((file) => file.name)).toEqual(['capture écran.png', 'facture.pdf']);
    expect(uploaded.errors.map((error) => error.name)).toEqual(['setup.exe']);
    const response = await postRequest(
      harness.url,
      incidentSubmission(now, {
        attachments: uploaded.files.map(({ id, token }) => ({ id, token })),
      }),
    );
    expect(response.status).toBe(202);
    const { ref } = (await response.json()) as { ref: string };

    const issue = await eventually(async () => (await harness!.issues()).find((i) => i.body.includes(ref)));
    const [pngFile, pdfFile] = uploaded.files;
    expect(issue.body).toContain('### Pièces jointes\n\n');
    const linkPattern = (id: string) =>
      `\\(http://bot\\.test(/files/${id.replace('.', '\\.')}\\?exp=\\d+&sig=[A-Za-z0-9_-]+)\\)`;
    expect(issue.body).toMatch(
      new RegExp(`- \\[capture écran\\.png\\]${linkPattern(pngFile!.id)} · image PNG · 308 o\\n`),
    );
    expect(issue.body).toMatch(new RegExp(`- \\[facture\\.pdf\\]${linkPattern(pdfFile!.id)} · PDF · 30 o`));
    expect(issue.body).not.toContain('setup.exe');

    // The link in the issue downloads exactly what the customer uploaded.
    const link = new RegExp(linkPattern(pngFile!.id)).exec(issue.body)?.[1] ?? '';
    const file = await fetch(`${harness.url}${link}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(png);

    // Uploads never touch GitHub: the ticket still costs one write.
    const stats = harness.standin.stats();
    expect(stats.contentWrites).toBe(1);
    expect(stats.writes).toBe(1);
    expect((await harness.bot.context.formUploads.get(pngFile!.id))?.ref).toBe(ref);
  });

  it('with a forged token, another uploader’s file or an unknown id is refused with 422 naming the file; nothing is accepted', async () => {
    harness = await startHarness();
    const now = harness.bot.context.clock();
    const mine = (await upload(harness.url, [['capture.png', png]])).files[0]!;
    const theirs = (await upload(harness.url, [['contrat.pdf', pdf]])).files[0]!;
    const forged = 'A'.repeat(43);
    const cases = [
      // A token made up for my own file.
      { attachments: [{ id: mine.id, token: forged }], file: mine.id, position: 1 },
      // Someone else's file id with the token I was given for mine.
      {
        attachments: [
          { id: mine.id, token: mine.token },
          { id: theirs.id, token: mine.token },
        ],
        file: theirs.id,
        position: 2,
      },
      // An id the bot never generated.
      {
        attachments: [{ id: 'zzzzzzzzzzzzzzzzzzzzzz.png', token: forged }],
        file: 'zzzzzzzzzzzzzzzzzzzzzz.png',
        position: 1,
      },
    ];
    for (const { attachments, file, position } of cases) {
      const response = await postRequest(harness.url, incidentSubmission(now, { attachments }));
      expect(response.status).toBe(422);
      expect(((await response.json()) as { errors: unknown[] }).errors).toEqual([
        {
          field: 'attachments',
          file,
          message: `Pièces jointes : le fichier n° ${position} est inconnu du service. Retirez-le et ajoutez-le à nouveau.`,
        },
      ]);
    }
    expect(await submissions(harness)).toBe(0);
    expect((await harness.bot.context.formUploads.get(theirs.id))?.ref).toBeUndefined();
    expect(harness.standin.stats().writes).toBe(0);
  });

  it('naming a file no longer on the bot is refused with 422 naming it, in the form language', async () => {
    harness = await startHarness();
    const now = harness.bot.context.clock();
    const file = (await upload(harness.url, [['journal.log', Buffer.from('erreur 42\n')]], 'en')).files[0]!;
    fs.rmSync(path.join(harness.dataDir, 'attachments', file.id));
    const english = incidentSubmission(now, {
      lang: 'en',
      attachments: [{ id: file.id, token: file.token }],
    });
    english.fields = {
      ...(english.fields as Record<string, unknown>),
      service: 'VPN and remote access',
      impact: 'I can no longer work',
    };
    const response = await postRequest(harness.url, english);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { errors: unknown[] }).errors).toEqual([
      {
        field: 'attachments',
        file: file.id,
        message:
          'journal.log: this file is no longer on the service (a file not sent with a request is deleted after 24 hours). Remove it and add it again.',
      },
    ]);
    expect(await submissions(harness)).toBe(0);
  });

  it('more files than MAIL_ATTACHMENT_MAX_FILES is refused with 422 naming the limit', async () => {
    harness = await startHarness({ mailEnv: { MAIL_ATTACHMENT_MAX_FILES: '2' } });
    const now = harness.bot.context.clock();
    const files = [
      ...(await upload(harness.url, [['a.png', png]])).files,
      ...(await upload(harness.url, [['b.png', png]])).files,
      ...(await upload(harness.url, [['c.png', png]])).files,
    ];
    const response = await postRequest(
      harness.url,
      incidentSubmission(now, { attachments: files.map(({ id, token }) => ({ id, token })) }),
    );
    expect(response.status).toBe(422);
    expect(((await response.json()) as { errors: unknown[] }).errors).toEqual([
      {
        field: 'attachments',
        message: 'Pièces jointes : 2 fichiers au plus par demande (vous en avez joint 3). Retirez-en.',
      },
    ]);
  });
});

describe('the upload retention task', () => {
  it('runs on the bot’s schedule', async () => {
    harness = await startHarness({ runWorker: false });
    expect(scheduledTasks(harness.bot.context).map((task) => task.name)).toContain(
      uploadRetentionTask(harness.bot.context).name,
    );
  });

  it('deletes files nobody attached within 24 hours, and keeps attached files and recent ones', async () => {
    const clock = manualClock();
    harness = await startHarness({ clock: clock.now, runWorker: false });
    const context = harness.bot.context;
    const [attached, forgotten] = (
      await upload(harness.url, [
        ['a-joindre.png', png],
        ['oubliee.png', png],
      ])
    ).files;
    const accepted = await postRequest(
      harness.url,
      incidentSubmission(clock.now(), { attachments: [{ id: attached!.id, token: attached!.token }] }),
    );
    expect(accepted.status).toBe(202);
    clock.advance(23 * 60 * 60 * 1000);
    const recent = (await upload(harness.url, [['recente.png', png]])).files[0]!;
    const onDisk = () => fs.readdirSync(path.join(harness!.dataDir, 'attachments')).sort();

    await uploadRetentionTask(context).run(clock.now());
    expect(onDisk()).toEqual([attached!.id, forgotten!.id, recent.id].sort());

    clock.advance(60 * 60 * 1000 + 1);
    await uploadRetentionTask(context).run(clock.now());
    expect(onDisk()).toEqual([attached!.id, recent.id].sort());
    expect(await context.formUploads.get(forgotten!.id)).toBeUndefined();
    // Too late to attach the forgotten file: the customer is told to add it again.
    const late = await postRequest(
      harness.url,
      incidentSubmission(clock.now(), { attachments: [{ id: forgotten!.id, token: forgotten!.token }] }),
    );
    expect(late.status).toBe(422);
    expect(((await late.json()) as { errors: { message: string }[] }).errors[0]?.message).toBe(
      "Pièces jointes : le fichier n° 1 n'est plus disponible sur le service (un fichier non envoyé avec une demande est effacé après 24 heures). Retirez-le et ajoutez-le à nouveau.",
    );
  });
});

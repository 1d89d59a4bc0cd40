// RELIABILITY 29 and 39 on a real full disk (issue 11, item 6): the bot's DATA_DIR on a tmpfs of a few
// megabytes, filled by a file of the test. An upload is answered 503 with Retry-After and a message the
// customer can read, and leaves no partial file and nothing under a final name; a mail attachment is never
// left truncated under its final name and arrives whole once space is back; form submissions are answered
// 503 with Retry-After once the store cannot write, and every one answered 202 before still becomes one
// issue. Needs root (mount -t tmpfs): skipped with one line elsewhere, failed in CI.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  eventually,
  incidentSubmission,
  manualClock,
  postRequest,
  siteOrigin,
  startHarness,
  type Harness,
} from '../support/bot-harness.ts';
import { mountTinyDisk, tinyDiskUnavailable, type TinyDisk } from './tiny-disk.ts';

const unavailable = tinyDiskUnavailable();
if (unavailable !== undefined) {
  const how = 'run it as root: sudo npx vitest run test/store/disk-full.test.ts';
  if (process.env.CI === 'true')
    throw new Error(`test/store/disk-full.test.ts cannot run here (${unavailable}); CI must run it: ${how}`);
  console.log(`skipped test/store/disk-full.test.ts: ${unavailable}; ${how}`);
}

let harness: Harness | undefined;
let disk: TinyDisk | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  disk?.unmount();
  disk = undefined;
});

async function botOnTinyDisk(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  disk = mountTinyDisk(32 * 1024 * 1024);
  return startHarness({ runWorker: false, ...options, dataDir: path.join(disk.dir, 'data') });
}

const pdf = (size: number) => {
  const bytes = Buffer.alloc(size);
  for (let index = 0; index < size; index += 1) bytes[index] = 0x20 + ((index * 7919) % 90);
  bytes.write('%PDF-1.7\n');
  return bytes;
};

/** Every file under DATA_DIR/attachments, partial ones included. */
const attachmentFiles = (h: Harness) => {
  const dir = path.join(h.dataDir, 'attachments');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
};

describe.skipIf(unavailable !== undefined)('a full disk under DATA_DIR', () => {
  it('an upload is answered 503 with Retry-After and a message in the form’s language; nothing stays on disk; /healthz turns red', async () => {
    harness = await botOnTinyDisk({ runWorker: true });
    disk!.fill(256 * 1024);
    const upload = (lang: string) => {
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(pdf(1024 * 1024))]), 'facture.pdf');
      return fetch(`${harness!.url}/api/attachments?lang=${lang}`, {
        method: 'POST',
        headers: { origin: siteOrigin },
        body: form,
      });
    };
    for (const [lang, message] of [
      [
        'fr',
        'Le service ne peut pas enregistrer de fichier pour le moment (son disque est plein) ; réessayez dans quelques minutes.',
      ],
      ['en', 'The service cannot store files at the moment (its disk is full); try again in a few minutes.'],
    ]) {
      const refused = await upload(lang!);
      expect(attachmentFiles(harness)).toEqual([]);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('120');
      expect(await refused.json()).toEqual({
        error: 'the disk holding the uploads is full; nothing was kept; try again later',
        errors: [{ field: 'files', message }],
        retryAfterSeconds: 120,
      });
    }
    expect(attachmentFiles(harness)).toEqual([]);
    expect((await harness.bot.context.store.get('SELECT count(*) AS n FROM form_uploads'))?.n).toBe(0);
    const health = await fetch(`${harness.url}/healthz`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { store: { error: string } }).store.error).toContain(
      'no space left on the disk holding DATA_DIR',
    );

    disk!.free();
    const accepted = await upload('fr');
    expect(accepted.status).toBe(200);
    const [kept] = ((await accepted.json()) as { files: { id: string; size: number }[] }).files;
    expect(kept?.size).toBe(1024 * 1024);
    expect(attachmentFiles(harness)).toEqual([kept!.id]);
  });

  it('a mail attachment is never left truncated under its final name; once space is back the issue links the whole file', async () => {
    const clock = manualClock();
    harness = await botOnTinyDisk({ clock: clock.now });
    const bytes = pdf(3 * 1024 * 1024);
    const raw = [
      'From: Claire Martin <claire.martin@exemple-client.fr>',
      'To: support@cassiopee.example',
      'Subject: Facture 4411 illisible',
      'Date: Mon, 3 Nov 2026 10:15:02 +0000',
      'Message-ID: <disk-full-1@exemple-client.fr>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Bonjour, la facture 4411 jointe est illisible.',
      '--b',
      'Content-Type: application/pdf; name="facture-4411.pdf"',
      'Content-Disposition: attachment; filename="facture-4411.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      bytes.toString('base64').replace(/.{76}/g, '$&\r\n'),
      '--b--',
      '',
    ].join('\r\n');
    const posted = await fetch(`${harness.url}/api/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: raw,
    });
    expect(posted.status).toBe(200);

    // Room for the store's own writes, not for the file.
    disk!.fill(1024 * 1024);
    await harness.bot.worker.drain();
    expect(attachmentFiles(harness)).toEqual([]);
    expect(await harness.issues()).toEqual([]);

    disk!.free();
    clock.advance(60 * 60 * 1000);
    await harness.bot.worker.drain();
    const [issue] = await harness.issues();
    const link = /\(http:\/\/bot\.test(\/files\/[^)]+)\)/.exec(issue?.body ?? '')?.[1];
    expect(link).toBeDefined();
    const file = await fetch(`${harness.url}${link}`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
    expect(attachmentFiles(harness).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('form submissions: 503 with Retry-After once the store cannot write; every one answered 202 becomes one issue, the refused one goes through on retry', async () => {
    harness = await botOnTinyDisk();
    const now = harness.bot.context.clock();
    expect((await postRequest(harness.url, incidentSubmission(now))).status).toBe(202);
    disk!.fill(0);
    const accepted: string[] = [];
    let refused: { body: Record<string, unknown>; response: Response } | undefined;
    // SQLite first fills the room its files already have; the store fails when it needs more.
    for (let attempt = 0; attempt < 200 && !refused; attempt += 1) {
      const body = incidentSubmission(now);
      const response = await postRequest(harness.url, body);
      if (response.status === 202) accepted.push(((await response.json()) as { ref: string }).ref);
      else refused = { body, response };
    }
    expect(refused?.response.status).toBe(503);
    expect(refused?.response.headers.get('retry-after')).toBe('30');
    expect(await refused?.response.json()).toEqual({
      error: 'temporarily unable to store the request; try again later',
    });

    disk!.free();
    const retried = await postRequest(harness.url, refused!.body);
    expect(retried.status).toBe(202);
    accepted.push(((await retried.json()) as { ref: string }).ref);
    harness.bot.worker.start();
    const issues = await eventually(async () => {
      const all = await harness!.issues();
      return all.length === accepted.length + 1 ? all : undefined;
    }, 30_000);
    for (const ref of accepted) expect(issues.filter((issue) => issue.body.includes(ref))).toHaveLength(1);
  });
});

// Issue 11, item 5: the request form's uploads stream to disk. A file is refused at the per-file limit
// without the bot reading further (counted at its socket), files no request has named yet share a quota
// (FORM_UPLOADS_MAX_BYTES): past it an upload gets 503 with Retry-After and a message naming the limit, and
// nothing of it stays on disk; files a request took, or the retention task deleted, no longer count.

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { uploadRetentionTask } from '../../../src/channels/form/upload-retention.ts';
import {
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

const png = (size: number, fill = 7) => {
  const bytes = Buffer.alloc(size, fill);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  return bytes;
};

async function upload(h: Harness, files: [string, Buffer][], lang = 'fr'): Promise<Response> {
  const form = new FormData();
  for (const [name, bytes] of files) form.append('files', new Blob([new Uint8Array(bytes)]), name);
  return fetch(`${h.url}/api/attachments?lang=${lang}`, {
    method: 'POST',
    headers: { origin: siteOrigin },
    body: form,
  });
}

/** Every file under DATA_DIR/attachments, partial ones included. */
const onDisk = (h: Harness) => {
  const dir = path.join(h.dataDir, 'attachments');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
};

const waiting = async (h: Harness) =>
  Number((await h.bot.context.store.get('SELECT count(*) AS n FROM form_uploads WHERE ref IS NULL'))?.n);

describe('the quota of uploaded files no request has named yet', () => {
  it('refuses an upload past it with 503, Retry-After and the limit in the form’s language; nothing of it stays on disk', async () => {
    harness = await startHarness({ runWorker: false, mailEnv: { FORM_UPLOADS_MAX_BYTES: '1000000' } });
    const first = await upload(harness, [['capture-1.png', png(600_000)]]);
    expect(first.status).toBe(200);
    const kept = ((await first.json()) as { files: { id: string }[] }).files;
    expect(onDisk(harness)).toEqual([kept[0]!.id]);

    for (const [lang, message] of [
      [
        'fr',
        'Le service garde déjà trop de fichiers pas encore envoyés avec une demande (limite : 977 ko) ; réessayez dans quelques minutes.',
      ],
      [
        'en',
        'The service already holds too many files not yet sent with a request (limit: 977 KB); try again in a few minutes.',
      ],
    ] as const) {
      const refused = await upload(harness, [['capture-2.png', png(600_000)]], lang);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('300');
      expect(await refused.json()).toEqual({
        error:
          'too many uploaded files are waiting for a request (the limit is 1000000 bytes); nothing was kept; try again later',
        errors: [{ field: 'files', message }],
        retryAfterSeconds: 300,
        limitBytes: 1_000_000,
      });
    }
    // Nothing of the refused uploads: no partial file, no record.
    expect(onDisk(harness)).toEqual([kept[0]!.id]);
    expect(await waiting(harness)).toBe(1);
    // A small file still fits under the limit.
    expect((await upload(harness, [['note.txt', Buffer.from('erreur 42\n')]])).status).toBe(200);
  });

  it('a chunked request (no declared length) stops at the quota mid-way: the files it already stored are removed too', async () => {
    harness = await startHarness({ runWorker: false, mailEnv: { FORM_UPLOADS_MAX_BYTES: '1000000' } });
    const boundary = 'quota-boundary';
    const body = Buffer.concat([
      ...['a.png', 'b.png', 'c.png'].flatMap((name) => [
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        png(400_000),
        Buffer.from('\r\n'),
      ]),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    const response = await fetch(`${harness.url}/api/attachments?lang=en`, {
      method: 'POST',
      headers: { origin: siteOrigin, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: new ReadableStream({
        start(controller) {
          for (let at = 0; at < body.length; at += 64 * 1024)
            controller.enqueue(new Uint8Array(body.subarray(at, at + 64 * 1024)));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { errors: { message: string }[] }).errors[0]?.message).toBe(
      'The service already holds too many files not yet sent with a request (limit: 977 KB); try again in a few minutes.',
    );
    expect(onDisk(harness)).toEqual([]);
    expect(await waiting(harness)).toBe(0);
  });

  it('files a request took, and files the retention task deleted, no longer count', async () => {
    const clock = manualClock();
    harness = await startHarness({
      runWorker: false,
      clock: clock.now,
      mailEnv: { FORM_UPLOADS_MAX_BYTES: '1000000' },
    });
    const taken = (
      (await (await upload(harness, [['capture.png', png(600_000)]])).json()) as {
        files: { id: string; token: string }[];
      }
    ).files[0]!;
    expect((await upload(harness, [['b.png', png(600_000)]])).status).toBe(503);
    const accepted = await postRequest(
      harness.url,
      incidentSubmission(clock.now(), { attachments: [{ id: taken.id, token: taken.token }] }),
    );
    expect(accepted.status).toBe(202);
    const forgotten = await upload(harness, [['b.png', png(600_000)]]);
    expect(forgotten.status).toBe(200);
    expect((await upload(harness, [['c.png', png(600_000)]])).status).toBe(503);
    clock.advance(25 * 60 * 60 * 1000);
    await uploadRetentionTask(harness.bot.context).run(clock.now());
    expect((await upload(harness, [['c.png', png(600_000)]])).status).toBe(200);
  });

  it('concurrent uploads together never keep more than the quota, and leave no partial file', async () => {
    harness = await startHarness({ runWorker: false, mailEnv: { FORM_UPLOADS_MAX_BYTES: '2000000' } });
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, index) => upload(harness!, [[`capture-${index}.png`, png(450_000)]])),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200).length).toBe(4);
    expect(statuses.filter((status) => status === 503).length).toBe(4);
    const files = onDisk(harness);
    expect(files.filter((name) => name.endsWith('.partial'))).toEqual([]);
    expect(files).toHaveLength(4);
    const bytes = files.reduce(
      (sum, name) => sum + fs.statSync(path.join(harness!.dataDir, 'attachments', name)).size,
      0,
    );
    expect(bytes).toBeLessThanOrEqual(2_000_000);
    expect(await harness.bot.context.formUploads.missing(files)).toEqual([]);
  });
});

/**
 * Streams a multipart upload of one file of `fileBytes` at the bot over a raw socket, like a client that
 * does not read the answer; returns the answer and how many bytes the bot read from the connection.
 */
async function streamUpload(
  h: Harness,
  fileBytes: number,
): Promise<{ head: string; body: string; bytesRead: number }> {
  const serverSide = new Promise<net.Socket>((resolve) => h.bot.http.server.once('connection', resolve));
  const socket = net.connect(Number(new URL(h.url).port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const server = await serverSide;
  const serverClosed = new Promise<number>((resolve) =>
    server.once('close', () => resolve(server.bytesRead)),
  );
  let received = '';
  socket.on('data', (data: Buffer) => {
    received += data.toString('utf8');
  });
  let closed = false;
  const clientClosed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      closed = true;
      resolve();
    }),
  );
  socket.on('error', () => {
    // The bot cutting the connection under a client still writing is the expected end.
  });
  const boundary = 'upload-boundary';
  const opening = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="capture.png"\r\nContent-Type: image/png\r\n\r\n`,
  );
  const closing = Buffer.from(`\r\n--${boundary}--\r\n`);
  const total = opening.length + fileBytes + closing.length;
  socket.write(
    [
      'POST /api/attachments?lang=fr HTTP/1.1',
      'Host: 127.0.0.1',
      `Origin: ${siteOrigin}`,
      `Content-Type: multipart/form-data; boundary=${boundary}`,
      `Content-Length: ${total}`,
      '',
      '',
    ].join('\r\n'),
  );
  socket.write(opening);
  const chunk = png(64 * 1024);
  let written = 0;
  while (!closed && written < fileBytes) {
    const piece = written === 0 ? chunk : chunk.subarray(8).fill(7);
    written += piece.length;
    if (!socket.write(piece))
      await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), clientClosed]);
  }
  if (!closed) socket.write(closing);
  const bytesRead = await serverClosed;
  // The bot closed its side: the answer is on its way to the client, which closes once it has read it.
  await clientClosed;
  const split = received.indexOf('\r\n\r\n');
  return { head: received.slice(0, split), body: received.slice(split + 4), bytesRead };
}

describe('a file over the per-file limit', () => {
  it('is refused with 413 naming it and the limit, without the bot reading further; nothing stays on disk', async () => {
    harness = await startHarness({ runWorker: false, mailEnv: { MAIL_ATTACHMENT_MAX_BYTES: '200000' } });
    // 1.5 MB: within the request cap (three files' worth and 1 MB), which the bot used to read whole.
    const outcome = await streamUpload(harness, 1_500_000);
    expect(outcome.head).toMatch(/^HTTP\/1\.1 413 /);
    expect(outcome.head.toLowerCase()).toContain('connection: close');
    expect(
      JSON.parse(outcome.body.slice(outcome.body.indexOf('{'), outcome.body.lastIndexOf('}') + 1)),
    ).toMatchObject({
      errors: [
        {
          field: 'files',
          name: 'capture.png',
          message: 'capture.png : fichier trop volumineux ; la limite est de 195 ko par fichier.',
        },
      ],
      limitBytes: 200_000,
    });
    // The limit, plus the headers and what TCP had in flight (a few 16–64 KiB reads).
    expect(outcome.bytesRead).toBeLessThan(200_000 + 4 * 64 * 1024);
    expect(onDisk(harness)).toEqual([]);
    expect(await waiting(harness)).toBe(0);
  });
});

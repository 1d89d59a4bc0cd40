// POST /api/attachments: the request form's file field (screenshots, PDFs, logs) uploads here before the
// submission, with the same allowlist by magic bytes, size and count caps, generated names and storage as
// mail attachments. Each kept file comes back with an id and a signed upload token; the submission then
// names the files by id and token, so nobody can attach a file someone else uploaded. Refused files come
// back one by one with a message in the form's language naming the file and the limit. Each kept file
// is recorded (form-uploads.ts) before the answer; one never attached to a request is deleted later.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { uploadRefusal } from '../../forms/upload-texts.ts';
import { HttpError, readBody, tooManyRequests } from '../../server/http-answer.ts';
import type { Route } from '../../server/http-server.ts';
import { screenAttachments, storeAttachment, type StoredAttachment } from '../attachments.ts';
import { mailServicesFor } from '../mail-services.ts';
import { formUploadsFor } from './form-uploads.ts';

/** The token that proves a submission's uploader stored file `id`. */
export function uploadToken(id: string, secret: string): string {
  return createHmac('sha256', secret).update(`upload:${id}`).digest('base64url');
}

/** Checks an upload token in constant time. */
export function verifyUploadToken(id: string, token: string, secret: string): boolean {
  const expected = Buffer.from(uploadToken(id, secret));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const uploadRoute: Route = {
  method: 'POST',
  path: '/api/attachments',
  cors: true,
  async handle(context, services) {
    const limited = services.ipLimiter.take(context.ip, context.now);
    if (!limited.allowed) throw tooManyRequests(limited.retryAfterMs);
    const type = (context.request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'multipart/form-data') {
      throw new HttpError(415, {
        error: `unsupported content type "${type ?? ''}": send the files as multipart/form-data`,
      });
    }
    const mail = mailServicesFor(services);
    const limits = mail.config.attachmentLimits;
    // The form uploads a few files at a time (one progress bar each): three files' worth per request at most.
    const body = await readBody(
      context.request,
      Math.min(limits.maxFiles, 3) * limits.maxFileBytes + 1024 * 1024,
    );
    let form: FormData;
    try {
      form = await new Request('http://upload.invalid/', {
        method: 'POST',
        headers: { 'content-type': context.request.headers['content-type'] ?? '' },
        body: new Uint8Array(body),
      }).formData();
    } catch {
      throw new HttpError(400, { error: 'malformed multipart body' });
    }
    const lang = context.url.searchParams.get('lang') === 'fr' ? 'fr' : 'en';
    const files = form.getAll('files').filter((entry): entry is File => typeof entry !== 'string');
    if (files.length === 0)
      throw new HttpError(422, {
        error: 'no file',
        errors: [{ field: 'files', message: lang === 'fr' ? 'Aucun fichier reçu.' : 'No file received.' }],
      });
    const candidates = await Promise.all(
      files.map(async (file) => ({ filename: file.name, content: new Uint8Array(await file.arrayBuffer()) })),
    );
    const errors: { field: string; name: string; message: string }[] = [];
    const stored: StoredAttachment[] = [];
    for (const verdict of screenAttachments(candidates, limits)) {
      if (!verdict.accepted) {
        errors.push({
          field: 'files',
          name: verdict.displayName,
          message: uploadRefusal(verdict.reason, verdict.displayName, lang, limits),
        });
        continue;
      }
      stored.push(storeAttachment(services.config.dataDir, verdict));
    }
    const uploads = formUploadsFor(services);
    await services.commit(() => {
      for (const file of stored) uploads.record(file, context.now);
    });
    const kept = stored.map((file) => ({
      id: file.id,
      name: file.displayName,
      size: file.size,
      type: file.kind,
      token: uploadToken(file.id, mail.fileSecret),
    }));
    context.log.info('attachments uploaded', { kept: kept.length, refused: errors.length });
    return { status: 200, json: { files: kept, errors } };
  },
};

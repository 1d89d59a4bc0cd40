// POST /api/attachments: the request form's file field (screenshots, PDFs, logs) uploads here before the
// submission, with the same allowlist by magic bytes, size and count caps, generated names and storage as
// mail attachments. Each kept file comes back with an id and a signed upload token; the submission then
// names the files by id and token, so nobody can attach a file someone else uploaded. Refused files come
// back one by one with a message in the form's language naming the file and the limit. Each kept file
// is recorded (form-uploads.ts) before the answer; one never attached to a request is deleted later.

import fs from 'node:fs';
import { uploadRefusal, uploadUnavailable, type RefusalDetail } from '../../forms/upload-texts.ts';
import type { BotContext } from '../../context.ts';
import { HttpError, tooManyRequests } from '../../http/http-answer.ts';
import { messagesFor } from '../../messages/index.ts';
import { messageLanguage, type MessageLanguage } from '../../messages/message-language.ts';
import type { RequestContext, Route } from '../../http/http-server.ts';
import { StoreError } from '../../store/open-store.ts';
import { type AttachmentLimits, type AttachmentVerdict } from '../../mail/attachments.ts';
import { storedAttachmentPath } from '../../store/attachment-files.ts';
import { unpackedLimits } from '../../mail/office-container.ts';
import { receiveUploads, UploadStopped, type ReceivedFile } from './receive-uploads.ts';
import { uploadToken } from './upload-token.ts';

export function uploadRoute(bot: BotContext): Route {
  return {
    method: 'POST',
    path: '/api/attachments',
    cors: true,
    async handle(context) {
      const limited = await bot.ipLimiter.take(context.ip, context.now);
      if (!limited.allowed) throw tooManyRequests(limited.retryAfterMs);
      const type = (context.request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'multipart/form-data') {
        throw new HttpError(415, {
          error: `unsupported content type "${type ?? ''}": send the files as multipart/form-data`,
        });
      }
      const mail = bot.mail;
      const limits = mail.config.attachmentLimits;
      const quotaBytes = mail.config.unattachedUploadsMaxBytes;
      const lang = messageLanguage(context.url.searchParams.get('lang') ?? 'en');
      const uploads = bot.formUploads;
      const dataDir = bot.config.dataDir;
      let reserved = 0;
      const reserve = async (bytes: number) => {
        if (!(await uploads.reserve(bytes, quotaBytes))) return false;
        reserved += bytes;
        return true;
      };
      let received: ReceivedFile[];
      try {
        received = await receiveUploads(context.request, {
          dataDir,
          limits,
          // The form uploads a few files at a time (one progress bar each): three files' worth per request at most.
          requestCapBytes: Math.min(limits.maxFiles, 3) * limits.maxFileBytes + 1024 * 1024,
          reserve,
        });
        if (received.length === 0)
          throw new HttpError(422, {
            error: 'no file',
            errors: [{ field: 'files', message: messagesFor(lang).uploadRoute.noFile }],
          });
        const stored = received.flatMap((file) => ('kept' in file ? [file.kept] : []));
        try {
          await bot.commit(async () => {
            for (const file of stored) await uploads.record(file, context.now);
          });
        } catch (error) {
          // Not recorded, so never reachable: the files go too.
          for (const file of stored) {
            const located = storedAttachmentPath(dataDir, file.id);
            if (located) fs.rmSync(located.file, { force: true });
          }
          throw error;
        }
      } catch (error) {
        throw refusal(error, { lang, limits, quotaBytes, bot, context });
      } finally {
        uploads.release(reserved);
      }
      const errors = received.flatMap((file) =>
        'refused' in file
          ? [
              {
                field: 'files',
                name: file.refused.displayName,
                message: uploadRefusal(
                  file.refused.reason,
                  file.refused.displayName,
                  lang,
                  limits,
                  refusalDetail(file.refused),
                ),
              },
            ]
          : [],
      );
      const kept = received.flatMap((file) =>
        'kept' in file
          ? [
              {
                id: file.kept.id,
                name: file.kept.displayName,
                size: file.kept.size,
                type: file.kept.kind,
                token: uploadToken(file.kept.id, mail.fileSecret),
              },
            ]
          : [],
      );
      context.log.info('attachments uploaded', { kept: kept.length, refused: errors.length });
      return { status: 200, json: { files: kept, errors } };
    },
  };
}

/** How long a client waits before trying again: space comes back as requests take their files or uploads expire. */
const retryAfterSeconds = { quota: 300, 'disk-full': 120 } as const;

/** The answer to an upload stopped before its end (every file of it removed), or the error unchanged. */
function refusal(
  error: unknown,
  facts: {
    lang: MessageLanguage;
    limits: AttachmentLimits;
    quotaBytes: number;
    bot: BotContext;
    context: RequestContext;
  },
): unknown {
  const { lang, limits, quotaBytes, bot, context } = facts;
  const unavailable = (why: 'quota' | 'disk-full', english: string) => {
    const seconds = retryAfterSeconds[why];
    return new HttpError(
      503,
      {
        error: english,
        errors: [{ field: 'files', message: uploadUnavailable(why, lang, quotaBytes) }],
        retryAfterSeconds: seconds,
        ...(why === 'quota' ? { limitBytes: quotaBytes } : {}),
      },
      { 'retry-after': String(seconds) },
    );
  };
  if (error instanceof StoreError && error.code === 'store-full') {
    // The operator's problem as much as the customer's: /healthz says it too.
    bot.storeHealth.lastError = { at: context.now, code: error.code, message: error.message };
    context.log.error('upload refused: disk full', { error: error.message });
    return unavailable(
      'disk-full',
      'the disk holding the uploads is full; nothing was kept; try again later',
    );
  }
  if (!(error instanceof UploadStopped)) return error;
  switch (error.why) {
    case 'quota':
      context.log.warn('upload refused: quota of waiting files reached', { limitBytes: quotaBytes });
      return unavailable(
        'quota',
        `too many uploaded files are waiting for a request (the limit is ${quotaBytes} bytes); nothing was kept; try again later`,
      );
    case 'request-too-large': {
      const limitBytes = Math.min(limits.maxFiles, 3) * limits.maxFileBytes + 1024 * 1024;
      return new HttpError(413, {
        error: `request body too large: the limit is ${limitBytes} bytes`,
        limitBytes,
      });
    }
    case 'file-too-large': {
      const name = error.file ?? '';
      return new HttpError(413, {
        error: `${name}: file too large; the limit is ${limits.maxFileBytes} bytes per file; nothing was kept`,
        errors: [{ field: 'files', name, message: uploadRefusal('too-large', name, lang, limits) }],
        limitBytes: limits.maxFileBytes,
      });
    }
    case 'malformed':
      return new HttpError(400, { error: error.message });
    case 'aborted':
      // Nobody reads this answer; it only keeps the log free of a stack trace.
      return new HttpError(400, { error: 'the upload was cut before its end; nothing was kept' });
  }
}

/** What a content refusal's message names. */
function refusalDetail(verdict: Extract<AttachmentVerdict, { accepted: false }>): RefusalDetail {
  if (verdict.reason === 'unsafe-content') return { entry: verdict.entry };
  if (verdict.reason === 'unpacked-too-large')
    return {
      unpackedBytes: verdict.unpackedBytes,
      maxRatio: unpackedLimits.maxRatio,
      maxUnpackedBytes: unpackedLimits.maxTotalBytes,
      ...(verdict.part === undefined ? {} : { part: verdict.part }),
    };
  return {};
}

// Reads the request form's multipart upload as it streams (@fastify/busboy) and writes each file straight
// to a partial file under DATA_DIR/attachments, so a bot taking many uploads at once holds a few chunks
// per upload in memory, never a whole file. Each file's type is decided by its first bytes before any byte
// is written (a refused type is not stored), an office document by its real structure once written; its
// size is counted as it arrives and the request is refused at the per-file limit without reading further.
// Every byte written counts against the quota of files waiting for a request. Whatever stops the request
// (a limit, a full disk, a client gone), nothing of it is left on disk.

import { Busboy, type BusboyFileStream } from '@fastify/busboy';
import type { IncomingMessage } from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { stopReading } from '../../http/http-answer.ts';
import {
  checkSniffed,
  contentRefusalMessage,
  displayNameOf,
  sniffBytes,
  sniffKind,
  type AttachmentLimits,
  type AttachmentVerdict,
} from '../../mail/attachments.ts';
import {
  attachmentDir,
  openAttachmentWriter,
  type AttachmentWriter,
  type StoredAttachment,
} from '../../store/attachment-files.ts';

/** One file of the upload: kept (on disk under its final name, not yet recorded) or refused with why. */
export type ReceivedFile =
  { kept: StoredAttachment } | { refused: Extract<AttachmentVerdict, { accepted: false }> };

/** Why reading stopped before the end: each is answered as a whole (nothing of the request is kept). */
export class UploadStopped extends Error {
  readonly why: 'request-too-large' | 'file-too-large' | 'quota' | 'malformed' | 'aborted';
  /** The file at fault (`file-too-large`). */
  readonly file?: string;
  constructor(why: UploadStopped['why'], message: string, file?: string) {
    super(message);
    this.name = 'UploadStopped';
    this.why = why;
    if (file !== undefined) this.file = file;
  }
}

export interface ReceiveOptions {
  dataDir: string;
  limits: AttachmentLimits;
  /** Largest request body, counted as it streams. */
  requestCapBytes: number;
  /** Counts bytes about to be written against the quota of waiting files; false: over it. */
  reserve(bytes: number): Promise<boolean>;
}

/**
 * Receives the files of field `files`, in order. Throws `UploadStopped` or a `store-full` StoreError (the
 * disk) after removing whatever it wrote; resolves with each file's outcome.
 */
export async function receiveUploads(
  request: IncomingMessage,
  options: ReceiveOptions,
): Promise<ReceivedFile[]> {
  const { limits, requestCapBytes } = options;
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > requestCapBytes) {
    stopReading(request);
    throw new UploadStopped(
      'request-too-large',
      `request body too large: the limit is ${requestCapBytes} bytes`,
    );
  }
  let parser: ReturnType<typeof Busboy>;
  try {
    parser = Busboy({
      headers: request.headers as Parameters<typeof Busboy>[0]['headers'],
      limits: { fields: 20, fieldSize: 4096, parts: 120, headerPairs: 20 },
    });
  } catch (error) {
    throw new UploadStopped('malformed', `malformed multipart body: ${(error as Error).message}`);
  }

  const writers = new Set<AttachmentWriter>();
  const tasks: Promise<ReceivedFile | undefined>[] = [];
  let failure: unknown;
  let wake: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const fail = (error: unknown) => {
    if (failure !== undefined) return;
    failure = error;
    request.unpipe(parser);
    if (error instanceof UploadStopped && readNoFurther.has(error.why)) stopReading(request);
    parser.destroy();
    wake();
  };

  // A declared length is counted whole before anything is read (refused at once when it does not fit);
  // a chunked body is counted as it is written.
  let prepaid = Number.isFinite(declared) && declared > 0 ? declared : 0;
  if (!(await options.reserve(Math.max(1, prepaid)))) {
    await drainBody(request, requestCapBytes);
    throw new UploadStopped('quota', 'the quota of files waiting for a request is reached');
  }
  const reserve = async (bytes: number) => {
    if (bytes <= prepaid) {
      prepaid -= bytes;
      return true;
    }
    const more = bytes - prepaid;
    prepaid = 0;
    return options.reserve(more);
  };

  async function receiveFile(
    stream: BusboyFileStream,
    filename: string,
    index: number,
  ): Promise<ReceivedFile> {
    const displayName = displayNameOf(filename, index);
    const head: Buffer[] = [];
    let headBytes = 0;
    let size = 0;
    let writer: AttachmentWriter | undefined;
    let sniffed: ReturnType<typeof sniffKind> | 'undecided' = 'undecided';
    const write = async (chunk: Buffer) => {
      if (!writer) return;
      if (!(await reserve(chunk.length)))
        throw new UploadStopped('quota', 'the quota of files waiting for a request is reached');
      await writer.write(chunk);
    };
    const decide = async (whole: boolean) => {
      const start = Buffer.concat(head);
      sniffed = sniffKind(start, displayName, whole);
      if (sniffed === undefined) return;
      writer = await openAttachmentWriter(options.dataDir);
      writers.add(writer);
      await write(start);
    };
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > limits.maxFileBytes)
          throw new UploadStopped(
            'file-too-large',
            `${displayName}: over the limit of ${limits.maxFileBytes} bytes per file`,
            displayName,
          );
        if (sniffed !== 'undecided') {
          await write(chunk);
          continue;
        }
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes >= sniffBytes) await decide(false);
      }
      if (sniffed === 'undecided' && size > 0) await decide(true);
      if (size === 0)
        return {
          refused: {
            accepted: false,
            displayName,
            reason: 'empty',
            message: `${displayName}: the file is empty`,
          },
        };
      const current: AttachmentWriter | undefined = writer;
      const check = await checkSniffed(sniffed === 'undecided' ? undefined : sniffed, current?.path ?? '');
      if (!check.ok || !current) {
        await current?.discard();
        const refusal = check.ok
          ? ({ reason: 'type-not-allowed', detail: 'no accepted type' } as const)
          : (({ ok: _ok, ...rest }) => rest)(check);
        return {
          refused: {
            accepted: false,
            displayName,
            ...refusal,
            message: contentRefusalMessage(displayName, refusal),
          },
        };
      }
      return { kept: await current.keep({ kind: check.kind, displayName }) };
    } catch (error) {
      await writer?.discard();
      throw error;
    }
  }

  let fileIndex = 0;
  parser.on('file', (field, stream, filename) => {
    const index = fileIndex;
    fileIndex += 1;
    if (field !== 'files' || failure !== undefined) {
      stream.resume();
      return;
    }
    tasks.push(
      receiveFile(stream, filename, index).catch((error: unknown) => {
        fail(error);
        return undefined;
      }),
    );
  });
  parser.on('field', () => {
    // The upload has no other fields; anything else is ignored.
  });
  parser.on('error', (error: unknown) =>
    fail(new UploadStopped('malformed', `malformed multipart body: ${(error as Error).message}`)),
  );
  parser.on('finish', () => wake());
  let received = 0;
  request.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > requestCapBytes)
      fail(
        new UploadStopped(
          'request-too-large',
          `request body too large: the limit is ${requestCapBytes} bytes`,
        ),
      );
  });
  request.on('error', () => fail(new UploadStopped('aborted', 'the client went away')));
  request.on('close', () => {
    if (!request.complete) fail(new UploadStopped('aborted', 'the client went away'));
  });
  request.pipe(parser);

  await stopped;
  const outcomes = await Promise.all(tasks);
  if (failure === undefined) {
    const files = outcomes.filter((outcome): outcome is ReceivedFile => outcome !== undefined);
    return tooMany(files, limits, options.dataDir);
  }
  // Stopped: every file of this request goes, kept or partial.
  await Promise.all([...writers].map((writer) => writer.discard()));
  for (const outcome of outcomes)
    if (outcome && 'kept' in outcome)
      fs.rmSync(path.join(attachmentDir(options.dataDir), outcome.kept.id), { force: true });
  // Refused for a reason of the bot's (quota, full disk): the rest is read and dropped, within the cap, so
  // that the client gets to read the answer (a browser reports a cut connection as a network error).
  if (!(failure instanceof UploadStopped && (readNoFurther.has(failure.why) || failure.why === 'aborted')))
    await drainBody(request, requestCapBytes - received);
  throw failure;
}

/** Refusals after which the bot reads nothing more of the request (the connection closes after the answer). */
const readNoFurther = new Set<UploadStopped['why']>(['request-too-large', 'file-too-large', 'malformed']);

/** Reads and drops the rest of a body, up to `allowance` bytes (past it, reading stops as for a body too large). */
function drainBody(request: IncomingMessage, allowance: number): Promise<void> {
  if (request.complete || request.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let left = allowance;
    const done = () => {
      request.off('data', onData);
      request.off('end', done);
      request.off('close', done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      left -= chunk.length;
      if (left >= 0) return;
      stopReading(request);
      done();
    };
    request.on('data', onData);
    request.once('end', done);
    request.once('close', done);
    request.resume();
  });
}

/** Files kept past `maxFiles` are refused (and removed), in the order they came, as mail attachments are. */
function tooMany(files: ReceivedFile[], limits: AttachmentLimits, dataDir: string): ReceivedFile[] {
  let kept = 0;
  return files.map((file) => {
    if (!('kept' in file)) return file;
    kept += 1;
    if (kept <= limits.maxFiles) return file;
    const { displayName, id } = file.kept;
    fs.rmSync(path.join(attachmentDir(dataDir), id), { force: true });
    return {
      refused: {
        accepted: false,
        displayName,
        reason: 'too-many',
        message: `${displayName}: only ${limits.maxFiles} files are kept per message`,
      },
    };
  });
}

// The request form's file field: each chosen file uploads at once to the bot's POST /api/attachments
// (XMLHttpRequest, for its upload progress events; never with credentials), with a progress bar, the bot's
// verdict or its refusal next to the file, and a button to remove it. The submission then names the kept
// files by id and upload token. Loaded only by forms that have the field.
import type { SubmissionAttachment } from '../../src/forms/submission-schema.ts';
import { fileSize, uploadRefusal } from '../../src/forms/upload-texts.ts';
import { botUrl } from './bot.ts';

export interface AttachmentStrings {
  uploading: string;
  uploaded: string;
  uploadFailed: string;
  remove: string;
}

export interface AttachmentField {
  /** Resolves when no upload is in progress any more (finished, refused or removed). */
  settled(): Promise<void>;
  /** The files the bot kept, in the order they were chosen. */
  files(): SubmissionAttachment[];
  /** Shows a message of the bot's 422 next to the file it names; false when the file is not listed. */
  markError(id: string, message: string): boolean;
}

interface Upload {
  row: HTMLLIElement;
  kept?: SubmissionAttachment;
  request?: XMLHttpRequest;
  done: Promise<void>;
}

interface UploadAnswer {
  files?: { id: string; token: string }[];
  errors?: { message: string }[];
}

const fill = (text: string, name: string) => text.replace('{name}', name);

/** Wires the file field `box` (the `[data-attachments]` element of the form). */
export function initAttachments(box: HTMLElement, lang: string, strings: AttachmentStrings): AttachmentField {
  const input = box.querySelector<HTMLInputElement>('input[type="file"]')!;
  const list = box.querySelector<HTMLUListElement>('[data-uploads]')!;
  const limits = { maxFiles: Number(box.dataset.maxFiles), maxFileBytes: Number(box.dataset.maxBytes) };
  const uploads: Upload[] = [];
  // The field is hidden in the HTML: without this script nothing would upload.
  box.hidden = false;

  function row(file: File): HTMLLIElement {
    const item = document.createElement('li');
    const name = document.createElement('span');
    name.className = 'upload-name';
    name.textContent = file.name;
    const size = document.createElement('span');
    size.className = 'upload-size';
    size.textContent = fileSize(file.size, lang);
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'button secondary';
    remove.textContent = strings.remove;
    const hidden = document.createElement('span');
    hidden.className = 'visually-hidden';
    hidden.textContent = ` ${file.name}`;
    remove.append(hidden);
    const status = document.createElement('span');
    status.className = 'upload-status';
    status.setAttribute('role', 'status');
    item.append(name, remove, size, status);
    return item;
  }

  function settle(upload: Upload, state: 'done' | 'failed', message: string): void {
    upload.row.dataset.state = state;
    // A kept file keeps its full bar; a refused one loses it.
    if (state === 'failed') upload.row.querySelector('progress')?.remove();
    const status = upload.row.querySelector<HTMLElement>('.upload-status')!;
    status.textContent = message;
    status.className = state === 'failed' ? 'upload-status error' : 'upload-status';
  }

  function send(file: File, upload: Upload): Promise<void> {
    return new Promise((resolve) => {
      const progress = document.createElement('progress');
      progress.max = 100;
      progress.value = 0;
      progress.setAttribute('aria-label', fill(strings.uploading, file.name));
      upload.row.querySelector('.upload-size')!.after(progress);
      upload.row.dataset.state = 'uploading';
      const request = new XMLHttpRequest();
      upload.request = request;
      request.open('POST', `${botUrl()}/api/attachments?lang=${encodeURIComponent(lang)}`);
      request.withCredentials = false;
      request.responseType = 'json';
      request.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable) progress.value = Math.round((event.loaded / event.total) * 100);
      });
      request.addEventListener('load', () => {
        const answer = (request.response ?? {}) as UploadAnswer;
        const kept = answer.files?.[0];
        if (request.status === 200 && kept) {
          progress.value = 100;
          upload.kept = { id: kept.id, token: kept.token };
          settle(upload, 'done', strings.uploaded);
        } else if (request.status === 413) {
          settle(upload, 'failed', uploadRefusal('too-large', file.name, lang, limits));
        } else {
          settle(upload, 'failed', answer.errors?.[0]?.message ?? fill(strings.uploadFailed, file.name));
        }
        resolve();
      });
      for (const failure of ['error', 'timeout'] as const)
        request.addEventListener(failure, () => {
          settle(upload, 'failed', fill(strings.uploadFailed, file.name));
          resolve();
        });
      request.addEventListener('abort', () => resolve());
      const body = new FormData();
      body.append('files', file, file.name);
      request.send(body);
    });
  }

  function add(file: File): void {
    const upload: Upload = { row: row(file), done: Promise.resolve() };
    upload.row.querySelector('button')!.addEventListener('click', () => {
      upload.request?.abort();
      uploads.splice(uploads.indexOf(upload), 1);
      upload.row.remove();
      // The removed row held the focus: give it back to the field.
      input.focus();
    });
    list.append(upload.row);
    const counted = uploads.filter((other) => other.row.dataset.state !== 'failed').length;
    uploads.push(upload);
    // Checked here with the bot's own words, so a file the bot would refuse is not sent at all.
    if (counted >= limits.maxFiles)
      settle(upload, 'failed', uploadRefusal('too-many', file.name, lang, limits));
    else if (file.size > limits.maxFileBytes)
      settle(upload, 'failed', uploadRefusal('too-large', file.name, lang, limits));
    else upload.done = send(file, upload);
  }

  input.addEventListener('change', () => {
    for (const file of input.files ?? []) add(file);
    // Choosing the same file again (after removing it) must fire `change` again.
    input.value = '';
  });

  return {
    async settled() {
      await Promise.all(uploads.map((upload) => upload.done));
    },
    files() {
      return uploads.flatMap((upload) => (upload.kept ? [upload.kept] : []));
    },
    markError(id, message) {
      const upload = uploads.find((candidate) => candidate.kept?.id === id);
      if (!upload) return false;
      upload.kept = undefined;
      settle(upload, 'failed', message);
      return true;
    },
  };
}

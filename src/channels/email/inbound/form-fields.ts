// The fields of a provider's form post as bytes, never as decoded text. SendGrid and Mailgun put the raw
// message in a plain form field (`email`, `body-mime`); the platform's FormData reads such a field as
// UTF-8 and replaces every 8-bit byte of an ISO-8859-1 or Windows-1252 mail with U+FFFD before the mail
// parser could read its charset. The parts are views into the body, nothing is copied.

import { HttpError } from '../../../http/http-answer.ts';
import type { RequestContext } from '../../../http/http-server.ts';

/** The fields of a `multipart/form-data` or `application/x-www-form-urlencoded` body, or undefined when it is malformed. */
export function formFields(body: Buffer, contentTypeHeader: string): Map<string, Uint8Array> | undefined {
  const type = (contentTypeHeader.split(';')[0] ?? '').trim().toLowerCase();
  if (type === 'multipart/form-data') return multipartFields(body, contentTypeHeader);
  if (type === 'application/x-www-form-urlencoded') return urlEncodedFields(body);
  return undefined;
}

function multipartFields(body: Buffer, contentTypeHeader: string): Map<string, Uint8Array> | undefined {
  const boundary = /;\s*boundary\s*=\s*(?:"([^"]{1,200})"|([^;\s"]{1,200}))/i.exec(contentTypeHeader);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return undefined;
  const delimiter = Buffer.from(`--${marker}`, 'latin1');
  const fields = new Map<string, Uint8Array>();
  let at = body.indexOf(delimiter);
  if (at === -1) return undefined;
  for (;;) {
    let start = at + delimiter.length;
    // `--` after the delimiter closes the body.
    if (body[start] === 0x2d && body[start + 1] === 0x2d) return fields;
    if (body[start] === 0x0d) start += 1;
    if (body[start] !== 0x0a) return undefined;
    start += 1;
    const headerEnd = indexOfBlankLine(body, start);
    if (headerEnd === undefined) return undefined;
    const headers = body.subarray(start, headerEnd.at).toString('latin1');
    const next = nextDelimiter(body, delimiter, headerEnd.bodyStart);
    if (next === undefined) return undefined;
    const name = /^content-disposition:[^\r\n]*?;\s*name\s*=\s*(?:"([^"]*)"|([^;\s]+))/im.exec(headers);
    const field = name?.[1] ?? name?.[2];
    // The first value of a repeated field wins, as FormData.get() does.
    if (field !== undefined && !fields.has(field))
      fields.set(field, body.subarray(headerEnd.bodyStart, next.contentEnd));
    at = next.at;
  }
}

function indexOfBlankLine(body: Buffer, from: number): { at: number; bodyStart: number } | undefined {
  const crlf = body.indexOf('\r\n\r\n', from, 'latin1');
  const lf = body.indexOf('\n\n', from, 'latin1');
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { at: crlf, bodyStart: crlf + 4 };
  if (lf !== -1) return { at: lf, bodyStart: lf + 2 };
  return undefined;
}

/** The next delimiter that starts a line; the part's content ends before the line break in front of it. */
function nextDelimiter(
  body: Buffer,
  delimiter: Buffer,
  from: number,
): { at: number; contentEnd: number } | undefined {
  let search = from;
  for (;;) {
    const at = body.indexOf(delimiter, search);
    if (at === -1) return undefined;
    if (at === from || body[at - 1] === 0x0a) {
      const contentEnd = at === from ? at : body[at - 2] === 0x0d ? at - 2 : at - 1;
      return { at, contentEnd: Math.max(from, contentEnd) };
    }
    search = at + 1;
  }
}

function percentDecode(text: string): Uint8Array {
  const out = Buffer.alloc(text.length);
  let length = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 0x2b) {
      out[length++] = 0x20;
    } else if (code === 0x25 && /^[0-9a-f]{2}$/i.test(text.slice(index + 1, index + 3))) {
      out[length++] = Number.parseInt(text.slice(index + 1, index + 3), 16);
      index += 2;
    } else {
      out[length++] = code & 0xff;
    }
  }
  return out.subarray(0, length);
}

function urlEncodedFields(body: Buffer): Map<string, Uint8Array> {
  const fields = new Map<string, Uint8Array>();
  for (const pair of body.toString('latin1').split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = Buffer.from(percentDecode(equals === -1 ? pair : pair.slice(0, equals))).toString('utf8');
    if (!fields.has(name)) fields.set(name, percentDecode(equals === -1 ? '' : pair.slice(equals + 1)));
  }
  return fields;
}

/** The fields of a provider's form post (see `formFields`); 400 when the body is malformed. */
export function formFieldsOf(context: RequestContext, body: Buffer): Map<string, Uint8Array> {
  const fields = formFields(body, context.request.headers['content-type'] ?? '');
  if (!fields)
    throw new HttpError(400, {
      error: 'malformed form body: expected multipart/form-data or application/x-www-form-urlencoded',
    });
  return fields;
}

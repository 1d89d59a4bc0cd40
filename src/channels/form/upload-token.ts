// The signed token an upload answers with: the submission names each file by id and token, so nobody can
// attach a file someone else uploaded.

import { createHmac, timingSafeEqual } from 'node:crypto';

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

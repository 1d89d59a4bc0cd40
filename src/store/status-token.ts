// Status tokens let a customer read their request's status with no account: an HMAC of the reference
// under a secret kept in DATA_DIR (generated on first start). Checking one needs no database lookup.
// The bot turns the secret into a key object once (`createSecretKey`): an HMAC keyed with a raw Buffer
// imports the key again on every call, about 5 times the cost of the hash itself on Node 24, and every
// accepted submission signs two tokens (the answer and the acknowledgement's status link).

import { createHmac, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Reads the token secret from `dataDir`, creating it (mode 0600) on first start. */
export function loadStatusSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, 'status-token.key');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new Error(
      `${file}: expected 64 hexadecimal characters; delete the file to generate a new secret (old status links stop working)`,
    );
  }
  return Buffer.from(text, 'hex');
}

/** The token printed in status links for `ref` (128 bits, URL-safe); `key` is the secret as a key object. */
export function signStatusToken(key: KeyObject, ref: string): string {
  return createHmac('sha256', key).update(`status:${ref}`).digest().subarray(0, 16).toString('base64url');
}

/** Constant-time check of a token against `ref`. */
export function verifyStatusToken(key: KeyObject, ref: string, token: string): boolean {
  const expected = Buffer.from(signStatusToken(key, ref));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

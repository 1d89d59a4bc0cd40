// The satisfaction survey's signed token: one per ticket (both the good and the bad link carry it, the
// rating is in the path), valid 30 days from the resolution mail. An HMAC of the reference and the expiry
// under the bot's survey secret (derived from the status secret, like the other signed links): checking one
// needs no database lookup, and a changed reference or expiry no longer matches.

import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a survey link works after the resolution mail. */
const surveyValidityMs = 30 * 86_400_000;

/** What a token says of itself. */
export type SurveyTokenCheck = { kind: 'valid' } | { kind: 'expired'; at: number } | { kind: 'tampered' };

function mac(secret: string, ref: string, expiresAt: number): string {
  return createHmac('sha256', secret)
    .update(`survey:${ref}:${expiresAt}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

/** The token of ticket `ref`'s survey links, valid until `now` + 30 days (`<expiry>.<mac>`, URL-safe). */
export function signSurveyToken(secret: string, ref: string, now: number): string {
  const expiresAt = Math.floor((now + surveyValidityMs) / 1000);
  return `${expiresAt.toString(36)}.${mac(secret, ref, expiresAt)}`;
}

/** Checks `token` against `ref` in constant time, then its expiry against `now`. */
export function checkSurveyToken(secret: string, ref: string, token: string, now: number): SurveyTokenCheck {
  const match = /^([0-9a-z]{1,10})\.([\w-]{22})$/.exec(token);
  if (!match) return { kind: 'tampered' };
  const expiresAt = Number.parseInt(match[1]!, 36);
  const expected = Buffer.from(mac(secret, ref, expiresAt));
  const given = Buffer.from(match[2]!);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { kind: 'tampered' };
  return expiresAt * 1000 < now ? { kind: 'expired', at: expiresAt * 1000 } : { kind: 'valid' };
}

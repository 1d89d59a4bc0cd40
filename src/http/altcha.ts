// Optional proof of work (ALTCHA), entirely offline: the bot signs a challenge, the browser solves it,
// the bot verifies the solution on submit. Each solved challenge is accepted once.

import { createChallenge, verifySolution, type Challenge, type Payload } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';

/** About 4,000 hashes on average in the browser: unnoticeable for a person, costly for bulk posting. */
const challengeOptions = { algorithm: 'SHA-256', cost: 1, keyPrefix: '000' } as const;
const lifetimeMs = 10 * 60_000;

/**
 * A fresh signed challenge for the form to solve. Its expiry travels in the signed `data`, checked on the
 * bot's clock: altcha-lib's own `expiresAt` is checked against the process clock, which is not the
 * clock the bot is given.
 */
export async function newAltchaChallenge(secret: string, now: number): Promise<Challenge> {
  return createChallenge({
    ...challengeOptions,
    deriveKey,
    hmacSignatureSecret: secret,
    data: { expiresAtMs: now + lifetimeMs },
  });
}

/** Remembers used challenges until they expire, so one solution cannot be replayed. */
export function createAltchaVerifier(
  secret: string,
): (payloadText: string | undefined, now: number) => Promise<boolean> {
  const used = new Map<string, number>();
  return async (payloadText, now) => {
    if (!payloadText) return false;
    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(payloadText, 'base64').toString('utf8')) as Payload;
    } catch {
      return false;
    }
    const signature = payload?.challenge?.signature;
    if (typeof signature !== 'string' || used.has(signature)) return false;
    const result = await verifySolution({
      challenge: payload.challenge,
      solution: payload.solution,
      deriveKey,
      hmacSignatureSecret: secret,
    }).catch(() => undefined);
    // The signature covers the parameters, so a verified expiry is the one the bot wrote.
    const expiresAtMs = payload.challenge.parameters?.data?.expiresAtMs;
    if (!result?.verified || typeof expiresAtMs !== 'number' || expiresAtMs < now) return false;
    for (const [key, expires] of used) if (expires < now) used.delete(key);
    used.set(signature, expiresAtMs);
    return true;
  };
}

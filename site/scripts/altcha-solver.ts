// The proof of work the bot asks for when REQUIRE_ALTCHA is on: fetches a signed challenge from the bot's
// GET /api/altcha (no credentials), solves it with WebCrypto (altcha-lib) and returns the payload the bot
// verifies. Imported on demand by the request form, only after the bot refused a submission for want of
// it: the library costs nothing to desks that leave the check off.
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/sha';
import { botUrl } from './bot.ts';

/** The solved challenge as the `altcha` field of a submission, or undefined when it could not be solved. */
export async function solveAltcha(): Promise<string | undefined> {
  const response = await fetch(`${botUrl()}/api/altcha`, {
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  });
  if (!response.ok) return undefined;
  const challenge = (await response.json()) as Challenge;
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) return undefined;
  // The bot reads base64 of the UTF-8 JSON.
  const bytes = new TextEncoder().encode(JSON.stringify({ challenge, solution }));
  return btoa(String.fromCharCode(...bytes));
}

// Whether the server that received a message judged it spam, by the headers its filter writes
// (SpamAssassin, rspamd, amavis): `X-Spam-Flag: YES`, `X-Spam-Status: Yes, score=…`, or a score in
// `X-Spam-Score` or `X-Spam-Status` at or over the desk's threshold. Only the message's own header block is
// read: a verdict in its body, in quoted text or in an attached message never counts. The sender can write
// these headers too, and a filter may add its copy above or below theirs: any copy that says spam wins,
// so a forged `X-Spam-Flag: NO` cannot hide the filter's `YES` (a forged `YES` only holds the forger's own
// mail). A score that is not a number is ignored. Pure.

import type { MailSpamSetting } from '../rules/types.ts';
import type { ParsedMail } from './parse-message.ts';

/** The header that made a message spam, as written (its value cut to 100 characters). */
export interface SpamVerdict {
  header: 'X-Spam-Flag' | 'X-Spam-Status' | 'X-Spam-Score';
  value: string;
}

const names = {
  'x-spam-flag': 'X-Spam-Flag',
  'x-spam-status': 'X-Spam-Status',
  'x-spam-score': 'X-Spam-Score',
} as const;

// A plain decimal: `7`, `-1.5`, `5.20`; rspamd may add its reject score (`5.20 / 15.00`).
const scoreValue = /^([-+]?\d{1,6}(?:\.\d{1,6})?)(?:\s*\/\s*[-+]?\d{1,6}(?:\.\d{1,6})?)?$/;
const statusScore = /(?:^|[\s,;])score=([-+]?\d{1,6}(?:\.\d{1,6})?)(?=$|[\s,;])/i;

function saysSpam(key: keyof typeof names, value: string, threshold: number): boolean {
  if (key === 'x-spam-flag') return /^yes$/i.test(value);
  if (key === 'x-spam-score') {
    const score = scoreValue.exec(value)?.[1];
    return score !== undefined && Number(score) >= threshold;
  }
  if (/^yes\b/i.test(value)) return true;
  const score = statusScore.exec(value)?.[1];
  return score !== undefined && Number(score) >= threshold;
}

/** The first header of `mail` that says spam under `setting`, or undefined (always when headers are not trusted). */
export function spamVerdict(
  mail: Pick<ParsedMail, 'headers'>,
  setting: MailSpamSetting,
): SpamVerdict | undefined {
  if (!setting.trustHeaders) return undefined;
  for (const header of mail.headers) {
    if (!Object.hasOwn(names, header.key)) continue;
    const key = header.key as keyof typeof names;
    const value = header.value
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (saysSpam(key, value, setting.scoreThreshold))
      return { header: names[key], value: value.slice(0, 100) };
  }
  return undefined;
}

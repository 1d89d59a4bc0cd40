// POST /api/inbound/mailgun: a Mailgun route forwarding to a URL ending in `mime`, the raw message in
// `body-mime`; the post is Mailgun's when its signature verifies with MAILGUN_SIGNING_KEY.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { HttpError } from '../../../http/http-answer.ts';
import { formFieldsOf } from './form-fields.ts';
import { unauthorised, type InboundProvider } from './inbound-provider.ts';

/** Mailgun signs `timestamp + token` with the webhook signing key (HMAC-SHA256, hex). */
function verifyMailgunSignature(
  signingKey: string,
  timestamp: string,
  token: string,
  signature: string,
  nowMs: number,
): 'ok' | 'bad-signature' | 'stale' {
  const expected = createHmac('sha256', signingKey)
    .update(timestamp + token)
    .digest('hex');
  const given = Buffer.from(signature.toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected)))
    return 'bad-signature';
  const seconds = Number(timestamp);
  if (!Number.isFinite(seconds) || Math.abs(nowMs / 1000 - seconds) > 15 * 60) return 'stale';
  return 'ok';
}

export const mailgun: InboundProvider = {
  path: '/api/inbound/mailgun',
  authenticate(_context, settings) {
    if (!settings.mailgunSigningKey) throw unauthorised('set MAILGUN_SIGNING_KEY on the bot');
  },
  async rawMessage(context, body, settings) {
    const form = formFieldsOf(context, body);
    const text = (name: string) => Buffer.from(form.get(name) ?? new Uint8Array()).toString('utf8');
    const verdict = verifyMailgunSignature(
      settings.mailgunSigningKey ?? '',
      text('timestamp'),
      text('token'),
      text('signature'),
      context.now,
    );
    if (verdict !== 'ok')
      throw unauthorised(verdict === 'stale' ? 'timestamp older than 15 minutes' : 'bad signature');
    const raw = form.get('body-mime');
    if (!raw || raw.byteLength === 0)
      throw new HttpError(400, {
        error: 'no "body-mime" field: forward to a URL ending in "mime" in the Mailgun route',
      });
    return raw;
  },
};

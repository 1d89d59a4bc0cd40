// The token that ties a mail we send to its ticket. It travels in the Reply-To plus-address
// (`support+<token>@…`) and in our Message-ID (`<token.random@…>`), so a customer's reply carries it
// back whatever their client keeps. It is signed: a stranger cannot forge one for someone else's ticket.
// Lower-case letters, digits and dashes only, because some mail servers lower-case local parts.

import crypto from 'node:crypto';

const signatureLength = 16;

function signatureOf(ref: string, secret: string): string {
  return crypto.createHmac('sha256', secret).update(`thread:${ref}`).digest('hex').slice(0, signatureLength);
}

/** The signed token of a ticket reference (`RD-1042` → `rd-1042-<16 hex>`). */
export function threadToken(ref: string, secret: string): string {
  const lower = ref.toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(lower))
    throw new Error(`threadToken: reference "${ref}" must be letters, digits and dashes`);
  return `${lower}-${signatureOf(lower, secret)}`;
}

/** The reference inside a token when its signature is right (compared in constant time); otherwise undefined. */
export function verifyThreadToken(token: string, secret: string): string | undefined {
  const found = /^([a-z0-9][a-z0-9-]{0,39})-([0-9a-f]{16})$/.exec(token.toLowerCase());
  if (!found) return undefined;
  const ref = found[1] ?? '';
  const expected = Buffer.from(signatureOf(ref, secret));
  const given = Buffer.from(found[2] ?? '');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? ref : undefined;
}

/** `support@x` + token → `support+token@x`. */
export function replyToAddress(address: string, token: string): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, at)}+${token}${address.slice(at)}`;
}

/**
 * A Message-ID for one outgoing mail: the token, then a part derived from the outbox job key, so a retried
 * send carries the same id (the receiving side and our threading see one message).
 */
export function outgoingMessageId(token: string, jobKey: string, secret: string, domain: string): string {
  const stable = crypto.createHmac('sha256', secret).update(`message:${jobKey}`).digest('hex').slice(0, 20);
  return `${token}.${stable}@${domain}`;
}

/** Tokens found in recipient plus-addresses for our address, and in Message-IDs of our domain. */
export function tokensIn(options: { recipients: string[]; messageIds: string[]; address: string }): string[] {
  const [local = '', domain = ''] = options.address.toLowerCase().split('@');
  const tokens: string[] = [];
  for (const recipient of options.recipients) {
    const [recipientLocal = '', recipientDomain = ''] = recipient.toLowerCase().split('@');
    if (recipientDomain === domain && recipientLocal.startsWith(`${local}+`))
      tokens.push(recipientLocal.slice(local.length + 1));
  }
  for (const id of options.messageIds) {
    const [left = '', idDomain = ''] = id.toLowerCase().split('@');
    if (idDomain === domain && left.includes('.')) tokens.push(left.slice(0, left.indexOf('.')));
  }
  return tokens;
}

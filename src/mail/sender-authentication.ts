// Whether the From address of a message can be believed. Anyone can write any From, and any
// `Authentication-Results` header: only the one our own MTA put on top (its authserv-id is
// desk.mail.authservId) says what SPF, DKIM and DMARC found. Threading asks this before it lets a `[#ref]`
// in the subject append a mail to the ticket of the address in its From. Pure.

import type { MailHeader, ParsedMail } from './parse-message.ts';

export type AuthenticationMethod = 'dkim' | 'spf' | 'dmarc';

export interface AuthenticationResult {
  method: AuthenticationMethod;
  /** `pass`, `fail`, `none`, `softfail`, … lower-cased. */
  result: string;
  /** The domain the result is about (`header.d`, `smtp.mailfrom`, `header.from`), lower-cased, when given. */
  domain?: string;
}

/**
 * What the sender's address is worth: `not-checked` when no authserv-id is configured (the From is taken
 * as it is), `verified` when our MTA says DMARC, or DKIM or SPF aligned with the From domain, passed, and
 * `unverified` otherwise (no header of ours, a foreign one, or a failing verdict).
 */
export type SenderTrust = 'not-checked' | 'verified' | 'unverified';

const methods: readonly AuthenticationMethod[] = ['dkim', 'spf', 'dmarc'];

function withoutComments(value: string): string {
  // RFC 8601 allows (comments) anywhere; nested ones are rare enough to be cut at the first ')'.
  return value.replace(/\([^()]*\)/g, ' ');
}

function domainOf(value: string): string {
  const at = value.lastIndexOf('@');
  return (at === -1 ? value : value.slice(at + 1)).replace(/[<>"\s]/g, '').toLowerCase();
}

/** The results of the topmost `Authentication-Results` header whose authserv-id is `authservId`. */
export function trustedAuthentication(
  mail: Pick<ParsedMail, 'headers'>,
  authservId: string,
): AuthenticationResult[] {
  if (authservId === '') return [];
  // Our MTA adds its header on top; one with our id further down was written by someone else.
  const ours = mail.headers.find(
    (header: MailHeader) =>
      header.key === 'authentication-results' &&
      (withoutComments(header.value).split(';')[0] ?? '').trim().split(/\s+/)[0]?.toLowerCase() ===
        authservId.toLowerCase(),
  );
  if (!ours) return [];
  const results: AuthenticationResult[] = [];
  for (const statement of withoutComments(ours.value).split(';').slice(1)) {
    const [verdict = '', ...properties] = statement.trim().split(/\s+/);
    const found = /^([a-z]+)=([a-z]+)$/i.exec(verdict);
    const method = methods.find((known) => known === found?.[1]?.toLowerCase());
    if (!found || !method) continue;
    const result: AuthenticationResult = { method, result: (found[2] ?? '').toLowerCase() };
    const wanted =
      method === 'dkim' ? /^header\.[di]=/i : method === 'spf' ? /^smtp\.mailfrom=/i : /^header\.from=/i;
    const property = properties.find((candidate) => wanted.test(candidate));
    if (property) result.domain = domainOf(property.slice(property.indexOf('=') + 1));
    results.push(result);
  }
  return results;
}

/** Relaxed alignment (RFC 7489): one domain is the other or a subdomain of it. */
function aligned(domain: string, fromDomain: string): boolean {
  return domain === fromDomain || fromDomain.endsWith(`.${domain}`) || domain.endsWith(`.${fromDomain}`);
}

/** How far the From address of `mail` can be trusted, by the header of the MTA named `authservId`. */
export function senderTrust(mail: Pick<ParsedMail, 'headers' | 'from'>, authservId: string): SenderTrust {
  if (authservId === '') return 'not-checked';
  const fromDomain = domainOf(mail.from?.address ?? '');
  if (fromDomain === '') return 'unverified';
  const passed = trustedAuthentication(mail, authservId).some(
    (entry) =>
      entry.result === 'pass' &&
      // DMARC is about the From domain itself: a result that names no domain is about it.
      (entry.domain === undefined ? entry.method === 'dmarc' : aligned(entry.domain, fromDomain)),
  );
  return passed ? 'verified' : 'unverified';
}

// Which of the desk's sender lists (rules/desk.yaml `mail.blockedSenders`, `blockedDomains`,
// `allowedSenders`, `allowedDomains`) a sender's address falls under. An address entry beats a domain
// entry, and a longer domain (a subdomain) beats a shorter one: `allowedSenders: [boss@spam.example]` lets
// one address of a blocked domain through. Validate refuses an entry both allowed and blocked, so no tie
// is left. Case does not matter. Pure.

import type { MailSetting } from '../rules/types.ts';

export type SenderList = 'blockedSenders' | 'blockedDomains' | 'allowedSenders' | 'allowedDomains';

/** The entry that decides for a sender: where it is (`mail.blockedDomains[0]`) and what it says. */
export interface SenderRule {
  verdict: 'allowed' | 'blocked';
  list: SenderList;
  index: number;
  entry: string;
}

/** Every entry of `list` that `matches`. */
function entries(mail: MailSetting, list: SenderList, matches: (entry: string) => boolean): SenderRule[] {
  const verdict = list.startsWith('allowed') ? 'allowed' : 'blocked';
  return mail[list].flatMap((entry, index) =>
    matches(entry.trim().toLowerCase()) ? [{ verdict, list, index, entry } satisfies SenderRule] : [],
  );
}

/** The rule of desk.yaml that decides for `address`, or undefined when no list names it. */
export function senderRule(address: string, mail: MailSetting): SenderRule | undefined {
  const sender = address.trim().toLowerCase();
  const byAddress = [
    ...entries(mail, 'allowedSenders', (entry) => entry === sender),
    ...entries(mail, 'blockedSenders', (entry) => entry === sender),
  ][0];
  if (byAddress) return byAddress;
  const domain = sender.slice(sender.lastIndexOf('@') + 1);
  const inDomain = (entry: string) => domain === entry || domain.endsWith(`.${entry}`);
  return [
    ...entries(mail, 'allowedDomains', inDomain),
    ...entries(mail, 'blockedDomains', inDomain),
  ].toSorted((a, b) => b.entry.trim().length - a.entry.trim().length)[0];
}

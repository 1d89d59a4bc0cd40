// rules/desk.yaml, second pass: priorities, types and categories unique, defaults and the lifecycle calendar known,
// the mail sender lists made of addresses and domains (and none both allowed and blocked).
import type { Finding } from '../../finding.ts';
import { duplicates, reference } from '../../finding.ts';
import type { Known } from '../../known.ts';
import type { RulesInput } from '../../rules-input.ts';
import type { MailSetting } from '../../types.ts';
import { formatPath } from '../../yaml-source.ts';
import { checkLocalisedTexts } from '../check-localised-texts.ts';
import { deskSchema } from './schema.ts';

const DESK = 'rules/desk.yaml';

/** The second pass over rules/desk.yaml. */
export function checkDesk(input: RulesInput, known: Known): Finding[] {
  const out: Finding[] = [];
  const desk = input.desk;
  if (!desk) return out;
  if (known.languages) checkLocalisedTexts(DESK, [], deskSchema, desk, [...known.languages], out);
  duplicates(DESK, ['priorities'], desk.priorities, (p) => p.id, 'id', 'priority id', out);
  duplicates(DESK, ['types'], desk.types, (t) => t.id, 'id', 'type id', out);
  duplicates(DESK, ['categories'], desk.categories, (c) => c.id, 'id', 'category id', out);
  reference(out, DESK, ['defaultPriority'], known.priorities, desk.defaultPriority, 'priority', 'priorities');
  reference(out, DESK, ['defaultType'], known.types, desk.defaultType, 'type', 'types');
  reference(
    out,
    DESK,
    ['lifecycle', 'calendar'],
    known.calendars,
    desk.lifecycle.calendar,
    'calendar',
    'calendars (sla.yaml)',
  );
  checkSenderLists(desk.mail, out);
  const first = desk.repositories?.[0];
  if (first !== undefined && first !== desk.repository)
    out.push({
      file: DESK,
      path: ['repositories', 0],
      severity: 'error',
      message: `repositories[0] is "${first}", expected the default repository "${desk.repository}" first: put \`repository\` at the head of the list`,
    });
  return out;
}

const addressEntry = /^[^@\s<>"(),;:]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z0-9-]{2,}$/i;
const domainEntry = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z0-9-]{2,}$/i;

type SenderList = 'blockedSenders' | 'blockedDomains' | 'allowedSenders' | 'allowedDomains';

/** Each list holds what its name says; an entry both allowed and blocked is refused (which would win?). */
function checkSenderLists(mail: MailSetting, out: Finding[]): void {
  const lists: [SenderList, 'address' | 'domain', SenderList][] = [
    ['blockedSenders', 'address', 'blockedDomains'],
    ['allowedSenders', 'address', 'allowedDomains'],
    ['blockedDomains', 'domain', 'blockedSenders'],
    ['allowedDomains', 'domain', 'allowedSenders'],
  ];
  for (const [list, kind, other] of lists) {
    mail[list].forEach((entry, index) => {
      const path = ['mail', list, index];
      const example = kind === 'address' ? 'promo@vente-flash.example' : 'vente-flash.example';
      const fits = (kind === 'address' ? addressEntry : domainEntry).test(entry.trim());
      if (fits) return;
      const hint =
        kind === 'address' && domainEntry.test(entry.trim())
          ? `; a whole domain goes under mail.${other}`
          : kind === 'domain' && entry.includes('@')
            ? `; a domain has no @: write "${entry.slice(entry.lastIndexOf('@') + 1)}", or put the address under mail.${other}`
            : '';
      out.push({
        file: DESK,
        path,
        severity: 'error',
        message: `expected ${kind === 'address' ? 'an email address' : 'a domain'} like "${example}", found "${entry}"${hint}`,
      });
    });
  }
  for (const [allowed, blocked] of [
    ['allowedSenders', 'blockedSenders'],
    ['allowedDomains', 'blockedDomains'],
  ] as const) {
    const blockedAt = new Map(mail[blocked].map((entry, index) => [entry.trim().toLowerCase(), index]));
    mail[allowed].forEach((entry, index) => {
      const other = blockedAt.get(entry.trim().toLowerCase());
      if (other === undefined) return;
      out.push({
        file: DESK,
        path: ['mail', allowed, index],
        severity: 'error',
        message: `"${entry}" is both allowed and blocked (also ${formatPath(['mail', blocked, other])}); keep it in one list`,
      });
    });
  }
}

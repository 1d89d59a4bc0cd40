// rules/customers.yaml, second pass: ids unique, tiers, teams and languages known, each domain owned once.
import type { Finding } from '../../finding.ts';
import { duplicates, reference } from '../../finding.ts';
import type { Known } from '../../known.ts';
import type { RulesInput } from '../../rules-input.ts';
import type { PathSegment } from '../../yaml-source.ts';
import { checkLocalisedTexts } from '../check-localised-texts.ts';
import { customersSchema } from './schema.ts';

const CUSTOMERS = 'rules/customers.yaml';

/** The second pass over rules/customers.yaml. */
export function checkCustomers(input: RulesInput, known: Known): Finding[] {
  const out: Finding[] = [];
  const customers = input.customers;
  if (!customers) return out;
  if (known.languages)
    checkLocalisedTexts(CUSTOMERS, [], customersSchema, customers, [...known.languages], out);
  duplicates(CUSTOMERS, ['tiers'], customers.tiers, (t) => t.id, 'id', 'tier id', out);
  duplicates(
    CUSTOMERS,
    ['organisations'],
    customers.organisations,
    (o) => o.id,
    'id',
    'organisation id',
    out,
  );
  const claimed = new Map<string, number>();
  customers.organisations.forEach((organisation, index) => {
    const base: PathSegment[] = ['organisations', index];
    reference(out, CUSTOMERS, [...base, 'tier'], known.tiers, organisation.tier, 'tier', 'tiers');
    if (organisation.defaultTeam !== undefined)
      reference(
        out,
        CUSTOMERS,
        [...base, 'defaultTeam'],
        known.teams,
        organisation.defaultTeam,
        'team',
        'teams',
      );
    if (organisation.language !== undefined)
      reference(
        out,
        CUSTOMERS,
        [...base, 'language'],
        known.languages,
        organisation.language,
        'language',
        'languages (desk.yaml)',
      );
    organisation.domains.forEach((domain, i) => {
      const owner = claimed.get(domain);
      if (owner === undefined) claimed.set(domain, index);
      else if (owner !== index) {
        const ownerId = customers.organisations[owner]!.id;
        out.push({
          file: CUSTOMERS,
          path: [...base, 'domains', i],
          severity: 'error',
          message: `domain "${domain}" is already claimed by organisation "${ownerId}" (organisations[${owner}]); a domain belongs to one organisation, remove it from one of them`,
        });
      }
    });
  });
  return out;
}

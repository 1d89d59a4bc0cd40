// Which organisation a requester belongs to: the one named on the draft when customers.yaml knows it (by
// id or name), else the one that owns their email domain (or a parent domain: support.acme.example
// belongs to acme.example), else the name given as is. An organisation grants a tier, so a sender whose
// address nothing vouched for (`sender: unverified`) gets none: anyone can write a key account's address.

import { emailDomain } from '../conditions/email-domain.ts';
import type { CustomersFile, Organisation } from '../rules/types.ts';

export interface OrganisationMatch {
  /** The organisation id, or the name the requester gave when customers.yaml does not know it. */
  id?: string;
  organisation?: Organisation;
  /** How it was found, for the trace: `organisation acme via domain acme.example`. */
  how: string;
  /** The organisation the domain names but an unverified sender does not get, for the line agents see. */
  withheld?: Organisation;
}

/** Organisations by lower-case domain, built once per rules load. */
export type DomainIndex = Map<string, Organisation>;

export function indexDomains(customers: CustomersFile): DomainIndex {
  const index: DomainIndex = new Map();
  for (const organisation of customers.organisations) {
    for (const domain of organisation.domains) {
      const key = domain.toLowerCase();
      // First one wins, as in the file; validation reports a domain claimed twice.
      if (!index.has(key)) index.set(key, organisation);
    }
  }
  return index;
}

/** The organisation owning `domain` or its nearest parent domain. */
function organisationOfDomain(
  domains: DomainIndex,
  domain: string,
): { organisation: Organisation; domain: string } | undefined {
  const labels = domain.split('.');
  for (let start = 0; start < labels.length - 1; start += 1) {
    const candidate = labels.slice(start).join('.');
    const organisation = domains.get(candidate);
    if (organisation) return { organisation, domain: candidate };
  }
  return undefined;
}

export function findOrganisation(
  customers: CustomersFile,
  domains: DomainIndex,
  requester: { email: string; organisation?: string },
  sender?: 'verified' | 'unverified',
): OrganisationMatch {
  const domain = emailDomain(requester.email);
  const byDomain = organisationOfDomain(domains, domain);
  if (sender === 'unverified') {
    if (!byDomain)
      return {
        how: domain === '' ? 'no organisation (no email address)' : `no organisation for domain ${domain}`,
      };
    return {
      how: `no organisation: sender not verified (domain ${byDomain.domain} is organisation ${byDomain.organisation.id}'s)`,
      withheld: byDomain.organisation,
    };
  }
  const viaDomain = (organisation: Organisation, owned: string): OrganisationMatch => ({
    id: organisation.id,
    organisation,
    how: `organisation ${organisation.id} via domain ${owned}`,
  });
  const given = requester.organisation?.trim();
  if (given) {
    const wanted = given.toLowerCase();
    const organisation = customers.organisations.find(
      (candidate) => candidate.id.toLowerCase() === wanted || candidate.name.toLowerCase() === wanted,
    );
    if (organisation) {
      // Intake names the organisation it found by domain: say so rather than "given".
      if (byDomain?.organisation === organisation) return viaDomain(organisation, byDomain.domain);
      return { id: organisation.id, organisation, how: `organisation ${organisation.id} (given)` };
    }
  }
  if (byDomain) return viaDomain(byDomain.organisation, byDomain.domain);
  if (given)
    return { id: given, how: `organisation ${JSON.stringify(given)} (given, not in customers.yaml)` };
  return {
    how: domain === '' ? 'no organisation (no email address)' : `no organisation for domain ${domain}`,
  };
}

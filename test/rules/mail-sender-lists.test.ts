// `repodesk validate` on the mail settings of rules/desk.yaml that screen inbound mail: the sender lists
// hold addresses and domains as their names say, none both allowed and blocked; the spam settings are typed.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { deskFixture } from '../support/desk-fixture.ts';

let stdout = '';

beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The base desk with `lines` as its mail settings (line 30 of desk.yaml onwards). */
async function validate(lines: string[]): Promise<{ code: number; problems: string[] }> {
  const root = deskFixture('base', {
    'rules/desk.yaml': (text) =>
      text.replace('mail: { address: aide@lumen.example, fromName: Aide Lumen }', lines.join('\n')),
  });
  const code = await main(['validate', '--root', root]);
  return { code, problems: stdout.split('\n').filter((line) => line.startsWith('rules/')) };
}

const head = ['mail:', '  address: aide@lumen.example', '  fromName: Aide Lumen'];

describe('repodesk validate: mail sender lists and spam settings', () => {
  it('accepts addresses, domains, subdomains and spam settings', async () => {
    const result = await validate([
      ...head,
      '  spam: { trustHeaders: true, scoreThreshold: 6.5 }',
      '  blockedSenders: [promo@vente-flash.example]',
      '  blockedDomains: [vente-flash.example, promo.grand-groupe.example]',
      '  allowedSenders: [Compta@Grand-Groupe.example]',
      '  allowedDomains: [grand-groupe.example]',
    ]);
    expect(result).toEqual({ code: 0, problems: [] });
  });

  it('refuses a domain in a sender list, an address in a domain list and what is neither, at file:line', async () => {
    const result = await validate([
      ...head,
      '  blockedSenders:',
      '    - vente-flash.example',
      '    - pas une adresse',
      '  blockedDomains:',
      '    - promo@vente-flash.example',
      '    - https://vente-flash.example/',
      '  allowedSenders: ["@client.example"]',
      '  allowedDomains: [client@fidele.example]',
    ]);
    expect(result.code).toBe(1);
    expect(result.problems).toEqual([
      'rules/desk.yaml:34:7 error mail.blockedSenders[0]: expected an email address like "promo@vente-flash.example", found "vente-flash.example"; a whole domain goes under mail.blockedDomains',
      'rules/desk.yaml:35:7 error mail.blockedSenders[1]: expected an email address like "promo@vente-flash.example", found "pas une adresse"',
      'rules/desk.yaml:37:7 error mail.blockedDomains[0]: expected a domain like "vente-flash.example", found "promo@vente-flash.example"; a domain has no @: write "vente-flash.example", or put the address under mail.blockedSenders',
      'rules/desk.yaml:38:7 error mail.blockedDomains[1]: expected a domain like "vente-flash.example", found "https://vente-flash.example/"',
      'rules/desk.yaml:39:20 error mail.allowedSenders[0]: expected an email address like "promo@vente-flash.example", found "@client.example"',
      'rules/desk.yaml:40:20 error mail.allowedDomains[0]: expected a domain like "vente-flash.example", found "client@fidele.example"; a domain has no @: write "fidele.example", or put the address under mail.allowedSenders',
    ]);
  });

  it('refuses an entry both allowed and blocked, in any case, naming the other', async () => {
    const result = await validate([
      ...head,
      '  blockedSenders: [a@client.example, promo@vente-flash.example]',
      '  allowedSenders: [Promo@Vente-Flash.example]',
      '  blockedDomains: [vente-flash.example]',
      '  allowedDomains: [vente-flash.example]',
    ]);
    expect(result.problems).toEqual([
      'rules/desk.yaml:34:20 error mail.allowedSenders[0]: "Promo@Vente-Flash.example" is both allowed and blocked (also mail.blockedSenders[1]); keep it in one list',
      'rules/desk.yaml:36:20 error mail.allowedDomains[0]: "vente-flash.example" is both allowed and blocked (also mail.blockedDomains[0]); keep it in one list',
    ]);
  });

  it('refuses a spam threshold that is not a number and a sender list that is not a list', async () => {
    const result = await validate([
      ...head,
      '  spam: { trustHeaders: oui, scoreThreshold: cinq }',
      '  blockedDomains: vente-flash.example',
    ]);
    expect(result.code).toBe(1);
    expect(result.problems.join('\n')).toMatch(/mail\.spam\.trustHeaders/);
    expect(result.problems.join('\n')).toMatch(/mail\.spam\.scoreThreshold/);
    expect(result.problems.join('\n')).toMatch(/mail\.blockedDomains/);
  });
});

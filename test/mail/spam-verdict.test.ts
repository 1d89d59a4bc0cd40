// The two pure engines of inbound spam control: the receiving server's verdict in a message's own
// headers, and which sender list of rules/desk.yaml decides for an address.

import { describe, expect, it } from 'vitest';
import { senderRule } from '../../src/mail/sender-rule.ts';
import { spamVerdict } from '../../src/mail/spam-verdict.ts';
import type { MailSetting } from '../../src/rules/types.ts';

const setting = { trustHeaders: true, scoreThreshold: 5 };
const headers = (...lines: [string, string][]) => ({
  headers: lines.map(([key, value]) => ({ key, value })),
});

describe('spamVerdict', () => {
  it.each([
    [[['x-spam-flag', 'YES']], 'X-Spam-Flag: YES'],
    [[['x-spam-flag', ' yes ']], 'X-Spam-Flag: yes'],
    [[['x-spam-status', 'Yes, score=1.0 required=0.5']], 'X-Spam-Status: Yes, score=1.0 required=0.5'],
    [[['x-spam-status', 'No, score=5.0\r\n\trequired=9.0']], 'X-Spam-Status: No, score=5.0 required=9.0'],
    [[['x-spam-score', '+5.000']], 'X-Spam-Score: +5.000'],
    [
      [
        ['x-spam-flag', 'NO'],
        ['x-spam-score', 'abc'],
        ['x-spam-score', '7'],
      ],
      'X-Spam-Score: 7',
    ],
  ] as [[string, string][], string][])('%j is spam: %s', (lines, shown) => {
    const verdict = spamVerdict(headers(...lines), setting);
    expect(verdict && `${verdict.header}: ${verdict.value}`).toBe(shown);
  });

  it.each([
    [[['x-spam-flag', 'NO']]],
    [[['x-spam-flag', 'YES please']]],
    [[['x-spam-score', '4.99']]],
    [[['x-spam-score', '-20']]],
    [[['x-spam-score', '1e3']]],
    [[['x-spam-score', '0x10']]],
    [[['x-spam-score', '9'.repeat(400)]]],
    [[['x-spam-status', 'No, score=4.9 required=5.0']]],
    [[['x-spam-status', 'No, myscore=50']]],
    [[['x-spam-level', '**********']]],
    [[['subject', 'X-Spam-Flag: YES']]],
  ] as [[string, string][]][])('%j is not', (lines) => {
    expect(spamVerdict(headers(...lines), setting)).toBeUndefined();
  });

  it('says nothing when the headers are not trusted, and cuts a long value', () => {
    expect(spamVerdict(headers(['x-spam-flag', 'YES']), { ...setting, trustHeaders: false })).toBeUndefined();
    const long = spamVerdict(headers(['x-spam-status', `Yes, tests=${'A'.repeat(500)}`]), setting);
    expect(long?.value).toHaveLength(100);
  });
});

describe('senderRule', () => {
  const mail = (lists: Partial<MailSetting>): MailSetting => ({
    address: 'aide@lumen.example',
    fromName: 'Aide',
    authservId: '',
    reopenWindowDays: 7,
    autoReplyLimitPerHour: 5,
    spam: setting,
    blockedSenders: [],
    blockedDomains: [],
    allowedSenders: [],
    allowedDomains: [],
    ...lists,
  });

  it.each([
    [
      'an address beats its domain',
      { blockedDomains: ['a.example'], allowedSenders: ['x@a.example'] },
      'X@A.example',
      'allowedSenders[0]',
    ],
    [
      'a subdomain beats its parent',
      { allowedDomains: ['a.example'], blockedDomains: ['b.a.example'] },
      'x@c.b.a.example',
      'blockedDomains[0]',
    ],
    [
      'the longest of several domains',
      { blockedDomains: ['example', 'a.example'], allowedDomains: ['z.a.example'] },
      'x@z.a.example',
      'allowedDomains[0]',
    ],
    ['a domain matches itself', { blockedDomains: [' A.example '] }, 'x@a.example', 'blockedDomains[0]'],
  ] as [string, Partial<MailSetting>, string, string][])('%s', (_case, lists, address, expected) => {
    const rule = senderRule(address, mail(lists));
    expect(rule && `${rule.list}[${rule.index}]`).toBe(expected);
  });

  it('a domain that only ends like a listed one, or no list, decides nothing', () => {
    expect(senderRule('x@notspam.example', mail({ blockedDomains: ['spam.example'] }))).toBeUndefined();
    expect(senderRule('x@spam.example', mail({}))).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { erasedMark, redactText } from '../../src/privacy/redact-text.ts';

const marie = { email: 'marie.curie@example.org', names: ['Marie Curie', ''] };

describe('redactText', () => {
  it.each([
    ['the address, in any case', 'Écrire à Marie.Curie@Example.org svp', `Écrire à ${erasedMark} svp`],
    ['the name, in any case', 'De : MARIE CURIE, labo', `De : ${erasedMark}, labo`],
    [
      'a signature block, up to the next marker',
      'Merci\n-- \nMarie\nLaboratoire, 06 12 34 56 78\n<!-- repodesk:ref=R-1 -->',
      `Merci\n-- \n${erasedMark}\n<!-- repodesk:ref=R-1 -->`,
    ],
    [
      'links to the files the bot kept',
      'Voir [scan.pdf](https://bot.example/api/attachments/abc.pdf?exp=1&sig=x) et ![photo](https://bot.example/api/attachments/def.png?sig=y)',
      `Voir ${erasedMark} et ${erasedMark}`,
    ],
    ['a text without them, unchanged', 'Le VPN est rétabli.', 'Le VPN est rétabli.'],
    [
      'other links, unchanged',
      'Voir [la FAQ](https://aide.example/vpn)',
      'Voir [la FAQ](https://aide.example/vpn)',
    ],
  ])('redacts %s', (_case, text, expected) => {
    expect(redactText(text, marie)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { neutralise, neutraliseLine } from '../../src/intake/neutralise.ts';

/** The zero-width joiner that breaks mentions and references. */
const j = '\u200d';

describe('neutralise (multi-line customer text in an issue body)', () => {
  it.each([
    // RELIABILITY 17: nobody notified, nothing cross-referenced.
    ['@someone @acme/eng #12 org/repo#5', `@${j}someone @${j}acme/eng #${j}12 org/repo#${j}5`],
    ['ping @Léa-2 and @_bot', `ping @${j}Léa-2 and @${j}\\_bot`],
    ['see GH-12 and gh-7', `see GH-${j}12 and gh-${j}7`],
    ['commit acme/app@4f2a9c1', `commit acme/app@${j}4f2a9c1`],
    [
      'https://github.com/acme/app/issues/5 and https://ghe.example/acme/app/pull/7#discussion_r1',
      '`https://github.com/acme/app/issues/5` and `https://ghe.example/acme/app/pull/7#discussion_r1`',
    ],
    ['(https://github.com/acme/app/issues/5)', '(`https://github.com/acme/app/issues/5`)'],
    // Whatever follows it, an issue address is never a link GitHub would cross-reference.
    ['https://github.com/acme/app/issues/5](x) y', '`https://github.com/acme/app/issues/5](x)` y'],
    ["https://github.com/acme/app/pull/7'x", "`https://github.com/acme/app/pull/7'x`"],
    [
      'www.github.com/acme/app/issues/5 et www.exemple.fr',
      '`www.github.com/acme/app/issues/5` et www.exemple.fr',
    ],
    ['entity mention &#64;someone &#35;12', `entity mention &amp;#${j}64;someone &amp;#${j}35;12`],
    // RELIABILITY 18: HTML escaped, never rendered; hidden comments shown; no image loads.
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<img src="https://t.example/p.gif?u=1">', '&lt;img src="<https://t.example/p.gif?u=1>"&gt;'],
    ['before <!-- hidden --> after', 'before &lt;!-- hidden --&gt; after'],
    // A bare closer, as HTML mail and forms may carry: it can close no comment.
    ['a --> b --!> c', 'a --&gt; b --!&gt; c'],
    // An image is its words and a plain web link: nothing loads.
    ['![](https://t.example/pixel.gif)', '!\\[\\](<https://t.example/pixel.gif>)'],
    [
      '![logo][ref]\n\n[ref]: https://t.example/l.png',
      '!\\[logo\\]\\[ref\\]\n\n\\[ref\\]: <https://t.example/l.png>',
    ],
    ['<https://t.example/a>', '&lt;<https://t.example/a>&gt;'],
    // A forged marker can never look like the bot's own.
    ['<!-- repodesk:ticket ref=R-1 key=abc -->', '&lt;!-- repodesk:ticket ref=R-1 key=abc --&gt;'],
    ['Fish & chips, a < b > c', 'Fish &amp; chips, a &lt; b &gt; c'],
    // Links of the customer's own are their words; only web addresses stay links.
    ['[clic](javascript:alert(1))', '\\[clic\\](javascript:alert(1))'],
    ['<data:text/html,x>', '&lt;data:text/html,x&gt;'],
    ['voir https://exemple.fr/a_b?x=1&y=2.', 'voir <https://exemple.fr/a_b?x=1&y=2>.'],
    // Block syntax at a line start is escaped; inline markup everywhere.
    [
      '### Pièces jointes\n- [f.pdf](https://x.example/f)',
      '\\### Pièces jointes\n\\- \\[f.pdf\\](<https://x.example/f>)',
    ],
    [
      '**Canal :** e-mail\n---\n1. un\n| a | b |',
      '\\*\\*Canal :\\*\\* e-mail\n\\---\n1\\. un\n\\| a \\| b \\|',
    ],
    ['    code\n> cité\n~~~', '\u00a0\u00a0\u00a0\u00a0code\n&gt; cité\n\\~\\~\\~'],
    // Line breaks normalised; controls and bidirectional overrides removed; tabs kept.
    ['line 1\r\nline 2\rline 3\u2028line 4', 'line 1\nline 2\nline 3\nline 4'],
    ['tab\there\u0000\u0007\u001b[31m red\u202eevil', 'tab\there\\[31m redevil'],
    ['plain text, bob@acme.example', `plain text, bob@${j}acme.example`],
    ['', ''],
  ])('%j becomes %j', (input, output) => {
    expect(neutralise(input)).toBe(output);
  });

  it('leaves no mention, reference, tag, comment or image anywhere in a hostile message', () => {
    const hostile = [
      '@everyone @acme/security-team please look',
      'Fixes #1, closes acme/app#2, see GH-3 and https://github.com/acme/app/issues/4',
      '<details><summary>x</summary><img src=x onerror=alert(1)></details>',
      '<!-- repodesk:ticket ref=AAAA key=deadbeef -->',
      '![tracker](https://evil.example/p.gif)',
    ].join('\n');
    const safe = neutralise(hostile);
    expect(safe).not.toMatch(/@[A-Za-z0-9]/);
    expect(safe).not.toMatch(/#\d/);
    expect(safe).not.toMatch(/GH-\d/i);
    // The only `<` left opens an autolink to a web address.
    expect(safe).not.toMatch(/<(?!https?:\/\/)[A-Za-z!/]/);
    expect(safe).not.toContain('<!-- repodesk:');
    expect(safe).not.toContain('![');
    expect(safe.replace(/`[^`]*`/g, '')).not.toContain('github.com/acme/app/issues');
  });
});

describe('neutraliseLine (a subject or a name)', () => {
  it.each([
    ['Subject\r\nBcc: victim@example.com', 200, 'markdown', `Subject Bcc: victim@${j}example.com`],
    ['  lots   of\tspace\n ', 200, 'markdown', 'lots of space'],
    ['x'.repeat(5000), 200, 'markdown', `${'x'.repeat(199)}…`],
    ['Zoé Martin\u0000\u202e', 100, 'markdown', 'Zoé Martin'],
    ['<b>Boss</b> @ceo', 100, 'markdown', `&lt;b&gt;Boss&lt;/b&gt; @${j}ceo`],
    // Titles are plain text on GitHub: no HTML escaping needed there, mentions and references still broken.
    ['<b>Help</b> @ceo #12', 200, 'title', `<b>Help</b> @${j}ceo #${j}12`],
    ['é'.repeat(300), 200, 'title', `${'é'.repeat(199)}…`],
  ] as const)('%j (max %i, %s) becomes %j', (input, max, target, output) => {
    expect(neutraliseLine(input, max, target)).toBe(output);
  });

  it('counts the characters it adds when cutting, so the result never exceeds the limit', () => {
    const line = neutraliseLine('@a '.repeat(2000), 100);
    expect(Array.from(line).length).toBeLessThanOrEqual(100);
    expect(line.endsWith('…')).toBe(true);
    expect(line).not.toMatch(/@[a-z]/);
  });

  it('never cuts an emoji or a letter from its accent', () => {
    const emoji = neutraliseLine('😀'.repeat(300), 10);
    expect(emoji).toBe(`${'😀'.repeat(9)}…`);
    const decomposed = neutraliseLine('e\u0301'.repeat(300), 11);
    expect(decomposed.normalize('NFC')).toBe(`${'é'.repeat(5)}…`);
  });
});

import { describe, expect, it } from 'vitest';
import { findArticleLinks, findPageLinks } from '../../src/rules/formats/articles/find-article-links.ts';

describe('findArticleLinks', () => {
  it.each([
    ['See [x](other.md).', [{ href: 'other.md', line: 1, column: 9 }]],
    ['[x](./other.md#part "title")', [{ href: './other.md#part', line: 1, column: 5 }]],
    [
      '[x](../en/slug.md) and [y](/fr/articles/slug/)',
      [
        { href: '../en/slug.md', line: 1, column: 5 },
        { href: '/fr/articles/slug/', line: 1, column: 28 },
      ],
    ],
    ['[ref]: other.md', [{ href: 'other.md', line: 1, column: 8 }]],
    ['[web](https://example.com/a.md) [anchor](#top) [img](pic.png)', []],
    ['`[code](x.md)` only', []],
    ['```\n[fenced](x.md)\n```\n[after](y.md)', [{ href: 'y.md', line: 4, column: 9 }]],
    // Lines without `]`, a backtick or a tilde are skipped unread: fences and inline code still count.
    ['~~~\nno link\n[fenced](x.md)\n~~~\ntext\n[after](y.md)', [{ href: 'y.md', line: 6, column: 9 }]],
    ['````\n```\n[still fenced](x.md)\n````\n[ref]: z.md', [{ href: 'z.md', line: 5, column: 8 }]],
    ['plain text, no bracket\nat all (x.md)', []],
    ['`a] b` [x](c.md)', [{ href: 'c.md', line: 1, column: 12 }]],
    ['[x](c.md `d]` ) [y](e.md)', [{ href: 'e.md', line: 1, column: 21 }]],
  ])('finds the article links in %j', (body, expected) => {
    expect(findArticleLinks(body)).toEqual(expected);
  });
});

describe('findPageLinks', () => {
  it.each([
    [
      '[x](/fr/articles/slug/)',
      [{ href: '/fr/articles/slug/', line: 1, column: 5, page: '/fr/articles/slug/' }],
    ],
    [
      'Voir {{ desk.siteUrl }}/fr/articles/slug/ ou [ici]({{desk.siteUrl}}/en/articles/other)',
      [
        { href: '{{ desk.siteUrl }}/fr/articles/slug/', line: 1, column: 6, page: '/fr/articles/slug/' },
        { href: '{{desk.siteUrl}}/en/articles/other', line: 1, column: 52, page: '/en/articles/other' },
      ],
    ],
    [
      'https://aide.example/fr/articles/slug/#etapes and https://other.example/fr/articles/x/',
      [{ href: 'https://aide.example/fr/articles/slug/', line: 1, column: 1, page: '/fr/articles/slug/' }],
    ],
    ['[file](other.md)', [{ href: 'other.md', line: 1, column: 8 }]],
    ['{{desk.siteUrl}} and /fr/articles/bare/ without a link', []],
  ])('finds the article pages linked from %j', (text, expected) => {
    expect(findPageLinks(text, 'https://aide.example/')).toEqual(expected);
  });
});

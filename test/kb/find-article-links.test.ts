import { describe, expect, it } from 'vitest';
import { findArticleLinks } from '../../src/kb/find-article-links.ts';

describe('findArticleLinks', () => {
  it.each([
    ['See [x](other.md).', [{ href: 'other.md', line: 1, column: 9 }]],
    ['[x](./other.md#part "title")', [{ href: './other.md#part', line: 1, column: 5 }]],
    ['[x](../en/slug.md) and [y](/fr/articles/slug/)', [{ href: '../en/slug.md', line: 1, column: 5 }, { href: '/fr/articles/slug/', line: 1, column: 28 }]],
    ['[ref]: other.md', [{ href: 'other.md', line: 1, column: 8 }]],
    ['[web](https://example.com/a.md) [anchor](#top) [img](pic.png)', []],
    ['`[code](x.md)` only', []],
    ['```\n[fenced](x.md)\n```\n[after](y.md)', [{ href: 'y.md', line: 4, column: 9 }]],
  ])('finds the article links in %j', (body, expected) => {
    expect(findArticleLinks(body)).toEqual(expected);
  });
});

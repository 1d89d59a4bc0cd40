// kb/<lang>/<slug>.md, first pass. An article whose frontmatter fails still counts as a translation by its
// translationKey when it can be read, so that one typo does not cascade into "missing translation".
import path from 'node:path';
import type { RulesInput } from '../../rules-input.ts';
import type { ArticleFrontmatter } from '../../types.ts';
import type { FormatReader } from '../format-reader.ts';
import type { ArticleInput } from './check.ts';

export async function readArticles(reader: FormatReader, input: RulesInput): Promise<void> {
  const files = await reader.list('kb', (name) => name.endsWith('.md') && name !== 'README.md', true);
  const texts = await Promise.all(files.map((file) => reader.read(file)));
  files.forEach((file, index) => {
    const [, folder = ''] = file.split('/');
    const markdown = reader.markdown('article', file, texts[index] ?? '');
    const article: ArticleInput = {
      file,
      folder,
      slug: path.posix.basename(file, '.md'),
      body: markdown.body,
      bodyLine: markdown.bodyLine,
    };
    if (markdown.data !== undefined) article.frontmatter = markdown.data as ArticleFrontmatter;
    else if (markdown.source?.data !== undefined) {
      const key = (markdown.source.data as { translationKey?: unknown } | null)?.translationKey;
      if (typeof key === 'string') article.looseTranslationKey = key;
    } else if (markdown.source) {
      // Invalid YAML: still take a plainly written translationKey.
      const key = /^translationKey:[ \t]*['"]?([^'"\s#]+)/m.exec(texts[index] ?? '');
      if (key) article.looseTranslationKey = key[1];
    }
    input.articles.push(article);
  });
}

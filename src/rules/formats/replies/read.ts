// rules/replies/<id>.<lang>.md, first pass: the frontmatter's `id` defaults to the file name, filled before
// validation so that the schema can require it.
import path from 'node:path';
import type { ReplyInput, RulesInput } from '../../rules-input.ts';
import type { CannedReplyFrontmatter } from '../../types.ts';
import type { FormatReader } from '../format-reader.ts';

export async function readReplies(reader: FormatReader, input: RulesInput): Promise<void> {
  const files = await reader.list('rules/replies', (name) => name.endsWith('.md') && name !== 'README.md');
  const texts = await Promise.all(files.map((file) => reader.read(file)));
  files.forEach((file, index) => {
    reader.counted(file);
    const nameMatch = /^(.+)\.([a-z]{2,3}(?:-[A-Za-z0-9]+)?)\.md$/.exec(path.posix.basename(file));
    const fileId = nameMatch?.[1];
    const markdown = reader.markdown('reply', file, texts[index] ?? '', (data) => {
      if (data && typeof data === 'object' && !Array.isArray(data) && !('id' in data) && fileId)
        (data as Record<string, unknown>).id = fileId;
    });
    const reply: ReplyInput = {
      file,
      fileId,
      fileLang: nameMatch?.[2],
      body: markdown.body,
      bodyLine: markdown.bodyLine,
    };
    if (markdown.data !== undefined) reply.frontmatter = markdown.data as CannedReplyFrontmatter;
    input.replies.push(reply);
  });
}

// Files an agent attached to a command's comment: GitHub puts them in the comment as links to github.com's
// user-attachments (`https://github.com/user-attachments/files/<id>/<name>` or `…/assets/<uuid>`). Each is
// read through the tracker (repodesk's own credentials, at most the mail channel's file size), its type
// decided by its bytes as a customer's file would be, and kept under DATA_DIR/attachments for the mail.
// What cannot be sent is named with why, for the command's note; nothing is fetched past the file count.

import type { CommentFile } from '../../commands/agent-command.ts';
import type { BotContext } from '../../context.ts';
import { detectKind } from '../../mail/attachments.ts';
import { storeAttachment } from '../../store/attachment-files.ts';
import { linkedFiles } from './linked-files.ts';

/** Fetches and keeps the files linked in `body`, within the mail channel's limits. */
export async function fetchCommentFiles(bot: BotContext, body: string): Promise<CommentFile[]> {
  const { maxFileBytes, maxFiles } = bot.mail.config.attachmentLimits;
  const files: CommentFile[] = [];
  for (const [index, link] of linkedFiles(body).entries()) {
    if (index >= maxFiles) {
      files.push({ name: link.name, refused: 'too-many' });
      continue;
    }
    const download = await bot.tracker.downloadAttachment(link.url, maxFileBytes);
    if (download.kind !== 'file') {
      files.push({ name: link.name, refused: download.kind });
      continue;
    }
    const kind = await detectKind(download.bytes, link.name);
    if (!kind.ok) {
      files.push({ name: link.name, refused: 'type' });
      continue;
    }
    const stored = storeAttachment(bot.config.dataDir, {
      kind: kind.kind,
      displayName: link.name,
      content: download.bytes,
    });
    files.push({ name: link.name, kept: { id: stored.id, size: stored.size } });
  }
  return files;
}

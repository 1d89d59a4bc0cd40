// GET /files/:id?exp=…&sig=…: a stored attachment, for whoever holds the signed link written in the issue.
// The id is generated (never the sender's name), the signature and expiry are checked before the disk is
// touched, and the file is always sent as a download of its checked type, never rendered by the bot's origin.

import fs from 'node:fs';
import { HttpError } from '../../http/http-answer.ts';
import type { BotContext } from '../../context.ts';
import type { Route } from '../../http/http-server.ts';
import { mediaTypeOf, verifyFileUrl } from '../../mail/attachments.ts';
import { storedAttachmentPath } from '../../store/attachment-files.ts';

export function attachmentRoute(bot: BotContext): Route {
  return {
    method: 'GET',
    path: '/files/:id',
    async handle(context) {
      const id = context.params.id ?? '';
      const check = verifyFileUrl(
        id,
        context.url.searchParams.get('exp') ?? '',
        context.url.searchParams.get('sig') ?? '',
        bot.mail.fileSecret,
        Math.floor(context.now / 1000),
      );
      if (!check.ok && check.reason === 'expired')
        throw new HttpError(410, { error: 'this link has expired; open the ticket again for a fresh link' });
      if (!check.ok) throw new HttpError(403, { error: 'invalid link signature' });
      const located = storedAttachmentPath(bot.config.dataDir, id);
      if (!located || !fs.existsSync(located.file)) throw new HttpError(404, { error: 'no such file' });
      return {
        status: 200,
        bytes: fs.readFileSync(located.file),
        contentType: mediaTypeOf(located.kind),
        headers: {
          'content-disposition': `attachment; filename="${id}"`,
          'cache-control': 'private, max-age=300',
        },
      };
    },
  };
}

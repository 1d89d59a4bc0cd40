// Who wrote a comment, in the terms `commentKind` needs, for every reader of comments (the webhook handlers
// that run commands, the customer's follow page, the timeline the SLA is computed from). The login and
// GitHub's `author_association` decide (desk-standing.ts); a MEMBER or COLLABORATOR who is not a teams.yaml
// agent is confirmed through the Tracker port (write, maintain or admin), and only for a command: any other
// comment reads the same whoever wrote it, so it costs no request.

import { startsWithCommand, type CommentWriter } from '../tickets/comment-kind.ts';
import { deskStanding, type CommentAuthor, type DeskAccounts } from '../tickets/desk-standing.ts';
import type { Tracker } from './tracker.ts';
import { hasWriteAccess } from './write-access.ts';

/** Who wrote `comment`: repodesk, someone who may act for the desk, or anyone else. */
export async function commentWriter(
  comment: { body: string; author: CommentAuthor },
  desk: DeskAccounts & { tracker: Pick<Tracker, 'collaboratorPermission'> },
): Promise<CommentWriter> {
  const standing = deskStanding(comment.author, desk);
  if (standing === 'repodesk') return 'repodesk';
  if (standing === 'desk') return 'desk';
  if (standing === 'outsider' || !startsWithCommand(comment.body)) return 'other';
  return (await hasWriteAccess(comment.author.login, desk.tracker)) ? 'desk' : 'other';
}

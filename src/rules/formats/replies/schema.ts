// Schema of the frontmatter of rules/replies/<id>.<lang>.md (canned replies).
import type { CannedReplyFrontmatter } from '../../types.ts';
import { statusIds } from '../../types.ts';
import { idString } from '../common-schemas.ts';
import { objectSchema } from '../define-schema.ts';

/** Frontmatter of rules/replies/<id>.<lang>.md */
export const replySchema = objectSchema<CannedReplyFrontmatter>()({
  title: 'rules/replies/<id>.<lang>.md (frontmatter)',
  description:
    'A canned reply: YAML frontmatter, then a Markdown body that may use `{{variables}}` (see the list below).',
  properties: {
    id: idString(
      'Shared by the translations of one reply; routing rules name it in `then.reply`. When omitted: the file name without `.<lang>.md`.',
      'password-reset',
    ),
    title: {
      type: 'string',
      minLength: 1,
      description: "Name of the reply in the agent's list.",
      examples: ['Password reset link'],
    },
    lang: {
      type: 'string',
      minLength: 1,
      description: 'Language of the reply; must match the file name (`.fr.md` → `fr`).',
      examples: ['fr'],
    },
    status: {
      type: 'string',
      enum: statusIds,
      description: 'Status the ticket moves to when an agent sends the reply.',
      'x-when-omitted': '`pending` (waiting for the customer), as after any public reply of an agent',
      examples: ['pending'],
    },
  },
  required: ['id', 'title', 'lang'],
});

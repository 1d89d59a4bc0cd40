// Shows a ticket's satisfaction rating on its issue as one internal note (a plain comment of the bot, so the
// customer's follow page never shows it): the first rating posts it (one write), a changed rating or the
// customer's comment edits that same note (one write), and a note already saying it writes nothing.
// "Ensure": the note's id and text are kept with the rating; without them (a crash between GitHub's answer
// and our record), the note is found again by its hidden marker before anything is posted.

import type { BotContext } from '../context.ts';
import { neutralise } from '../intake/neutralise.ts';
import { messagesFor } from '../messages/index.ts';
import type { StoredRating } from '../store/satisfaction-log.ts';
import type { JobKind } from '../worker/worker.ts';

/** The job that posts or edits a ticket's satisfaction note. */
export const satisfactionNoteJobKind = 'satisfaction-note';

export interface SatisfactionNotePayload {
  ref: string;
}

/** The hidden marker of ticket `ref`'s satisfaction note. */
function noteMarker(ref: string): string {
  return `<!-- repodesk:satisfaction ref=${ref} -->`;
}

/** The note's text, in the desk's first language (agents read it). */
function noteBody(rating: StoredRating, lang: string): string {
  const texts = messagesFor(lang).satisfaction;
  const at = `${new Date(rating.at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const lines = [noteMarker(rating.ref), texts.note(rating.rating, at)];
  if (rating.comment)
    lines.push('', texts.noteComment, '', `> ${neutralise(rating.comment).replace(/\n/g, '\n> ')}`);
  return lines.join('\n');
}

export function satisfactionNoteJob(bot: BotContext): JobKind {
  return {
    kind: satisfactionNoteJobKind,
    usesTracker: true,
    async run(job, context) {
      const { ref } = job.payload as SatisfactionNotePayload;
      const first = await bot.satisfaction.get(ref);
      if (!first) return { status: 'done', note: 'no rating' };
      const number = first.issueNumber;
      // A confidential queue's ticket gets its note in its own repository.
      const repository = (await bot.refs.get(ref))?.repository;
      const tracker = bot.tracker.forRepository(repository ?? bot.tracker.repository);
      // In the issue's turn, the rating read again inside: two clicks in a row make one note, then one edit.
      return bot.issueLocks.forRepository(tracker.repository).run(number, async () => {
        const rating = (await bot.satisfaction.get(ref))!;
        const body = noteBody(rating, bot.rules.current.desk.languages[0] ?? 'en');
        let noteId = rating.noteCommentId;
        let noteText = rating.noteText;
        if (noteId === undefined) {
          const logins = await tracker.repodeskLogins();
          const found = (await tracker.listComments(number)).find(
            (comment) => logins.includes(comment.author) && comment.body.includes(noteMarker(ref)),
          );
          noteId = found?.id;
          noteText = found?.body;
        }
        if (noteId !== undefined && noteText === body) {
          await bot.satisfaction.setNote(ref, noteId, body);
          return { status: 'done', note: 'note already up to date' };
        }
        const budget = await bot.budget.take(context.now);
        if (!budget.granted)
          return { status: 'defer', until: budget.retryAt, reason: 'write budget', holdTracker: true };
        const comment =
          noteId === undefined
            ? await tracker.createComment(number, body)
            : await tracker.updateComment(noteId, body);
        context.log.info('satisfaction note written', { ref, issue: number, comment: comment.id });
        return { status: 'done', recordEffect: () => bot.satisfaction.setNote(ref, comment.id, body) };
      });
    },
  };
}

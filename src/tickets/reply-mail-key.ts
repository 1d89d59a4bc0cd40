// The outbox key of the mail an agent's `/reply` comment sends: it makes the mail exactly-once, and the store
// keeps what the reply told the customer under it (the follow page finds it from the comment).

/** The outbox key of the reply mail of comment `commentId` (`reply:comment:<id>`). */
export function replyMailKey(commentId: number): string {
  return `reply:comment:${commentId}`;
}

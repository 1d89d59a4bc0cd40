// `reply`: a canned reply of rules/replies/ sent to the requester as an automatic answer, once.
import type { RoutingAction } from './routing-action.ts';

export const reply: RoutingAction<'reply', string> = {
  key: 'reply',
  schema: {
    type: 'string',
    minLength: 1,
    description: 'Canned reply id (from `rules/replies/`) sent to the requester as an automatic answer.',
    'x-when-omitted': 'no automatic answer',
    examples: ['password-reset'],
  },
  apply(value, state, { ruleId }) {
    // Two rules naming the same reply send it once, credited to the first.
    if (!state.replies.includes(value)) {
      state.replies.push(value);
      state.replyRules[value] = ruleId;
    }
    return `reply ${value}`;
  },
  check(value, path, { known, reference }) {
    reference(path, known.replies, value, 'reply', 'replies (rules/replies/)');
  },
};

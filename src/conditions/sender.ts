// `sender`: whether the requester's address is proven theirs (see TicketDraft.sender).
import type { ConditionKey } from './condition-key.ts';
import { inLanguage } from './describe-values.ts';
import { compileValues } from './value-match.ts';

/** What the `sender` condition tests: whether anything vouched for the requester's address. */
export const senderChecks = ['verified', 'unverified'] as const;
export type SenderCheck = (typeof senderChecks)[number];

const words = {
  verified: { fr: 'expéditeur vérifié', en: 'sender verified' },
  unverified: { fr: 'expéditeur non vérifié', en: 'sender not verified' },
} as const;

export const sender: ConditionKey<'sender', SenderCheck> = {
  key: 'sender',
  grammars: ['routing', 'policy'],
  schema: {
    type: 'string',
    enum: ['verified', 'unverified'],
    description:
      "Whether the requester's address is proven theirs: `verified` when the mail's Authentication-Results from the desk's own server (`desk.mail.authservId`) pass for its From domain; `unverified` for any other mail and for every form (anyone can type an address). An unverified sender never gets an organisation or tier from their domain.",
    examples: ['verified'],
  },
  check(value, path, context) {
    if (value === 'verified' && context.known.authservId === '')
      context.report({
        path: [...path, 'sender'],
        severity: 'warning',
        message:
          'sender: verified never matches: desk.yaml mail.authservId is empty, so no sender is ever verified; set it to the authserv-id your mail server writes in Authentication-Results (e.g. mx.example.com)',
      });
  },
  compile: (value) =>
    compileValues('sender', [value], ({ request }) =>
      request.sender === undefined
        ? { value: 'unverified', source: 'nothing checked the address' }
        : {
            value: request.sender,
            source: request.channel === 'email' ? 'Authentication-Results' : `channel ${request.channel}`,
          },
    ),
  implies: (narrow, wide) => narrow === wide,
  describe: (value, { lang }) => inLanguage(words[value], lang),
};

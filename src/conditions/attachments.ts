// `attachments`: whether the customer sent files with the request (form uploads, mail attachments).
import type { ConditionKey } from './condition-key.ts';
import { inLanguage } from './describe-values.ts';
import { policyRefusal } from './policy-refusal.ts';

const words = {
  true: { fr: 'avec pièces jointes', en: 'with attachments' },
  false: { fr: 'sans pièce jointe', en: 'without attachments' },
};

export const attachments: ConditionKey<'attachments', boolean, 'routing'> = {
  key: 'attachments',
  grammars: ['routing'],
  refused: { policy: policyRefusal('attachment count') },
  schema: {
    type: 'boolean',
    description:
      '`true` when the customer sent files with the request (form uploads, mail attachments, refused ones included, as the issue lists them); `false` when none. An issue opened on GitHub counts none.',
    examples: [false],
  },
  compile(wanted) {
    return ({ request }) => {
      const count = request.attachments ?? 0;
      const found = count === 0 ? 'no attachment' : `${count} attachment${count === 1 ? '' : 's'}`;
      return count > 0 === wanted
        ? { ok: true, why: `request has ${found}` }
        : { ok: false, why: `request has ${found}, expected ${wanted ? 'some' : 'none'}` };
    };
  },
  implies: (narrow, wide) => narrow === wide,
  describe: (wanted, { lang }) => inLanguage(words[`${wanted}`], lang),
};

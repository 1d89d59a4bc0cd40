// Every file format of the desk, in the order the reference page documents them: where its files are,
// its JSON Schema (the first pass), and its checks (the second pass, over everything that passed the
// first: a check of a reference between files lives with the file that holds the reference).
import type { Finding } from '../finding.ts';
import type { Known } from '../known.ts';
import type { RulesInput } from '../rules-input.ts';
import { checkArticles } from './articles/check.ts';
import { articleSchema } from './articles/schema.ts';
import { checkCustomers } from './customers/check.ts';
import { customersSchema } from './customers/schema.ts';
import { checkDesk } from './desk/check.ts';
import { deskSchema } from './desk/schema.ts';
import { checkForms } from './forms/check.ts';
import { formSchema } from './forms/schema.ts';
import { checkReplies } from './replies/check.ts';
import { replySchema } from './replies/schema.ts';
import { checkRouting } from './routing/check.ts';
import { routingSchema } from './routing/schema.ts';
import { checkSla } from './sla/check.ts';
import { slaSchema } from './sla/schema.ts';
import { checkTeams } from './teams/check.ts';
import { teamsSchema } from './teams/schema.ts';

export type FormatId = 'desk' | 'teams' | 'customers' | 'routing' | 'sla' | 'form' | 'reply' | 'article';

export interface RuleFormat {
  id: FormatId;
  /** Where the files live, relative to the repository root. */
  pattern: string;
  schema: object;
  /** The second pass: what the schema cannot say. */
  check(input: RulesInput, known: Known): Finding[];
}

/** Top-level keys starting with `x-` are free in the YAML files: a place for anchors (`x-hours: &hours …`). */
export const extensionKeyPattern = '^x-';

function withExtensionKeys<S extends object>(schema: S): S {
  return {
    ...schema,
    patternProperties: {
      [extensionKeyPattern]: {
        description:
          'Free keys starting with `x-`, ignored by repodesk: a place for YAML anchors reused with `<<: *name`.',
      },
    },
  };
}

export const ruleFormats: readonly RuleFormat[] = [
  {
    id: 'desk',
    pattern: 'rules/desk.yaml',
    schema: withExtensionKeys(deskSchema),
    check: checkDesk,
  },
  {
    id: 'teams',
    pattern: 'rules/teams.yaml',
    schema: withExtensionKeys(teamsSchema),
    check: checkTeams,
  },
  {
    id: 'customers',
    pattern: 'rules/customers.yaml',
    schema: withExtensionKeys(customersSchema),
    check: checkCustomers,
  },
  {
    id: 'routing',
    pattern: 'rules/routing.yaml',
    schema: withExtensionKeys(routingSchema),
    check: checkRouting,
  },
  { id: 'sla', pattern: 'rules/sla.yaml', schema: withExtensionKeys(slaSchema), check: checkSla },
  { id: 'form', pattern: 'rules/forms/<id>.yaml', schema: formSchema, check: checkForms },
  { id: 'reply', pattern: 'rules/replies/<id>.<lang>.md', schema: replySchema, check: checkReplies },
  { id: 'article', pattern: 'kb/<lang>/<slug>.md', schema: articleSchema, check: checkArticles },
];

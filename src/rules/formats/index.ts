// Every rules file format with its schema, in the order the reference page documents them.
import { articleSchema } from './articles/schema.ts';
import { customersSchema } from './customers/schema.ts';
import { deskSchema } from './desk/schema.ts';
import { formSchema } from './forms/schema.ts';
import { replySchema } from './replies/schema.ts';
import { routingSchema } from './routing/schema.ts';
import { slaSchema } from './sla/schema.ts';
import { teamsSchema } from './teams/schema.ts';

export type FormatId = 'desk' | 'teams' | 'customers' | 'routing' | 'sla' | 'form' | 'reply' | 'article';

export interface RuleFormat {
  id: FormatId;
  /** Where the files live, relative to the repository root. */
  pattern: string;
  schema: object;
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

export const ruleSchemas: readonly RuleFormat[] = [
  { id: 'desk', pattern: 'rules/desk.yaml', schema: withExtensionKeys(deskSchema) },
  { id: 'teams', pattern: 'rules/teams.yaml', schema: withExtensionKeys(teamsSchema) },
  { id: 'customers', pattern: 'rules/customers.yaml', schema: withExtensionKeys(customersSchema) },
  { id: 'routing', pattern: 'rules/routing.yaml', schema: withExtensionKeys(routingSchema) },
  { id: 'sla', pattern: 'rules/sla.yaml', schema: withExtensionKeys(slaSchema) },
  { id: 'form', pattern: 'rules/forms/<id>.yaml', schema: formSchema },
  { id: 'reply', pattern: 'rules/replies/<id>.<lang>.md', schema: replySchema },
  { id: 'article', pattern: 'kb/<lang>/<slug>.md', schema: articleSchema },
];

// Every file format of the desk, in the order the reference page documents them: where its files are,
// its JSON Schema (the first pass), and its checks (the second pass, over everything that passed the
// first: a check of a reference between files lives with the file that holds the reference).
import type { Finding } from '../finding.ts';
import type { Known } from '../known.ts';
import type { RulesInput } from '../rules-input.ts';
import { checkArticles } from './articles/check.ts';
import { readArticles } from './articles/read.ts';
import { articleSchema } from './articles/schema.ts';
import { checkCustomers } from './customers/check.ts';
import { customersSchema } from './customers/schema.ts';
import { checkDesk } from './desk/check.ts';
import { deskSchema } from './desk/schema.ts';
import type { FormatReader } from './format-reader.ts';
import { checkEmails } from './emails/check.ts';
import { readEmails } from './emails/read.ts';
import { checkExamples } from './examples/check.ts';
import { readExamples } from './examples/read.ts';
import { examplesSchema } from './examples/schema.ts';
import { checkForms } from './forms/check.ts';
import { readForms } from './forms/read.ts';
import { formSchema } from './forms/schema.ts';
import { readIssueTemplateConfig } from './form-config/read.ts';
import { issueTemplateConfigSchema } from './form-config/schema.ts';
import { checkReplies } from './replies/check.ts';
import { readReplies } from './replies/read.ts';
import { replySchema } from './replies/schema.ts';
import { checkRouting } from './routing/check.ts';
import { routingSchema } from './routing/schema.ts';
import { readSingleFile } from './single-file.ts';
import { checkSla } from './sla/check.ts';
import { readSla } from './sla/read.ts';
import { slaSchema } from './sla/schema.ts';
import { checkTeams } from './teams/check.ts';
import { teamsSchema } from './teams/schema.ts';

export type FormatId =
  | 'desk'
  | 'teams'
  | 'customers'
  | 'routing'
  | 'sla'
  | 'examples'
  | 'form'
  | 'form-config'
  | 'reply'
  | 'email'
  | 'article';

export interface RuleFormat {
  id: FormatId;
  /** Where the files live, relative to the repository root. */
  pattern: string;
  /** The JSON Schema of a file (of its frontmatter for Markdown); the reference page documents it. */
  schema?: object;
  /** The first pass: reads the format's files into the input, each through YAML and its schema. */
  read(reader: FormatReader, input: RulesInput): Promise<void>;
  /** The second pass: what the schema cannot say. */
  check(input: RulesInput, known: Known): Finding[];
}

/** Top-level keys starting with `x-` are free in the YAML files: a place for anchors (`x-hours: &hours …`). */
const extensionKeyPattern = '^x-';

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
    read: (reader, input) => readSingleFile('desk', reader, input),
    check: checkDesk,
  },
  {
    id: 'teams',
    pattern: 'rules/teams.yaml',
    schema: withExtensionKeys(teamsSchema),
    read: (reader, input) => readSingleFile('teams', reader, input),
    check: checkTeams,
  },
  {
    id: 'customers',
    pattern: 'rules/customers.yaml',
    schema: withExtensionKeys(customersSchema),
    read: (reader, input) => readSingleFile('customers', reader, input),
    check: checkCustomers,
  },
  {
    id: 'routing',
    pattern: 'rules/routing.yaml',
    schema: withExtensionKeys(routingSchema),
    read: (reader, input) => readSingleFile('routing', reader, input),
    check: checkRouting,
  },
  {
    id: 'sla',
    pattern: 'rules/sla.yaml',
    schema: withExtensionKeys(slaSchema),
    read: readSla,
    check: checkSla,
  },
  {
    id: 'examples',
    pattern: 'rules/examples/<name>.yaml',
    schema: examplesSchema,
    read: readExamples,
    check: checkExamples,
  },
  { id: 'form', pattern: 'rules/forms/<id>.yaml', schema: formSchema, read: readForms, check: checkForms },
  {
    id: 'form-config',
    pattern: 'rules/forms/config.yml',
    schema: issueTemplateConfigSchema,
    read: readIssueTemplateConfig,
    check: () => [],
  },
  {
    id: 'reply',
    pattern: 'rules/replies/<id>.<lang>.md',
    schema: replySchema,
    read: readReplies,
    check: checkReplies,
  },
  // No schema: the frontmatter holds only the subject, checked by hand (formats/emails/email-template.ts).
  { id: 'email', pattern: 'rules/emails/<template>.<lang>.md', read: readEmails, check: checkEmails },
  {
    id: 'article',
    pattern: 'kb/<lang>/<slug>.md',
    schema: articleSchema,
    read: readArticles,
    check: checkArticles,
  },
];

/** The formats with a JSON Schema: validated by ajv, documented on the reference page, in its order. */
export const schemaFormats = ruleFormats.filter(
  (format): format is RuleFormat & { schema: object } => format.schema !== undefined,
);

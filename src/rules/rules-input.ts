// What the first pass (YAML and JSON Schema) hands the meaning pass: every file that passed it, parsed.
// A file that failed is absent, and the checks that need it are skipped, so one typo does not cascade
// into dozens of "unknown …" messages.
import type { ArticleInput } from './formats/articles/check.ts';
import type { EmailTemplates } from './formats/emails/email-template.ts';
import type { DerivedFieldId } from './formats/forms/fill-form-file.ts';
import type { YamlSource } from './yaml-source.ts';
import type {
  CannedReplyFrontmatter,
  CustomersFile,
  DeskSettings,
  ExamplesFile,
  FormFile,
  IssueTemplateConfig,
  RoutingFile,
  SlaFile,
  TeamsFile,
} from './types.ts';

export interface ReplyInput {
  file: string;
  /** From the file name `<id>.<lang>.md`; undefined when the name does not follow it. */
  fileId?: string;
  fileLang?: string;
  frontmatter?: CannedReplyFrontmatter;
  body: string;
  bodyLine: number;
}

/** A file of rules/examples/ after the first pass. */
export interface ExamplesInput {
  file: string;
  source: YamlSource;
  data: ExamplesFile;
}

export interface RulesInput {
  desk?: DeskSettings;
  teams?: TeamsFile;
  customers?: CustomersFile;
  routing?: RoutingFile;
  sla?: SlaFile;
  /**
   * Forms that passed the first pass; `written` is the data as in the file, before defaults; `derived`
   * the field ids the reader made from labels.
   */
  forms: { id: string; file: string; form: FormFile; written: unknown; derived: DerivedFieldId[] }[];
  /** rules/forms/config.yml, when there is one and it passed the first pass. */
  issueTemplateConfig?: IssueTemplateConfig;
  /** Ids of every form file, valid or not (references to an invalid form are not "unknown"). */
  formIds: Set<string>;
  /** Field ids found in every form file, valid or not. */
  formFieldIds: Set<string>;
  replies: ReplyInput[];
  /** ICS files named by calendars, by path from the root; undefined when the file is missing. */
  icsTexts: Map<string, string | undefined>;
  /** The templates of rules/emails/ that passed the first pass, and every file there; absent without the folder. */
  emails?: { templates: EmailTemplates; files: Set<string> };
  /** The files of rules/examples/ that passed the first pass, with their parsed source (for positions). */
  examples: ExamplesInput[];
  /** Every article of kb/, its frontmatter when valid. */
  articles: ArticleInput[];
  /** Today, for holiday lists about to run out and reviews overdue. */
  now: Date;
}

// The rules model: the TypeScript shape of every file under `rules/` and of KB frontmatter, exactly as
// the files spell it (camelCase keys). The JSON Schemas in `schemas/` describe the same shapes and are
// checked against these types at compile time (JSONSchemaType), so the two cannot drift. A rule's `when`
// is made of the condition keys of src/conditions/ (one file each; the `Condition` types derived there),
// its `then` of the routing actions of src/routing/actions/ (one file each; `RuleActions` derived there).
import type { Channel } from '../conditions/channel.ts';
import type { Condition, PolicyCondition } from '../conditions/index.ts';
import type { SenderCheck } from '../conditions/sender.ts';
import type { AssignmentStrategy } from '../routing/actions/assignment-strategies.ts';
import type { RuleActions } from '../routing/actions/index.ts';

export { channels, type Channel } from '../conditions/channel.ts';
export { senderChecks, type SenderCheck } from '../conditions/sender.ts';
export type { Condition, PolicyCondition } from '../conditions/index.ts';
export { assignmentStrategies, type AssignmentStrategy } from '../routing/actions/assignment-strategies.ts';
export type { RuleActions } from '../routing/actions/index.ts';

/** A language code of the desk (`fr`, `en`). */
export type Lang = string;

/** A text given per language: `{ fr: "…", en: "…" }`. */
export type Localised = Record<Lang, string>;

/** The ticket statuses repodesk knows; each maps to a label in `desk.yaml`. */
export const statusIds = ['new', 'open', 'pending', 'on-hold', 'resolved', 'closed'] as const;
export type StatusId = (typeof statusIds)[number];

/** Week days as keys of weekly hours. */
export const weekDays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekDay = (typeof weekDays)[number];

/** Opening hours per week day, each a list of `HH:MM-HH:MM` ranges; a missing day is closed. */
export type WeeklyHours = Partial<Record<WeekDay, string[]>>;

// ---------------------------------------------------------------- rules/desk.yaml

export interface StatusSetting {
  /** The GitHub label that carries this status (closed tickets are closed issues and may keep it). */
  label: string;
  /** Name shown to customers, per language. */
  name: Localised;
}

export interface PrioritySetting {
  id: string;
  label: string;
  name: Localised;
}

export interface TicketTypeSetting {
  id: string;
  label: string;
  name: Localised;
  /** Steps agents check on a ticket of this type, listed at the end of its issue as a checklist. */
  playbook?: Localised[];
}

export interface CategorySetting {
  /** Used by KB frontmatter `category` and by forms' `repodesk.category`. */
  id: string;
  name: Localised;
  description: Localised;
  /** Order on the home page and in the request catalogue (lower first). */
  order: number;
  /** Steps agents check on a request of this category, listed at the end of its issue as a checklist. */
  playbook?: Localised[];
}

export interface PrivacySetting {
  /** Days after closing before the bot forgets a requester's personal data in its store. */
  retentionDays: number;
  /** Whether customers see the agent's name on public replies (else the desk's name). */
  showAgentNames: boolean;
  /** Whether the requester's email address is written in the issue body (else only in the store). */
  emailInIssue: boolean;
}

export interface MailSetting {
  /** The support address customers write to and receive mail from. */
  address: string;
  /** Display name of outgoing mail. */
  fromName: string;
  /** The authserv-id whose `Authentication-Results` headers are trusted (your MTA); empty trusts none. */
  authservId: string;
  /** A reply to a closed ticket within this many days reopens it; later it opens a new linked ticket. */
  reopenWindowDays: number;
  /** At most this many automatic mails (acknowledgements, auto-replies) to one address per hour. */
  autoReplyLimitPerHour: number;
  /** What the receiving server's spam filter says about a message, and when the desk believes it. */
  spam: MailSpamSetting;
  /** Addresses whose mail is quarantined without an answer. */
  blockedSenders: string[];
  /** Domains (and their subdomains) whose mail is quarantined without an answer. */
  blockedDomains: string[];
  /** Addresses whose mail a spam verdict never quarantines. */
  allowedSenders: string[];
  /** Domains (and their subdomains) whose mail a spam verdict never quarantines. */
  allowedDomains: string[];
}

export interface MailSpamSetting {
  /** Whether the receiving server's `X-Spam-*` headers quarantine a message. */
  trustHeaders: boolean;
  /** A spam score at or over this quarantines the message. */
  scoreThreshold: number;
}

export interface LifecycleSetting {
  /** Business days a pending ticket waits for the customer before a reminder. */
  pendingReminderAfterDays: number;
  /** Business days after the reminder before a pending ticket is closed with a notice. */
  pendingCloseAfterDays: number;
  /** Days after which a resolved ticket is closed. */
  resolvedCloseAfterDays: number;
  /** A ticket with this label is never closed automatically. */
  skipLabel: string;
  /** The calendar (from sla.yaml) that counts business days for these delays. */
  calendar: string;
}

export interface RateLimitSetting {
  /** Requests allowed at once, before waiting. */
  burst: number;
  /** Seconds to regain one request once the burst is spent. */
  refillSeconds: number;
}

export interface RateLimitsSetting {
  /** Form submissions and file uploads from one client address. */
  perIp: RateLimitSetting;
  /** Form submissions from one requester email address. */
  perEmail: RateLimitSetting;
}

export interface ReportsSetting {
  /** Whether `repodesk report` shows a line per agent; false shows teams only (no per-person table). */
  perAgent: boolean;
}

export interface AlertsSetting {
  /** An alert that begins firing again this many times within `flappingMinutes` is flapping. */
  flappingFirings: number;
  /** The window, in minutes, in which `flappingFirings` firings make an alert flapping. */
  flappingMinutes: number;
  /** The label a flapping alert's ticket gets. */
  flappingLabel: string;
  /** Whether a resolved alert also resolves its ticket (status `resolved`); false: only the note. */
  resolveTicket: boolean;
}

export interface DeskSettings {
  /** Name of the help centre, shown on the site and in mail. */
  name: Localised;
  /** The private support repository that holds tickets, `owner/repo`. */
  repository: string;
  /** Every repository of the desk (confidential queues), the default `repository` first; omitted: only it. */
  repositories?: string[];
  /** Public URL of the help site. */
  siteUrl: string;
  /** Public URL of the bot (forms post to `${botUrl}/api/requests`). */
  botUrl: string;
  /** Languages of the desk; the first is the default. */
  languages: Lang[];
  statuses: Record<StatusId, StatusSetting>;
  priorities: PrioritySetting[];
  defaultPriority: string;
  types: TicketTypeSetting[];
  defaultType: string;
  categories: CategorySetting[];
  privacy: PrivacySetting;
  mail: MailSetting;
  lifecycle: LifecycleSetting;
  /** How many form submissions the bot takes before answering 429. */
  rateLimits: RateLimitsSetting;
  /** What `repodesk report` shows. */
  reports: ReportsSetting;
  /** How monitoring alerts (channel `alert`) become tickets. */
  alerts: AlertsSetting;
}

// ---------------------------------------------------------------- rules/teams.yaml

export interface OutOfOffice {
  /** First day away (inclusive), `YYYY-MM-DD`. */
  from: string;
  /** Last day away (inclusive), `YYYY-MM-DD`. */
  to: string;
  reason?: string;
}

export interface Agent {
  /** GitHub login. */
  login: string;
  name: string;
  /** Skills matched against ticket tags by the `skills` strategy. */
  skills: string[];
  /** Maximum open tickets assigned at once; the agent is skipped at capacity. */
  capacity: number;
  /** IANA timezone of the agent's working hours. */
  timezone: string;
  workingHours: WeeklyHours;
  outOfOffice: OutOfOffice[];
  languages: Lang[];
}

export interface Team {
  id: string;
  name: Localised;
  /** The label that marks a ticket as this team's. */
  label: string;
  /** Logins of the team's agents (defined under `agents`). */
  members: string[];
  /** Login notified or assigned when an SLA target is breached. */
  escalationContact: string;
  /** Default assignment strategy when a routing rule names the team without one. */
  assignment: AssignmentStrategy;
  /** The SLA calendar of the team's business hours. */
  calendar: string;
}

export interface TeamsFile {
  agents: Agent[];
  teams: Team[];
}

// ---------------------------------------------------------------- rules/customers.yaml

export interface Tier {
  id: string;
  name: Localised;
}

export interface Organisation {
  id: string;
  name: string;
  /** Email domains whose senders belong to the organisation. */
  domains: string[];
  tier: string;
  /** Team that handles the organisation when no routing rule sets one. */
  defaultTeam?: string;
  language?: Lang;
  /** False: the organisation's requesters get no satisfaction survey in their resolution mail. */
  survey?: boolean;
}

export interface CustomersFile {
  tiers: Tier[];
  organisations: Organisation[];
}

// ---------------------------------------------------------------- rules/routing.yaml

export interface RoutingRule {
  id: string;
  description?: string;
  /** Omitted: always matches. */
  when?: Condition;
  then: RuleActions;
  /** `shadow`: evaluated and recorded as "would have", never applied. Omitted: applied. */
  mode?: 'shadow';
}

export interface RoutingFile {
  rules: RoutingRule[];
}

// ---------------------------------------------------------------- rules/sla.yaml

export interface Holiday {
  date: string;
  name?: string;
}

export interface Calendar {
  id: string;
  name: Localised;
  timezone: string;
  /** `true` for a 24×7 calendar (hours then ignored). */
  alwaysOpen?: boolean;
  hours?: WeeklyHours;
  holidays?: Holiday[];
  /** Path of an ICS file (relative to `rules/`) whose all-day events (recurring ones expanded) are holidays. */
  ics?: string;
}

export const slaClocks = ['firstResponse', 'nextResponse', 'resolution'] as const;
export type SlaClock = (typeof slaClocks)[number];

/** A duration: `30m`, `4h`, `1h30m`, `2d` (1d = 24 hours of counted time). */
export type Duration = string;

export interface EscalationStep {
  /** Percentage of the target elapsed (75 = at risk, 100 = breached). */
  at: number;
  /** Label put on the ticket at this step (removed when the clock is met). */
  label: string;
  /** What to do with the team's escalation contact, once. */
  notify?: 'mention' | 'assign';
}

export interface SlaPolicy {
  id: string;
  name: Localised;
  /** Conditions over priority, type, tier, organisation, team, channel; omitted matches all. */
  when?: PolicyCondition;
  /** Calendar whose hours the clocks count; omitted: the ticket's team's, else the desk's lifecycle calendar. */
  calendar?: string;
  targets: Partial<Record<SlaClock, Duration>>;
  /** Statuses that pause each clock. */
  pauseOn: Partial<Record<SlaClock, StatusId[]>>;
  escalation: EscalationStep[];
  /** `shadow`: evaluated and recorded as "would have" (policy, due times), never applied. Omitted: applied. */
  mode?: 'shadow';
}

export interface SlaFile {
  calendars: Calendar[];
  /** First matching policy applies. */
  policies: SlaPolicy[];
  /** Whether the sweep keeps the SLA status line at the end of issue bodies (default true). */
  statusLine?: boolean;
}

// ---------------------------------------------------------------- rules/forms/*.yaml (GitHub issue forms + `repodesk`)

export interface FormOption {
  label: string;
  required?: boolean;
}

export type FormItem =
  /** GitHub allows no `id` on a markdown item: translations give its text by position. */
  | { type: 'markdown'; attributes: { value: string } }
  | {
      type: 'input' | 'textarea';
      id: string;
      attributes: {
        label: string;
        description?: string;
        placeholder?: string;
        value?: string;
        render?: string;
      };
      validations?: { required?: boolean };
    }
  | {
      type: 'dropdown';
      id: string;
      attributes: {
        label: string;
        description?: string;
        multiple?: boolean;
        options: string[];
        default?: number;
      };
      validations?: { required?: boolean };
    }
  | {
      type: 'checkboxes';
      id: string;
      attributes: { label: string; description?: string; options: FormOption[] };
      validations?: { required?: boolean };
    };

export type RequesterFieldRule = 'required' | 'optional' | 'hidden';

export interface FormTranslation {
  name?: string;
  description?: string;
  /** The texts of the form's markdown items, in their order. */
  markdown?: string[];
  /** Per field id: translated label, description, placeholder, options (same order), starting text. */
  body?: Record<
    string,
    { label?: string; description?: string; placeholder?: string; value?: string; options?: string[] }
  >;
}

export interface FormExtension {
  /** Category id (desk.yaml) under which the catalogue lists the form. */
  category: string;
  /** Ticket type set on tickets from this form; undefined: the routing rules and the desk's default decide. */
  type?: string;
  /** Order in its catalogue group. */
  order: number;
  /** Language of the texts in the file itself. */
  lang: Lang;
  /** Field id whose answer becomes the ticket's subject. */
  subjectField: string;
  /** Field id whose answer is the main description (used for article suggestions). */
  descriptionField: string;
  requester: {
    name: RequesterFieldRule;
    email: RequesterFieldRule;
    organisation: RequesterFieldRule;
    phone: RequesterFieldRule;
  };
  /** Whether the form offers a file field (checked and stored like mail attachments). */
  attachments: boolean;
  /**
   * `phone`: an agent's log of a call, filled on GitHub only (the help site neither lists nor accepts it); an
   * issue a desk agent opens with it is a `phone` ticket whose requester the form names. Absent: a request form.
   */
  channel?: 'phone';
  /** False: tickets from this form get no satisfaction survey in their resolution mail. */
  survey?: boolean;
  /** Texts in the other languages, keyed by language. */
  translations: Record<Lang, FormTranslation>;
}

export interface RequestForm {
  name: string;
  description: string;
  title?: string;
  labels?: string[];
  assignees?: string[];
  /** GitHub's projects (`OWNER/NUMBER`) the issue is added to; kept for the export. */
  projects?: string[];
  /** GitHub's issue type, as written; `repodesk.type` comes from it when it names a desk type. */
  type?: string;
  body: FormItem[];
  repodesk: FormExtension;
}

/** A link of GitHub's template chooser: somewhere else to go than a new issue. */
export interface ContactLink {
  name: string;
  url: string;
  about: string;
}

/** rules/forms/config.yml: GitHub's template chooser settings (.github/ISSUE_TEMPLATE/config.yml). */
export interface IssueTemplateConfig {
  blank_issues_enabled?: boolean;
  contact_links?: ContactLink[];
}

/** `repodesk:` as a form file may write it: category and language default from desk.yaml. */
export type FormFileExtension = Omit<FormExtension, 'category' | 'lang'> &
  Partial<Pick<FormExtension, 'category' | 'lang'>>;

/** A form file after the first pass, before desk.yaml's defaults are filled in (complete-form.ts). */
export type FormFile = Omit<RequestForm, 'repodesk'> & { repodesk: FormFileExtension };

// ---------------------------------------------------------------- rules/replies/*.md

export interface CannedReplyFrontmatter {
  /** Shared by the translations of one reply; defaults to the file name without `.<lang>.md`. */
  id: string;
  title: string;
  lang: Lang;
  /** Status the ticket moves to when the reply is sent (e.g. `pending`, `resolved`). */
  status?: StatusId;
}

export interface CannedReply extends CannedReplyFrontmatter {
  /** Markdown with `{{variables}}` (see `replyVariables`). */
  body: string;
  file: string;
}

/** The variables a canned reply or email template may use. */
export const replyVariables = [
  'requester.name',
  'requester.firstName',
  'requester.email',
  'ticket.ref',
  'ticket.title',
  'ticket.statusUrl',
  'ticket.status',
  'agent.name',
  'desk.name',
  'desk.siteUrl',
] as const;

// ---------------------------------------------------------------- kb/<lang>/<slug>.md

export interface ArticleFrontmatter {
  title: string;
  summary: string;
  /** Category id from desk.yaml. */
  category: string;
  tags: string[];
  /** Must match the folder (`kb/fr/…` → `fr`). */
  lang: Lang;
  /** Shared by the translations of one article. */
  translationKey: string;
  /** Last meaningful update, `YYYY-MM-DD`. */
  updated: string;
  /** Date by which the article must be reviewed; a warning after it. */
  reviewBy?: string;
  visibility: 'public' | 'internal';
  draft: boolean;
  /** Search synonyms (words customers use that the article does not). */
  aliases: string[];
  /** Slugs of related articles in the same language. */
  related: string[];
}

export interface Article extends ArticleFrontmatter {
  /** File name without `.md`; the URL is `/<lang>/articles/<slug>/`. */
  slug: string;
  /** Markdown body. */
  body: string;
  file: string;
}

// ---------------------------------------------------------------- rules/examples/*.yaml

/** The request of a rule example: what a customer sends, as `repodesk route` reads a draft. */
export interface ExampleTicket {
  /** When the ticket is created (ISO 8601 with an offset): routing's `now` and the start of SLA clocks. */
  createdAt: string;
  channel?: Channel;
  form?: string;
  subject?: string;
  body?: string;
  requester?: { name?: string; email?: string; organisation?: string; phone?: string };
  sender?: SenderCheck;
  language?: string;
  fields?: Record<string, string | string[]>;
  labels?: string[];
  attachments?: number;
  /** A monitoring alert's severity and labels (channel `alert`). */
  alert?: { severity?: string; labels?: Record<string, string> };
}

/** The SLA clocks a new ticket starts with. */
export const exampleClocks = ['firstResponse', 'resolution'] as const;
export type ExampleClock = (typeof exampleClocks)[number];

/** What the admin expects of a rule example; each key left out is not checked. */
export interface ExampleExpectation {
  /** The ids of the routing rules that match, in order. */
  rules?: string[];
  /** Labels the issue carries (others may be there too). */
  labels?: string[];
  priority?: string;
  type?: string;
  team?: string;
  /** The assignment strategy in force (`none` when nobody is picked by one). */
  assign?: AssignmentStrategy;
  /** Exactly these assignees. */
  assignees?: string[];
  /** Exactly these automatic replies. */
  replies?: string[];
  /** The SLA policy chosen (`none`: no policy matches). */
  policy?: string;
  /** Due instants of the clocks the new ticket starts. */
  due?: Partial<Record<ExampleClock, string>>;
}

export interface RuleExample {
  name: string;
  ticket: ExampleTicket;
  expect: ExampleExpectation;
}

export interface ExamplesFile {
  examples: RuleExample[];
}

// ---------------------------------------------------------------- the loaded whole

/** Everything under `rules/` and `kb/`, loaded and validated. */
export interface Rules {
  desk: DeskSettings;
  teams: TeamsFile;
  customers: CustomersFile;
  routing: RoutingFile;
  sla: SlaFile;
  /** Keyed by form id (file name without extension). */
  forms: Record<string, RequestForm>;
  /** rules/forms/config.yml, when there is one. */
  issueTemplateConfig?: IssueTemplateConfig;
  /** Keyed by reply id, then language. */
  replies: Record<string, Record<Lang, CannedReply>>;
}

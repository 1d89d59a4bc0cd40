// Schema of rules/desk.yaml: the desk's identity, statuses, priorities, types, categories and policies.
import type {
  AlertsSetting,
  CategorySetting,
  DeskSettings,
  LifecycleSetting,
  MailSetting,
  MailSpamSetting,
  PrioritySetting,
  PrivacySetting,
  RateLimitSetting,
  RateLimitsSetting,
  ReportsSetting,
  StatusId,
  StatusSetting,
  TicketTypeSetting,
} from '../../types.ts';
import { statusIds } from '../../types.ts';
import { idString, localised } from '../common-schemas.ts';
import { objectSchema } from '../define-schema.ts';

const statusMeaning: Record<StatusId, [string, string, string]> = {
  new: ['submitted, nobody has answered yet', 'Nouvelle', 'New'],
  open: ['an agent is working on it', 'En cours', 'Open'],
  pending: ['waiting on the customer', 'En attente de votre réponse', 'Waiting for your reply'],
  'on-hold': ['waiting on a third party or an internal team', 'En pause', 'On hold'],
  resolved: ['answered; closes by itself after `lifecycle.resolvedCloseAfterDays`', 'Résolue', 'Resolved'],
  closed: ['finished (the issue is closed)', 'Fermée', 'Closed'],
};

function statusSetting(id: StatusId) {
  const [meaning, fr, en] = statusMeaning[id];
  return objectSchema<StatusSetting>()({
    description: `The \`${id}\` status: ${meaning}.`,
    properties: {
      label: {
        type: 'string',
        minLength: 1,
        description:
          'The GitHub label that carries this status (closed tickets are closed issues and may keep it).',
        examples: [`status: ${id}`],
      },
      name: localised('Name shown to customers.', { fr, en }),
    },
    required: ['label', 'name'],
  });
}

const statuses = objectSchema<Record<StatusId, StatusSetting>>()({
  description: 'Each ticket status and the label that carries it. All six statuses must be present.',
  properties: {
    new: statusSetting('new'),
    open: statusSetting('open'),
    pending: statusSetting('pending'),
    'on-hold': statusSetting('on-hold'),
    resolved: statusSetting('resolved'),
    closed: statusSetting('closed'),
  },
  required: statusIds,
});

const priority = objectSchema<PrioritySetting>()({
  description: 'A ticket priority.',
  properties: {
    id: idString('Id used by routing rules, SLA policies and forms.', 'urgent'),
    label: {
      type: 'string',
      minLength: 1,
      description: 'The GitHub label that carries the priority.',
      examples: ['priority: urgent'],
    },
    name: localised('Name shown to customers and agents.', { fr: 'Urgente', en: 'Urgent' }),
  },
  required: ['id', 'label', 'name'],
});

/** The checklist agents follow on a ticket of a type or category: `playbook:` of types and categories. */
function playbook(what: string) {
  return {
    type: 'array',
    items: localised('One step.', {
      fr: 'Vérifier l’identité du demandeur',
      en: "Check the requester's identity",
    }),
    minItems: 1,
    description: `Steps agents check on ${what}, listed as a checklist in the "For the agent" section that ends the issue body.`,
    'x-when-omitted': 'no checklist',
    examples: [
      [
        { fr: 'Qualifier l’impact', en: 'Assess the impact' },
        { fr: 'Informer le demandeur', en: 'Update the requester' },
      ],
    ],
  } as const;
}

const ticketType = objectSchema<TicketTypeSetting>()({
  description: 'A ticket type (incident, service request, question, problem…).',
  properties: {
    id: idString('Id used by routing rules, SLA policies and forms.', 'incident'),
    label: {
      type: 'string',
      minLength: 1,
      description: 'The GitHub label that carries the type.',
      examples: ['type: incident'],
    },
    name: localised('Name shown to customers and agents.', { fr: 'Incident', en: 'Incident' }),
    playbook: playbook('a ticket of this type'),
  },
  required: ['id', 'label', 'name'],
});

const category = objectSchema<CategorySetting>()({
  description: 'A category of the knowledge base and of the request catalogue.',
  properties: {
    id: idString("Used by KB frontmatter `category` and by forms' `repodesk.category`.", 'billing'),
    name: localised('Name shown on the site.', { fr: 'Facturation', en: 'Billing' }),
    description: localised('One sentence shown under the name on the home page.', {
      fr: 'Factures, moyens de paiement et remboursements.',
      en: 'Invoices, payment methods and refunds.',
    }),
    order: {
      type: 'integer',
      description: 'Order on the home page and in the request catalogue (lower first).',
      default: 0,
      examples: [1],
    },
    playbook: playbook("a request of this category (its form's `repodesk.category`)"),
  },
  required: ['id', 'name', 'description'],
  defaulted: ['order'],
});

const privacy = objectSchema<PrivacySetting>()({
  description: 'What the desk keeps about requesters and what it shows.',
  properties: {
    retentionDays: {
      type: 'integer',
      minimum: 1,
      description:
        "Days after closing before the bot forgets a requester's personal data: in its store, and redacted from the ticket's issue and comments on GitHub (a daily task; GitHub's edit history excepted).",
      default: 365,
      examples: [365],
    },
    showAgentNames: {
      type: 'boolean',
      description: "Whether customers see the agent's name on public replies (else the desk's name).",
      default: true,
      examples: [false],
    },
    emailInIssue: {
      type: 'boolean',
      description:
        "Whether the requester's email address is written in the issue body (else only in the store).",
      default: false,
      examples: [true],
    },
  },
  required: [],
  defaulted: ['retentionDays', 'showAgentNames', 'emailInIssue'],
});

/** The spam settings a desk.yaml without `mail.spam` gets. */
const spamDefaults: MailSpamSetting = { trustHeaders: true, scoreThreshold: 5 };

const spam = objectSchema<MailSpamSetting>()({
  description:
    "The receiving server's spam verdict: a message its filter marks as spam (`X-Spam-Flag: YES`, `X-Spam-Status: Yes, …`, or a score in `X-Spam-Score` or `X-Spam-Status: …, score=…` at or over `scoreThreshold`) is kept in quarantine, never made a ticket and never answered; `repodesk mail release <id>` makes its ticket. Only the message's own header block counts (never its body, quoted text or attached messages), and a header that says spam wins over any other copy of it that does not: a sender's forged `X-Spam-Flag: NO` cannot hide the filter's `YES`.",
  properties: {
    trustHeaders: {
      type: 'boolean',
      description:
        "Whether the `X-Spam-*` headers quarantine a message. Set `false` when the server that receives the desk's mail runs no spam filter: then those headers can only come from the sender.",
      default: spamDefaults.trustHeaders,
      examples: [false],
    },
    scoreThreshold: {
      type: 'number',
      description:
        "A score at or over this is spam (SpamAssassin's own threshold is 5 by default). A score that is not a plain number (`1e9`, `lots`) is ignored.",
      default: spamDefaults.scoreThreshold,
      examples: [6.5],
    },
  },
  required: [],
  defaulted: ['trustHeaders', 'scoreThreshold'],
  examples: [{ trustHeaders: true, scoreThreshold: 6.5 }],
});

function senderList(description: string, example: string) {
  return {
    type: 'array' as const,
    items: { type: 'string' as const, minLength: 1, description: 'One entry.' },
    description,
    default: [],
    examples: [[example]],
  };
}

const mail = objectSchema<MailSetting>()({
  description: 'Outgoing and incoming mail.',
  properties: {
    address: {
      type: 'string',
      pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
      description: 'The support address customers write to and receive mail from.',
      examples: ['aide@lumen.example'],
    },
    fromName: {
      type: 'string',
      minLength: 1,
      description: 'Display name of outgoing mail.',
      examples: ["Centre d'aide Lumen"],
    },
    authservId: {
      type: 'string',
      description:
        "The authserv-id whose `Authentication-Results` headers are trusted (your MTA); empty trusts none. Only a sender they vouch for is `verified`: it alone gets its organisation's tier from its domain, and a reply tied to a ticket by the subject's reference alone is flagged otherwise.",
      default: '',
      examples: ['mx.lumen.example'],
    },
    reopenWindowDays: {
      type: 'integer',
      minimum: 0,
      description:
        'A reply to a closed ticket within this many days reopens it; later it opens a new linked ticket.',
      default: 7,
      examples: [14],
    },
    autoReplyLimitPerHour: {
      type: 'integer',
      minimum: 0,
      description:
        'At most this many automatic mails (acknowledgements, auto-replies) to one address per hour.',
      default: 5,
      examples: [3],
    },
    spam: { ...spam, default: spamDefaults },
    blockedSenders: senderList(
      'Addresses whose mail is quarantined without an answer and never made a ticket, whatever its spam verdict (`repodesk mail release <id>` makes the ticket of one). Case does not matter.',
      'promo@vente-flash.example',
    ),
    blockedDomains: senderList(
      'Domains whose mail (from the domain or any subdomain) is quarantined without an answer and never made a ticket. An address of `allowedSenders` in such a domain still gets through.',
      'vente-flash.example',
    ),
    allowedSenders: senderList(
      "Addresses a spam verdict never quarantines (a customer whose mail the receiving server's filter misjudges). An agent's `/spam` on the sender still wins: `repodesk mail unblock` lifts it.",
      'compta@client-fidele.example',
    ),
    allowedDomains: senderList(
      'Domains (and their subdomains) a spam verdict never quarantines, unless the address itself is in `blockedSenders`.',
      'client-fidele.example',
    ),
  },
  required: ['address', 'fromName'],
  defaulted: [
    'authservId',
    'reopenWindowDays',
    'autoReplyLimitPerHour',
    'spam',
    'blockedSenders',
    'blockedDomains',
    'allowedSenders',
    'allowedDomains',
  ],
});

const lifecycle = objectSchema<LifecycleSetting>()({
  description: 'Reminders and automatic closing.',
  properties: {
    pendingReminderAfterDays: {
      type: 'integer',
      minimum: 1,
      description: 'Business days a pending ticket waits for the customer before a reminder.',
      default: 3,
      examples: [3],
    },
    pendingCloseAfterDays: {
      type: 'integer',
      minimum: 1,
      description: 'Business days after the reminder before a pending ticket is closed with a notice.',
      default: 4,
      examples: [4],
    },
    resolvedCloseAfterDays: {
      type: 'integer',
      minimum: 0,
      description: 'Days after which a resolved ticket is closed.',
      default: 5,
      examples: [7],
    },
    skipLabel: {
      type: 'string',
      minLength: 1,
      description: 'A ticket with this label is never closed automatically.',
      default: 'no-autoclose',
      examples: ['no-autoclose'],
    },
    calendar: {
      type: 'string',
      minLength: 1,
      description: 'The calendar (from `sla.yaml`) that counts business days for these delays.',
      examples: ['paris'],
    },
  },
  required: ['calendar'],
  defaulted: ['pendingReminderAfterDays', 'pendingCloseAfterDays', 'resolvedCloseAfterDays', 'skipLabel'],
});

function rateLimit(what: string, burst: number, refillSeconds: number, example: RateLimitSetting) {
  return objectSchema<RateLimitSetting>()({
    description: `${what}: a burst of requests at once, then one more every \`refillSeconds\`; past that the bot answers 429 with \`Retry-After\`.`,
    properties: {
      burst: {
        type: 'integer',
        minimum: 1,
        description: 'Requests allowed at once, before waiting.',
        default: burst,
        examples: [example.burst],
      },
      refillSeconds: {
        type: 'number',
        exclusiveMinimum: 0,
        description: 'Seconds to regain one request once the burst is spent.',
        default: refillSeconds,
        examples: [example.refillSeconds],
      },
    },
    required: [],
    defaulted: ['burst', 'refillSeconds'],
  });
}

/** The limits the bot applied before they could be set: 10 at once then 1 a minute per IP, 5 then 1 every 10 minutes per address. */
const rateLimitDefaults: RateLimitsSetting = {
  perIp: { burst: 10, refillSeconds: 60 },
  perEmail: { burst: 5, refillSeconds: 600 },
};

const rateLimits = objectSchema<RateLimitsSetting>()({
  description:
    'How many form submissions the bot accepts before answering 429. Raise `perIp` when many customers share one address (a company proxy, a NAT) or when the bot sits behind a proxy it does not trust; changes apply on reload, and give every client a fresh burst.',
  properties: {
    perIp: {
      ...rateLimit('Per client address (form submissions and file uploads)', 10, 60, {
        burst: 50,
        refillSeconds: 6,
      }),
      default: rateLimitDefaults.perIp,
    },
    perEmail: {
      ...rateLimit('Per requester email address (form submissions)', 5, 600, {
        burst: 10,
        refillSeconds: 300,
      }),
      default: rateLimitDefaults.perEmail,
    },
  },
  required: [],
  defaulted: ['perIp', 'perEmail'],
  examples: [{ perIp: { burst: 50, refillSeconds: 6 }, perEmail: { burst: 10, refillSeconds: 300 } }],
});

const reports = objectSchema<ReportsSetting>()({
  description: 'What `repodesk report` shows managers.',
  properties: {
    perAgent: {
      type: 'boolean',
      description:
        'Whether the report has a line per agent (tickets handled, replies, response and resolution times); `false` shows the same columns per team only, for teams that do not want per-person league tables.',
      default: true,
      examples: [false],
    },
  },
  required: [],
  defaulted: ['perAgent'],
  examples: [{ perAgent: false }],
});

/** The alert settings a desk.yaml without `alerts` gets. */
const alertsDefaults: AlertsSetting = {
  flappingFirings: 4,
  flappingMinutes: 30,
  flappingLabel: 'alert: flapping',
  resolveTicket: true,
};

const alerts = objectSchema<AlertsSetting>()({
  description:
    'How monitoring alerts (`POST /api/alerts/…`, channel `alert`) become tickets: one ticket per alert fingerprint while it is open, its repeat firings counted on one occurrences line.',
  properties: {
    flappingFirings: {
      type: 'integer',
      minimum: 2,
      description:
        'An alert that begins firing this many times within `flappingMinutes` (its first firing, then each firing after a resolution; repeats of a firing alert do not count) is flapping: its ticket gets `flappingLabel` and is neither resolved nor reopened at each change until it settles.',
      default: alertsDefaults.flappingFirings,
      examples: [6],
    },
    flappingMinutes: {
      type: 'integer',
      minimum: 1,
      description: 'The window, in minutes, in which `flappingFirings` firings make an alert flapping.',
      default: alertsDefaults.flappingMinutes,
      examples: [60],
    },
    flappingLabel: {
      type: 'string',
      minLength: 1,
      description: "The label a flapping alert's ticket gets.",
      default: alertsDefaults.flappingLabel,
      examples: ['flapping'],
    },
    resolveTicket: {
      type: 'boolean',
      description:
        'Whether an alert the monitoring system reports resolved also puts its ticket in the `resolved` status (then closed by `lifecycle.resolvedCloseAfterDays`); `false` posts only the note and leaves the ticket to agents.',
      default: alertsDefaults.resolveTicket,
      examples: [false],
    },
  },
  required: [],
  defaulted: ['flappingFirings', 'flappingMinutes', 'flappingLabel', 'resolveTicket'],
  examples: [{ flappingFirings: 6, flappingMinutes: 60, flappingLabel: 'flapping', resolveTicket: false }],
});

/** rules/desk.yaml */
export const deskSchema = objectSchema<DeskSettings>()({
  title: 'rules/desk.yaml',
  description:
    "The desk's settings: support repository, statuses, priorities, types, categories, languages, mail and privacy.",
  properties: {
    name: localised('Name of the help centre, shown on the site and in mail.', {
      fr: "Centre d'aide Lumen",
      en: 'Lumen Help Centre',
    }),
    repository: {
      type: 'string',
      pattern: '^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$',
      description: 'The private support repository that holds tickets, `owner/repo`.',
      examples: ['lumen/support'],
    },
    repositories: {
      type: 'array',
      items: { type: 'string', pattern: '^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$' },
      minItems: 1,
      uniqueItems: true,
      description:
        "Every repository of the desk, `repository` first: a routing rule's `repository` files a ticket in another one (confidential queues: HR, security), readable by its own collaborators only. The bot's token must reach each (`repodesk doctor` checks it).",
      'x-when-omitted': 'only `repository`',
      examples: [['lumen/support', 'lumen/support-hr']],
    },
    siteUrl: {
      type: 'string',
      pattern: '^https?://[^\\s]+$',
      description: 'Public URL of the help site.',
      examples: ['https://aide.lumen.example'],
    },
    botUrl: {
      type: 'string',
      pattern: '^https?://[^\\s]+$',
      description: 'Public URL of the bot (forms post to `${botUrl}/api/requests`).',
      examples: ['https://bot.lumen.example'],
    },
    languages: {
      type: 'array',
      items: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]+)?$' },
      minItems: 1,
      uniqueItems: true,
      description: 'Languages of the desk; the first is the default.',
      examples: [['fr', 'en']],
    },
    statuses,
    priorities: {
      type: 'array',
      items: priority,
      minItems: 1,
      description: 'Ticket priorities, most urgent first.',
      examples: [[{ id: 'urgent', label: 'priority: urgent', name: { fr: 'Urgente', en: 'Urgent' } }]],
    },
    defaultPriority: {
      type: 'string',
      minLength: 1,
      description: 'Priority id given when no rule sets one.',
      examples: ['normal'],
    },
    types: {
      type: 'array',
      items: ticketType,
      minItems: 1,
      description: 'Ticket types (incident, service request, question, problem).',
      examples: [[{ id: 'incident', label: 'type: incident', name: { fr: 'Incident', en: 'Incident' } }]],
    },
    defaultType: {
      type: 'string',
      minLength: 1,
      description: 'Type id given when no rule or form sets one.',
      examples: ['question'],
    },
    categories: {
      type: 'array',
      items: category,
      minItems: 1,
      description: 'Categories of articles and request forms.',
      examples: [
        [
          {
            id: 'billing',
            name: { fr: 'Facturation', en: 'Billing' },
            description: { fr: 'Factures.', en: 'Invoices.' },
            order: 2,
          },
        ],
      ],
    },
    privacy: { ...privacy, default: { retentionDays: 365, showAgentNames: true, emailInIssue: false } },
    mail,
    lifecycle,
    rateLimits: { ...rateLimits, default: rateLimitDefaults },
    reports: { ...reports, default: { perAgent: true } },
    alerts: { ...alerts, default: alertsDefaults },
  },
  required: [
    'name',
    'repository',
    'siteUrl',
    'botUrl',
    'languages',
    'statuses',
    'priorities',
    'defaultPriority',
    'types',
    'defaultType',
    'categories',
    'mail',
    'lifecycle',
  ],
  defaulted: ['privacy', 'rateLimits', 'reports', 'alerts'],
});

// Schema of rules/examples/*.yaml: sample tickets with the outcome the admin expects of the rules.
import type { ExampleExpectation, ExampleTicket, ExamplesFile, RuleExample } from '../../types.ts';
import { assignmentStrategies, channels, senderChecks } from '../../types.ts';
import { objectSchema } from '../define-schema.ts';

/** An instant with its offset: `2026-12-07T09:30:00+01:00` or `…Z`. */
const instantPattern = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$';

const instant = (description: string, example: string, whenOmitted?: string) =>
  ({
    type: 'string',
    pattern: instantPattern,
    description: `${description} ISO 8601 with an offset (\`Z\`, \`+01:00\`).`,
    ...(whenOmitted === undefined ? {} : { 'x-when-omitted': whenOmitted }),
    examples: [example],
  }) as const;

const texts = (description: string, whenOmitted: string, example: string[]) =>
  ({
    type: 'array',
    items: { type: 'string', minLength: 1 },
    uniqueItems: true,
    description,
    'x-when-omitted': whenOmitted,
    examples: [example],
  }) as const;

const requesterObject = objectSchema<NonNullable<ExampleTicket['requester']>>()({
  description: 'Who sends the request.',
  properties: {
    name: { type: 'string', description: "The requester's name.", default: '', examples: ['Marie Dupont'] },
    email: {
      type: 'string',
      description: "The requester's address (its domain may name an organisation of customers.yaml).",
      default: '',
      examples: ['marie.dupont@banque-arvel.example'],
    },
    organisation: {
      type: 'string',
      description: 'The organisation as the requester wrote it (a form field).',
      'x-when-omitted': 'found from the address domain, as intake does',
      examples: ['Banque Arvel'],
    },
    phone: {
      type: 'string',
      description: "The requester's phone number.",
      'x-when-omitted': 'none',
      examples: ['+33 1 23 45 67 89'],
    },
  },
  required: [],
});

const requester = { ...requesterObject, 'x-when-omitted': 'no name and no address' };

const alertObject = {
  ...objectSchema<NonNullable<ExampleTicket['alert']>>()({
    description:
      "A monitoring alert's severity and labels (channel `alert`), as the `severity` and `alert-label` conditions read them.",
    properties: {
      severity: {
        type: 'string',
        minLength: 1,
        description: "The alert's severity.",
        'x-when-omitted': 'none',
        examples: ['critical'],
      },
      labels: {
        type: 'object',
        additionalProperties: { type: 'string' },
        description: "The alert's labels.",
        default: {},
        examples: [{ team: 'facturation' }],
      },
    },
    required: [],
  }),
  'x-when-omitted': 'not an alert',
};

const ticket = objectSchema<ExampleTicket>()({
  description: 'The request, as `repodesk route` reads a draft.',
  properties: {
    createdAt: instant(
      'When the ticket is created: routing runs at this instant (agents on leave, working hours) and the SLA clocks start from it.',
      '2026-12-07T09:30:00+01:00',
    ),
    channel: {
      type: 'string',
      enum: channels,
      description: 'Where the request comes from.',
      'x-when-omitted': '`web` with a `form`, `email` without',
      examples: ['email'],
    },
    form: {
      type: 'string',
      minLength: 1,
      description: 'The form id (file name in `rules/forms/`) the request was sent with.',
      'x-when-omitted': 'no form',
      examples: ['incident'],
    },
    subject: { type: 'string', description: 'The subject.', default: '', examples: ['Facture en double'] },
    body: {
      type: 'string',
      description: 'The message.',
      default: '',
      examples: ['Bonjour, la facture FA-2026-118 apparaît deux fois.'],
    },
    requester,
    sender: {
      type: 'string',
      enum: senderChecks,
      description: "Whether the mail server proved the requester's address theirs (`verified`), or not.",
      'x-when-omitted': 'nothing checked it (the address domain still names the organisation)',
      examples: ['verified'],
    },
    language: {
      type: 'string',
      minLength: 1,
      description: 'The language of the request.',
      'x-when-omitted': "the desk's first language",
      examples: ['fr'],
    },
    fields: {
      type: 'object',
      additionalProperties: {
        anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      },
      description: "The form's answers by field id: a text, an option, or a list of options.",
      default: {},
      examples: [{ impact: 'Tout mon service est bloqué' }],
    },
    labels: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      description: 'Labels the issue already has (an issue opened on GitHub).',
      default: [],
      examples: [['recurrent']],
    },
    attachments: {
      type: 'integer',
      minimum: 0,
      description: 'How many files come with the request.',
      default: 0,
      examples: [2],
    },
    alert: alertObject,
  },
  required: ['createdAt'],
});

const dueObject = objectSchema<NonNullable<ExampleExpectation['due']>>()({
  description: 'When the clocks a new ticket starts are due (compared as instants, whatever the offset).',
  properties: {
    firstResponse: instant('The first response is due.', '2026-12-07T13:30:00+01:00', 'not checked'),
    resolution: instant('The resolution is due.', '2026-12-14T10:30:00+01:00', 'not checked'),
  },
  required: [],
});
const due = { ...dueObject, 'x-when-omitted': 'not checked' };

const expectation = objectSchema<ExampleExpectation>()({
  description: 'What the rules must decide for the ticket; a key left out is not checked.',
  properties: {
    rules: texts('The ids of the routing rules that match, in order (exactly these).', 'not checked', [
      'mots-cles-urgence',
      'facturation',
    ]),
    labels: texts('Labels the issue carries (it may carry others too).', 'not checked', ['facturation']),
    priority: {
      type: 'string',
      minLength: 1,
      description: 'The priority id.',
      'x-when-omitted': 'not checked',
      examples: ['high'],
    },
    type: {
      type: 'string',
      minLength: 1,
      description: 'The ticket type id.',
      'x-when-omitted': 'not checked',
      examples: ['question'],
    },
    team: {
      type: 'string',
      minLength: 1,
      description: 'The team id.',
      'x-when-omitted': 'not checked',
      examples: ['facturation'],
    },
    assign: {
      type: 'string',
      enum: assignmentStrategies,
      description:
        "The assignment strategy in force: set by a rule, else the team's; `none` also when assignees are named or there is no team.",
      'x-when-omitted': 'not checked',
      examples: ['least-open'],
    },
    assignees: texts(
      'Exactly these assignees (agent logins); `[]` for nobody. Strategies pick as if no agent had an open ticket.',
      'not checked',
      ['yann-le-goff'],
    ),
    replies: texts(
      'Exactly these automatic replies (ids of `rules/replies/`); `[]` for none.',
      'not checked',
      ['delai-remboursement'],
    ),
    policy: {
      type: 'string',
      minLength: 1,
      description: 'The SLA policy id chosen, or `none` when no policy matches.',
      'x-when-omitted': 'not checked',
      examples: ['haute'],
    },
    due,
  },
  required: [],
});

const example = objectSchema<RuleExample>()({
  description: 'A sample ticket and what the rules must decide for it.',
  properties: {
    name: {
      type: 'string',
      minLength: 1,
      description: 'What the example shows, unique in its file; failures name it.',
      examples: ['une facture contestée va à la facturation'],
    },
    ticket,
    expect: expectation,
  },
  required: ['name', 'ticket', 'expect'],
});

/** rules/examples/<name>.yaml */
export const examplesSchema = objectSchema<ExamplesFile>()({
  title: 'rules/examples/<name>.yaml',
  description:
    'Rule examples: tests for the rules. `repodesk validate` routes each ticket with the routing and SLA engines the bot runs and reports every expectation that does not hold, with the rule trace.',
  properties: {
    examples: {
      type: 'array',
      items: example,
      minItems: 1,
      description: 'The examples of this file.',
      examples: [
        [
          {
            name: 'une facture contestée va à la facturation',
            ticket: {
              createdAt: '2026-12-07T09:30:00+01:00',
              form: 'question-facturation',
              fields: { motif: 'Je conteste le montant facturé' },
            },
            expect: { team: 'facturation', priority: 'high', policy: 'haute' },
          },
        ],
      ],
    },
  },
  required: ['examples'],
});

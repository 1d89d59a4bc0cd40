// Schema of rules/forms/*.yaml: GitHub issue-forms syntax plus the `repodesk:` key. GitHub refuses keys
// it does not know, so a form works as `.github/ISSUE_TEMPLATE/<id>.yml` once that key is removed;
// `../github-issue-form.ts` checks the rest against GitHub's own rules. Every form GitHub accepts is a
// valid form here as it is: what GitHub leaves optional and repodesk needs (field ids, `repodesk:`'s
// subject and description fields) is filled by the reader (fill-form-file.ts) before this schema runs.
import type { FormFile, FormFileExtension, FormItem, FormOption, FormTranslation } from '../../types.ts';
import { objectSchema } from '../define-schema.ts';
import type { ObjectSchema } from '../define-schema.ts';

/** `schema` with `keys` optional in the file: the reader fills them in before the schema runs. */
function filledByReader<T>(schema: ObjectSchema<T>, keys: readonly string[]): ObjectSchema<T> {
  return { ...schema, required: schema.required.filter((key) => !keys.includes(key)) };
}

type Markdown = Extract<FormItem, { type: 'markdown' }>;
type TextField = Extract<FormItem, { type: 'input' | 'textarea' }>;
type Dropdown = Extract<FormItem, { type: 'dropdown' }>;
type Checkboxes = Extract<FormItem, { type: 'checkboxes' }>;

const fieldId = {
  type: 'string',
  pattern: '^[A-Za-z0-9_-]+$',
  description:
    "The field's id: letters, digits, `-` and `_`; unique in the form. Routing rules test answers by it.",
  'x-when-omitted':
    'derived from the label: lower case, accents dropped, `-` between words (`Steps to reproduce` → `steps-to-reproduce`), `-2`, `-3` after a label already taken; `repodesk validate` prints it',
  examples: ['description'],
} as const;

const validations = {
  ...objectSchema<NonNullable<TextField['validations']>>()({
    description: 'Validation of the answer.',
    properties: {
      required: {
        type: 'boolean',
        description: 'The form cannot be sent without an answer.',
        default: false,
        examples: [true],
      },
    },
    required: [],
  }),
  'x-when-omitted': 'the answer is optional',
};

const label = {
  type: 'string',
  minLength: 1,
  description: 'The question shown above the field.',
  examples: ['Description'],
} as const;
const help = {
  type: 'string',
  description: 'Help text shown under the label (Markdown).',
  default: '',
  examples: ['What you were doing, what happened, the error message.'],
} as const;

const markdownItem = objectSchema<Markdown>()({
  description:
    'A block of Markdown text (not a question). GitHub allows no `id` here: translate it with `repodesk.translations.<lang>.markdown`.',
  properties: {
    type: { type: 'string', const: 'markdown', description: 'Item kind.', examples: ['markdown'] },
    attributes: objectSchema<Markdown['attributes']>()({
      description: 'The text.',
      properties: {
        value: {
          type: 'string',
          minLength: 1,
          description: 'Markdown shown in the form.',
          examples: ['Search the help centre first.'],
        },
      },
      required: ['value'],
    }),
  },
  required: ['type', 'attributes'],
});

function textItem(kind: 'input' | 'textarea') {
  return filledByReader(
    objectSchema<TextField>()({
      description: kind === 'input' ? 'A one-line text field.' : 'A multi-line text field.',
      properties: {
        type: { type: 'string', const: kind, description: 'Item kind.', examples: [kind] },
        id: fieldId,
        attributes: objectSchema<TextField['attributes']>()({
          description: 'What the field shows.',
          properties: {
            label,
            description: help,
            placeholder: {
              type: 'string',
              description: 'Greyed example inside the empty field.',
              default: '',
              examples: ['I cannot sign in any more'],
            },
            value: {
              type: 'string',
              description: 'Text the field starts with.',
              default: '',
              examples: ['Steps to reproduce:'],
            },
            render: {
              type: 'string',
              description:
                'Textarea only: the answer is shown as a code block in this language (GitHub syntax).',
              'x-when-omitted': 'the answer is shown as written',
              examples: ['shell'],
            },
          },
          required: ['label'],
        }),
        validations,
      },
      required: ['type', 'id', 'attributes'],
    }),
    ['id'],
  );
}

const dropdownItem = filledByReader(
  objectSchema<Dropdown>()({
    description: 'A choice among options.',
    properties: {
      type: { type: 'string', const: 'dropdown', description: 'Item kind.', examples: ['dropdown'] },
      id: fieldId,
      attributes: objectSchema<Dropdown['attributes']>()({
        description: 'What the field shows.',
        properties: {
          label,
          description: help,
          multiple: {
            type: 'boolean',
            description: 'Several options may be chosen.',
            default: false,
            examples: [true],
          },
          options: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            minItems: 1,
            uniqueItems: true,
            description: 'The options, in order.',
            examples: [['Only me', 'My team', 'The whole company']],
          },
          default: {
            type: 'integer',
            minimum: 0,
            description: 'Index (from 0) of the option chosen at first.',
            'x-when-omitted': 'no option is chosen at first',
            examples: [0],
          },
        },
        required: ['label', 'options'],
      }),
      validations,
    },
    required: ['type', 'id', 'attributes'],
  }),
  ['id'],
);

const checkboxOption = objectSchema<FormOption>()({
  description: 'One checkbox.',
  properties: {
    label: {
      type: 'string',
      minLength: 1,
      description: 'Text of the checkbox.',
      examples: ['I restarted my device'],
    },
    required: {
      type: 'boolean',
      description: 'The box must be ticked to send the form.',
      default: false,
      examples: [true],
    },
  },
  required: ['label'],
});

const checkboxesItem = filledByReader(
  objectSchema<Checkboxes>()({
    description: 'A list of checkboxes.',
    properties: {
      type: { type: 'string', const: 'checkboxes', description: 'Item kind.', examples: ['checkboxes'] },
      id: fieldId,
      attributes: objectSchema<Checkboxes['attributes']>()({
        description: 'What the field shows.',
        properties: {
          label,
          description: help,
          options: {
            type: 'array',
            items: checkboxOption,
            minItems: 1,
            description: 'The checkboxes, in order.',
            examples: [[{ label: 'I restarted my device', required: true }]],
          },
        },
        required: ['label', 'options'],
      }),
      validations,
    },
    required: ['type', 'id', 'attributes'],
  }),
  ['id'],
);

/** The form items by `type`; ajv picks the branch by the `type` value (discriminator), so errors name one branch. */
const formItemSchema = {
  type: 'object',
  description:
    'A form item (GitHub issue-forms syntax). `type` is one of `markdown`, `input`, `textarea`, `dropdown`, `checkboxes`.',
  discriminator: { propertyName: 'type' },
  required: ['type'],
  oneOf: [
    {
      ...markdownItem,
      'x-refused-keys': {
        id: 'GitHub issue forms allow no `id` on a markdown item; remove it and give the translated text in `repodesk.translations.<lang>.markdown` (one entry per markdown item, in order)',
      },
    },
    textItem('input'),
    textItem('textarea'),
    dropdownItem,
    checkboxesItem,
  ],
  examples: [
    { type: 'input', id: 'subject', attributes: { label: 'Subject' }, validations: { required: true } },
  ],
};

const requesterRule = (what: string) =>
  ({
    type: 'string',
    enum: ['required', 'optional', 'hidden'],
    description: `Whether the portal asks for the requester's ${what}.`,
    default: 'optional',
    examples: ['required'],
  }) as const;

type TranslatedField = NonNullable<FormTranslation['body']>[string];

/** What a reader of another language sees when a translated text is left out. */
const fileText = "the text in the file's own language (`repodesk.lang`)";

const translatedField = objectSchema<TranslatedField>()({
  description:
    "A field's texts in the translation's language; omitted texts fall back to the file's language.",
  properties: {
    label: {
      type: 'string',
      minLength: 1,
      description: 'Translated label.',
      'x-when-omitted': fileText,
      examples: ['Subject'],
    },
    description: {
      type: 'string',
      description: 'Translated help text.',
      'x-when-omitted': fileText,
      examples: ['In a few words, what is not working.'],
    },
    placeholder: {
      type: 'string',
      description: 'Translated placeholder.',
      'x-when-omitted': fileText,
      examples: ['I cannot sign in any more'],
    },
    value: {
      type: 'string',
      description: 'Translated starting text.',
      'x-when-omitted': fileText,
      examples: ['Steps to reproduce:'],
    },
    options: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: 'Translated options, same count and order as the original (for checkboxes: their labels).',
      'x-when-omitted': fileText,
      examples: [['Only me', 'My team', 'The whole company']],
    },
  },
  required: [],
});

const translation = objectSchema<FormTranslation>()({
  description: "The form's texts in one other language.",
  properties: {
    name: {
      type: 'string',
      minLength: 1,
      description: 'Translated name.',
      'x-when-omitted': fileText,
      examples: ['Report an incident'],
    },
    description: {
      type: 'string',
      description: 'Translated description.',
      'x-when-omitted': fileText,
      examples: ['Something stopped working?'],
    },
    markdown: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description:
        "The translated texts of the form's markdown items, one per item, in the order of `body` (markdown items have no id to name them by).",
      'x-when-omitted': fileText,
      examples: [['Search the help centre first: the answer may already be there.']],
    },
    body: {
      type: 'object',
      description: 'Translated texts per field id.',
      additionalProperties: translatedField,
      default: {},
      examples: [{ subject: { label: 'Subject' } }],
    },
  },
  required: [],
});

const extension = objectSchema<FormFileExtension>()({
  description:
    'repodesk extensions. GitHub refuses this key: `repodesk forms export` writes the copy for `.github/ISSUE_TEMPLATE/<id>.yml` without it.',
  properties: {
    category: {
      type: 'string',
      minLength: 1,
      description: 'Category id (from `desk.yaml`) under which the catalogue lists the form.',
      'x-when-omitted': 'the first category of `desk.yaml`',
      examples: ['access'],
    },
    type: {
      type: 'string',
      minLength: 1,
      description: 'Ticket type id (from `desk.yaml`) set on tickets from this form.',
      'x-when-omitted':
        "the form's GitHub `type` where it names a ticket type of `desk.yaml` (its id or name, any case); otherwise the routing rules and `defaultType` decide",
      examples: ['incident'],
    },
    order: {
      type: 'integer',
      description: 'Order in its catalogue group (lower first).',
      default: 0,
      examples: [1],
    },
    lang: {
      type: 'string',
      minLength: 1,
      description: 'Language of the texts in the file itself (one of `desk.yaml` languages).',
      'x-when-omitted': 'the first language of `desk.yaml`',
      examples: ['fr'],
    },
    subjectField: {
      type: 'string',
      minLength: 1,
      description: "Id of the input field whose answer becomes the ticket's subject.",
      'x-when-omitted': 'the first input (or, without one, the first textarea or dropdown)',
      examples: ['subject'],
    },
    descriptionField: {
      type: 'string',
      minLength: 1,
      description: 'Id of the field whose answer is the main description (used for article suggestions).',
      'x-when-omitted': 'the first textarea (or, without one, the first input)',
      examples: ['description'],
    },
    requester: {
      ...objectSchema<FormFileExtension['requester']>()({
        description: 'Which requester details the portal asks for.',
        properties: {
          name: requesterRule('name'),
          email: { ...requesterRule('email address'), default: 'required' },
          organisation: requesterRule('organisation'),
          phone: { ...requesterRule('phone number'), default: 'hidden' },
        },
        required: [],
        defaulted: ['name', 'email', 'organisation', 'phone'],
      }),
      default: { name: 'optional', email: 'required', organisation: 'optional', phone: 'hidden' },
    },
    attachments: {
      type: 'boolean',
      description:
        'Whether the form offers a file field (screenshots, PDF, logs): files are checked like mail attachments (types by content, size and count limits) and linked from the ticket.',
      default: false,
      examples: [true],
    },
    channel: {
      type: 'string',
      enum: ['phone'],
      description:
        "`phone`: an agent's log of a phone call, filled on GitHub only (`repodesk forms export`): the help site neither lists nor accepts it, and an issue a desk agent opens with it is a `phone` ticket whose requester is the form's `requester-email` and `requester-name` inputs (`requester-phone` is kept on the issue), acknowledged by mail unless the `outcome` dropdown's first option (resolved on the call) is chosen. The form must have a required `requester-email` input and an `outcome` dropdown of three options: resolved on the call, follow-up needed, call back.",
      'x-when-omitted':
        'a request form: listed on the help site, and an issue opened with it on GitHub is a `github` ticket',
      examples: ['phone'],
    },
    survey: {
      type: 'boolean',
      description:
        "Whether the resolution mail of this form's tickets carries the one-click satisfaction survey (good / bad); `false` for forms whose requesters must not be surveyed (HR, security reports).",
      'x-when-omitted': 'the survey is sent (unless the organisation opted out)',
      examples: [false],
    },
    translations: {
      type: 'object',
      description: "The form's texts in the desk's other languages, keyed by language.",
      additionalProperties: translation,
      propertyNames: { pattern: '^[a-z]{2,3}(-[A-Za-z0-9]+)?$' },
      default: {},
      examples: [{ en: { name: 'Report an incident' } }],
    },
  },
  required: ['subjectField', 'descriptionField'],
  defaulted: ['order', 'requester', 'attachments', 'translations'],
});

/** rules/forms/<id>.yaml */
export const formSchema = filledByReader(
  objectSchema<FormFile>()({
    title: 'rules/forms/<id>.yaml',
    description:
      "A request form in GitHub's issue-forms syntax plus a `repodesk` key. The form id is the file name.",
    properties: {
      name: {
        type: 'string',
        minLength: 1,
        description: 'Name of the form in the catalogue.',
        examples: ['Signaler un incident'],
      },
      description: {
        type: 'string',
        minLength: 1,
        description: 'One sentence under the name.',
        examples: ['Quelque chose ne fonctionne plus ?'],
      },
      title: {
        type: 'string',
        description: 'Prefix of the issue title.',
        default: '',
        examples: ['[Incident] '],
      },
      labels: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        uniqueItems: true,
        description:
          'Labels put on the issue: a list, or (as GitHub also takes) one text with commas between the labels.',
        default: [],
        examples: [['type: incident']],
      },
      assignees: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        uniqueItems: true,
        description:
          'Logins assigned to the issue: a list, or (as GitHub also takes) one text with commas between the logins.',
        default: [],
        examples: [['camille-martin']],
      },
      projects: {
        type: 'array',
        items: { type: 'string', pattern: '^[^/\\s]+/[0-9]+$' },
        uniqueItems: true,
        description:
          'GitHub projects the issue is added to, `OWNER/NUMBER`: a list, or one text with commas. Kept for the export; the bot does not add issues to projects.',
        'x-when-omitted': 'no project',
        examples: [['octo-org/1']],
      },
      type: {
        type: 'string',
        minLength: 1,
        description:
          "GitHub's issue type (Bug, Feature…). Kept for the export; sets `repodesk.type` when it names a ticket type of `desk.yaml`.",
        'x-when-omitted': 'no issue type',
        examples: ['Bug'],
      },
      body: {
        type: 'array',
        items: formItemSchema,
        minItems: 1,
        description: 'The items of the form, in order.',
        examples: [[{ type: 'input', id: 'subject', attributes: { label: 'Subject' } }]],
      },
      repodesk: {
        ...filledByReader(extension, ['subjectField', 'descriptionField']),
        'x-when-omitted': 'the defaults of each key below: a GitHub issue form is valid as it is',
      },
    },
    required: ['name', 'description', 'body', 'repodesk'],
  }),
  ['repodesk'],
);

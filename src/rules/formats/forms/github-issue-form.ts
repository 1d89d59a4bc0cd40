// GitHub's issue-forms rules, as GitHub documents them ("Syntax for issue forms", "Syntax for GitHub's
// form schema", "Common validation errors when creating issue forms"), so that a repodesk form,
// without its `repodesk` key, still works as .github/ISSUE_TEMPLATE/<id>.yml. GitHub refuses any key it
// does not know, at the top level as in each item. Pure: the data of a YAML file in, problems out.
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { isMap as isYamlMap, isPair, isScalar, isSeq, visit } from 'yaml';
import type { Document } from 'yaml';
import { describeSchemaErrors, refusedKeysKeyword } from '../../describe-schema-errors.ts';
import type { Located } from '../../describe-schema-errors.ts';
import type { PathSegment } from '../../yaml-source.ts';

/** Texts GitHub takes: not empty, not only spaces ("Empty strings … are not permissible"). */
const text = (description: string, example: string) => ({
  type: 'string',
  pattern: '\\S',
  description,
  examples: [example],
});

const listOrCommaText = (description: string, example: string) => ({
  type: ['array', 'string'],
  items: text('One entry.', example),
  pattern: '\\S',
  description: `${description} A list, or one text with commas between the entries.`,
  examples: [[example]],
});

const fieldId = {
  type: 'string',
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'Letters, digits, `-` and `_`.',
  examples: ['description'],
};

const validations = {
  type: 'object',
  description: 'Constraints on the answer.',
  properties: { required: { type: 'boolean', description: 'An answer is needed.', examples: [true] } },
  additionalProperties: false,
};

const label = text('The question shown above the field.', 'Description');
const help = text('Help text under the label.', 'What happened?');

function item(
  type: string,
  attributes: Record<string, object>,
  required: string[],
  refused: Record<string, string> = {},
) {
  const answerable = type !== 'markdown';
  return {
    type: 'object',
    description: `A \`${type}\` item.`,
    properties: {
      type: { const: type, description: 'Item kind.', examples: [type] },
      // GitHub: "The identifier for the element, except when type is set to markdown."
      ...(answerable ? { id: fieldId, validations } : {}),
      attributes: {
        type: 'object',
        description: 'What the item shows.',
        properties: attributes,
        required,
        additionalProperties: false,
        [refusedKeysKeyword]: refused,
      },
    },
    required: ['type', 'attributes'],
    additionalProperties: false,
    [refusedKeysKeyword]: answerable
      ? {}
      : { id: 'GitHub allows no `id` on a markdown item', validations: 'a markdown item asks nothing' },
  };
}

/** GitHub's issue-forms syntax as a JSON Schema (checked by ajv, so messages read like ours). */
const githubIssueFormSchema = {
  type: 'object',
  description: 'A GitHub issue form (.github/ISSUE_TEMPLATE/<name>.yml).',
  properties: {
    name: text('Name of the template, unique among the templates.', 'Bug report'),
    description: text('Shown in the template chooser.', 'File a bug report'),
    title: text('Title pre-filled in the issue.', '[Bug]: '),
    labels: listOrCommaText('Labels added to the issue.', 'bug'),
    assignees: listOrCommaText('People assigned to the issue.', 'octocat'),
    projects: listOrCommaText('Projects the issue is added to, `OWNER/NUMBER`.', 'octo-org/1'),
    type: text('Issue type of the issue.', 'Bug'),
    body: {
      type: 'array',
      minItems: 1,
      description: 'The items of the form.',
      items: {
        type: 'object',
        description: 'A form item.',
        discriminator: { propertyName: 'type' },
        required: ['type'],
        oneOf: [
          item('markdown', { value: text('Markdown shown in the form.', 'Thanks!') }, ['value']),
          item(
            'textarea',
            {
              label,
              description: help,
              placeholder: text('Greyed example.', 'It crashed'),
              value: text('Pre-filled text.', '1.'),
              render: text('Language of the code block.', 'shell'),
            },
            ['label'],
          ),
          item(
            'input',
            {
              label,
              description: help,
              placeholder: text('Greyed example.', 'It crashed'),
              value: text('Pre-filled text.', 'v1'),
            },
            ['label'],
            {
              render:
                'GitHub accepts `render` only on a textarea; change the type to textarea or remove `render`',
            },
          ),
          item(
            'dropdown',
            {
              label,
              description: help,
              multiple: { type: 'boolean', description: 'Several choices.', examples: [true] },
              options: {
                type: 'array',
                items: text('One option.', 'Firefox'),
                minItems: 1,
                uniqueItems: true,
                description: 'The options.',
                examples: [['Firefox']],
              },
              default: {
                type: 'integer',
                minimum: 0,
                description: 'Index of the preselected option.',
                examples: [0],
              },
            },
            ['label', 'options'],
          ),
          item(
            'checkboxes',
            {
              label,
              description: help,
              options: {
                type: 'array',
                minItems: 1,
                description: 'The checkboxes.',
                examples: [[{ label: 'I agree' }]],
                items: {
                  type: 'object',
                  description: 'One checkbox.',
                  properties: {
                    label: text('Text of the checkbox.', 'I agree'),
                    required: { type: 'boolean', description: 'Must be ticked.', examples: [true] },
                  },
                  required: ['label'],
                  additionalProperties: false,
                },
              },
            },
            ['label', 'options'],
          ),
        ],
      },
    },
  },
  required: ['name', 'description', 'body'],
  additionalProperties: false,
} as const;

let validator: ValidateFunction | undefined;

/** A problem GitHub would raise, at a path of the form's data. */
export type GithubFormProblem = Located;

const prefix = 'GitHub refuses this in an issue form (.github/ISSUE_TEMPLATE/): ';

/**
 * What GitHub would refuse in `data`, the data of a form file without its `repodesk` key. The
 * structure first (ajv, GitHub's schema above), then the rules GitHub checks across items.
 */
export function checkGithubIssueForm(data: unknown): GithubFormProblem[] {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, discriminator: true, verbose: true, allowUnionTypes: true });
    ajv.addVocabulary([refusedKeysKeyword]);
    validator = ajv.compile(githubIssueFormSchema);
  }
  const problems: GithubFormProblem[] = validator(data)
    ? []
    : describeSchemaErrors(validator.errors ?? [], data).map((located) => ({
        ...located,
        message: `${prefix}${located.message}`,
      }));
  // The rules across items, on whatever has the right shape.
  const isMap = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === 'object' && !Array.isArray(value);
  const rawBody = isMap(data) ? data.body : undefined;
  const body = (Array.isArray(rawBody) ? rawBody : []).map(
    (entry: unknown): Record<string, unknown> & { attributes: Record<string, unknown> } =>
      isMap(entry)
        ? { ...entry, attributes: isMap(entry.attributes) ? entry.attributes : {} }
        : { attributes: {} },
  );
  if (body.length > 0 && body.every((entry) => entry.type === 'markdown')) {
    problems.push({
      path: ['body'],
      at: 'value',
      message: 'a form needs at least one field besides markdown (input, textarea, dropdown or checkboxes)',
    });
  }
  const ids = new Map<string, number>();
  body.forEach((entry, index) => {
    const attributes = entry.attributes;
    const id = typeof entry.id === 'string' ? entry.id : undefined;
    if (id !== undefined) {
      const earlier = ids.get(id);
      if (earlier === undefined) ids.set(id, index);
      else
        problems.push({
          path: ['body', index, 'id'],
          at: 'value',
          message: `duplicate field id "${id}" (also body[${earlier}]); field ids must be unique in a form, rename one`,
        });
    }
    if (entry.type === 'input' || entry.type === 'textarea') {
      // "some words commonly used by attackers are not permitted in the label": GitHub names "password".
      if (typeof attributes.label === 'string' && /password/i.test(attributes.label))
        problems.push({
          path: ['body', index, 'attributes', 'label'],
          at: 'value',
          message: `${prefix}the word "password" is not allowed in the label of an input or textarea (GitHub keeps credentials out of issues); reword the label`,
        });
    }
    const options = Array.isArray(attributes.options) ? (attributes.options as unknown[]) : [];
    if (entry.type === 'dropdown') {
      const none = options.findIndex((option) => String(option).trim().toLowerCase() === 'none');
      if (none >= 0)
        problems.push({
          path: ['body', index, 'attributes', 'options', none],
          at: 'value',
          message:
            'GitHub reserves the option "None" (it adds it to optional dropdowns); remove it or reword it',
        });
    }
    if (entry.type === 'checkboxes') {
      const seen = new Map<string, number>();
      options.forEach((option, i) => {
        if (!isMap(option) || typeof option.label !== 'string') return;
        const earlier = seen.get(option.label);
        if (earlier === undefined) seen.set(option.label, i);
        else
          problems.push({
            path: ['body', index, 'attributes', 'options', i, 'label'],
            at: 'value',
            message: `${prefix}checkbox "${option.label}" is listed twice (also options[${earlier}]); checkbox labels must be unique, reword one`,
          });
      });
    }
  });
  return problems;
}

/** Words YAML 1.1, which GitHub reads forms with, takes as true or false when they are not quoted. */
// (`true`/`false` are booleans in YAML 1.2 too, so repodesk already reads them as GitHub does.)
const yaml11Booleans = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/**
 * Unquoted texts that GitHub would read as true or false (`- Yes` in a list of options): repodesk reads
 * YAML 1.2, where `Yes` is a text, but GitHub refuses a boolean where a text is expected. Keys under
 * `skip` (the `repodesk` key, which GitHub never sees once removed) are not looked at.
 */
export function unquotedBooleans(doc: Document, skip: string): { path: PathSegment[]; text: string }[] {
  const found: { path: PathSegment[]; text: string }[] = [];
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === skip) return visit.SKIP;
      return undefined;
    },
    Scalar(_, node, ancestors) {
      if (node.type !== 'PLAIN' || typeof node.source !== 'string' || !yaml11Booleans.test(node.source))
        return;
      // Only values: a key named `yes` is not a text GitHub reads.
      const parent = ancestors.at(-1);
      if (isPair(parent) && parent.key === node) return;
      const path: PathSegment[] = [];
      let child: unknown = node;
      for (let i = ancestors.length - 1; i >= 0; i -= 1) {
        const ancestor = ancestors[i];
        if (isPair(ancestor) && ancestor.value === child && isScalar(ancestor.key))
          path.unshift(String(ancestor.key.value));
        else if (isSeq(ancestor)) path.unshift(ancestor.items.indexOf(child as never));
        if (isPair(ancestor) || isSeq(ancestor) || isYamlMap(ancestor)) child = ancestor;
      }
      found.push({ path, text: node.source });
    },
  });
  return found;
}

// A repodesk form must stay a GitHub issue form: without its `repodesk` key, it passes the rules
// GitHub documents ("Common validation errors when creating issue forms"), as src/rules encodes them.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { checkGithubIssueForm, unquotedBooleans } from '../../src/rules/formats/forms/github-issue-form.ts';
import { formatPath } from '../../src/rules/yaml-source.ts';

const shipped = readdirSync('rules/forms').filter((name) => name.endsWith('.yaml'));

describe('the shipped forms, as GitHub reads them', () => {
  it('are all checked', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(4);
  });

  it.each(shipped)('%s without its repodesk key passes GitHub’s rules', (name) => {
    const doc = parseDocument(readFileSync(`rules/forms/${name}`, 'utf8'));
    const { repodesk, ...forGithub } = doc.toJS() as Record<string, unknown>;
    expect(repodesk).toBeDefined();
    expect(checkGithubIssueForm(forGithub)).toEqual([]);
    expect(unquotedBooleans(doc, 'repodesk')).toEqual([]);
  });

  it.each(shipped)('%s with its repodesk key is refused by GitHub, which knows no such key', (name) => {
    const data = parseDocument(readFileSync(`rules/forms/${name}`, 'utf8')).toJS() as unknown;
    expect(checkGithubIssueForm(data).map((problem) => problem.message)).toEqual([
      expect.stringContaining('unknown key "repodesk"'),
    ]);
  });
});

const field = { type: 'input', id: 'subject', attributes: { label: 'Subject' } };
const form = (body: unknown[], extra: Record<string, unknown> = {}) => ({
  name: 'Bug report',
  description: 'File a bug report',
  body,
  ...extra,
});

/** What GitHub's documentation says it refuses, one case each: where, and what the message says. */
describe("GitHub's issue-form rules", () => {
  it.each<[string, unknown, string, string]>([
    [
      'a top-level key GitHub does not know',
      form([field], { hello: 'world' }),
      'hello',
      'unknown key "hello"',
    ],
    ['a missing name', { description: 'x', body: [field] }, '', 'missing required key "name"'],
    ['an empty name', form([field], { name: '' }), 'name', 'expected some text, found ""'],
    ['a description of spaces only', form([field], { description: '   ' }), 'description', 'found "   "'],
    ['an empty body', form([]), 'body', 'expected at least 1 item, found 0'],
    [
      'only markdown',
      form([{ type: 'markdown', attributes: { value: 'Hi' } }]),
      'body',
      'a form needs at least one field besides markdown',
    ],
    [
      'an item without type',
      form([{ attributes: { label: 'x' } }, field]),
      'body[0]',
      'missing required key "type"',
    ],
    [
      'an unknown item type',
      form([{ type: 'x', attributes: {} }, field]),
      'body[0].type',
      'expected one of markdown',
    ],
    [
      'an id on a markdown item',
      form([{ type: 'markdown', id: 'intro', attributes: { value: 'Hi' } }, field]),
      'body[0].id',
      'GitHub allows no `id` on a markdown item',
    ],
    [
      'a markdown item without value',
      form([{ type: 'markdown', attributes: {} }, field]),
      'body[0].attributes',
      'missing required key "value"',
    ],
    [
      'an input without label',
      form([{ type: 'input', id: 'a', attributes: {} }]),
      'body[0].attributes',
      'missing required key "label"',
    ],
    ['a key beside type and attributes', form([{ ...field, x: 'woof' }]), 'body[0].x', 'unknown key "x"'],
    [
      'an attribute the item does not have',
      form([{ ...field, attributes: { label: 'a', x: 'random' } }]),
      'body[0].attributes.x',
      'unknown key "x"',
    ],
    [
      'an id with a space',
      form([{ ...field, id: 'first name' }]),
      'body[0].id',
      'expected a value like description',
    ],
    [
      'two items with one id',
      form([field, { ...field, attributes: { label: 'Other' } }]),
      'body[1].id',
      'duplicate field id "subject"',
    ],
    [
      '"password" in an input label',
      form([{ ...field, attributes: { label: 'Your Password' } }]),
      'body[0].attributes.label',
      'the word "password" is not allowed',
    ],
    [
      'render on an input',
      form([{ ...field, attributes: { label: 'Log', render: 'shell' } }]),
      'body[0].attributes.render',
      'GitHub accepts `render` only on a textarea',
    ],
    [
      'a dropdown without options',
      form([{ type: 'dropdown', id: 'd', attributes: { label: 'Pick', options: [] } }]),
      'body[0].attributes.options',
      'expected at least 1 item, found 0',
    ],
    [
      'the same option twice',
      form([
        {
          type: 'dropdown',
          id: 'd',
          attributes: { label: 'Pie', options: ['ice cream', 'ice cream', 'pie'] },
        },
      ]),
      'body[0].attributes.options[1]',
      'duplicate item "ice cream"',
    ],
    [
      'the reserved option None',
      form([{ type: 'dropdown', id: 'd', attributes: { label: 'Pie', options: ['Steak', 'None'] } }]),
      'body[0].attributes.options[1]',
      'GitHub reserves the option "None"',
    ],
    [
      'an option that is a boolean',
      form([{ type: 'dropdown', id: 'd', attributes: { label: 'Pie?', options: [true, 'Maybe'] } }]),
      'body[0].attributes.options[0]',
      'expected a text, found true',
    ],
    [
      'two checkboxes with one label',
      form([
        {
          type: 'checkboxes',
          id: 'c',
          attributes: { label: 'OK', options: [{ label: 'Yes' }, { label: 'Yes' }] },
        },
      ]),
      'body[0].attributes.options[1].label',
      'checkbox "Yes" is listed twice',
    ],
    [
      'validations on a markdown item',
      form([{ type: 'markdown', attributes: { value: 'Hi' }, validations: { required: true } }, field]),
      'body[0].validations',
      'a markdown item asks nothing',
    ],
  ])('refuses %s', (_name, data, path, message) => {
    const problems = checkGithubIssueForm(data);
    expect(problems.map((problem) => formatPath(problem.path))).toContain(path);
    expect(problems.find((problem) => formatPath(problem.path) === path)?.message).toContain(message);
  });

  it('accepts the keys GitHub documents, lists written as comma-separated texts included', () => {
    const data = form(
      [
        { type: 'markdown', attributes: { value: '## Thanks' } },
        {
          type: 'textarea',
          id: 'logs',
          attributes: {
            label: 'Logs',
            description: 'Paste them',
            placeholder: '…',
            value: '1.',
            render: 'shell',
          },
          validations: { required: true },
        },
        {
          type: 'dropdown',
          id: 'v',
          attributes: { label: 'Version', multiple: true, options: ['1.0', '2.0'], default: 1 },
        },
        {
          type: 'checkboxes',
          id: 'c',
          attributes: { label: 'Code of conduct', options: [{ label: 'I agree', required: true }] },
        },
      ],
      {
        title: '[Bug]: ',
        labels: 'bug, triage',
        assignees: ['octocat'],
        projects: ['octo-org/1'],
        type: 'Bug',
      },
    );
    expect(checkGithubIssueForm(data)).toEqual([]);
  });

  it('finds unquoted words YAML 1.1 reads as booleans, outside the repodesk key only', () => {
    const doc = parseDocument(
      [
        'name: Poll',
        'description: "yes"',
        'body:',
        '  - type: dropdown',
        '    id: d',
        '    attributes: { label: Pie?, options: [Yes, "No", off, Maybe], multiple: true }',
        'repodesk:',
        '  translations: { en: { body: { d: { options: [Yes, No] } } } }',
      ].join('\n'),
    );
    expect(unquotedBooleans(doc, 'repodesk')).toEqual([
      { path: ['body', 0, 'attributes', 'options', 0], text: 'Yes' },
      { path: ['body', 0, 'attributes', 'options', 2], text: 'off' },
    ]);
  });
});

// Schema of rules/forms/config.yml: GitHub's template chooser settings, as in
// .github/ISSUE_TEMPLATE/config.yml ("Configuring the template chooser"). The help site shows the
// contact links on its request page; `repodesk forms export` writes the file beside the forms.
import type { ContactLink, IssueTemplateConfig } from '../../types.ts';
import { objectSchema } from '../define-schema.ts';

const contactLink = objectSchema<ContactLink>()({
  description: 'A link shown next to the forms: somewhere else to go than a new request.',
  properties: {
    name: { type: 'string', minLength: 1, description: 'Name of the link.', examples: ['Community forum'] },
    url: {
      type: 'string',
      pattern: '^https?://',
      description: 'Where it leads (http or https).',
      examples: ['https://forum.example.org'],
    },
    about: {
      type: 'string',
      minLength: 1,
      description: 'One sentence on what to find there.',
      examples: ['Ask and answer questions with other users.'],
    },
  },
  required: ['name', 'url', 'about'],
});

/** rules/forms/config.yml */
export const issueTemplateConfigSchema = objectSchema<IssueTemplateConfig>()({
  title: 'rules/forms/config.yml',
  description:
    "GitHub's template chooser settings (`.github/ISSUE_TEMPLATE/config.yml`), kept beside the forms: not a form.",
  properties: {
    blank_issues_enabled: {
      type: 'boolean',
      description:
        'Whether GitHub offers a blank issue beside the forms; `repodesk forms export` writes it as it is.',
      'x-when-omitted': 'GitHub offers blank issues',
      examples: [false],
    },
    contact_links: {
      type: 'array',
      items: contactLink,
      description: "Links shown on GitHub's template chooser and on the help site's request page.",
      'x-when-omitted': 'no links',
      examples: [[{ name: 'Community forum', url: 'https://forum.example.org', about: 'Ask other users.' }]],
    },
  },
  required: [],
});

// A module that validates before anything else of rules/ is loaded (the bot's article suggestions read
// kb/ frontmatter this way): validate-schema.ts must not reach back into itself through the formats it
// validates (once it did, and GitHub's issue-form schema was built with a key named "undefined").
import { validateSchema } from '../../src/rules/validate-schema.ts';
import { describe, expect, it } from 'vitest';
import { checkGithubIssueForm } from '../../src/rules/formats/forms/github-issue-form.ts';
import { parseYamlSource } from '../../src/rules/yaml-source.ts';

describe('validating with nothing of rules/ loaded first', () => {
  it('an article frontmatter is validated, its problem at its line', () => {
    const { source } = parseYamlSource('kb/fr/test.md', 'title: Test\nsummary: 3\n', 1);
    const problems = validateSchema('article', source, source.data);
    expect(problems.find((problem) => problem.path === 'summary')).toMatchObject({ line: 3 });
  });

  it('GitHub’s issue-form rules still say why a markdown item may have no id', () => {
    const problems = checkGithubIssueForm({
      name: 'Incident',
      description: 'Report an incident',
      body: [{ type: 'markdown', id: 'intro', attributes: { value: 'Hello' } }],
    });
    expect(problems.map((problem) => problem.message)).toContainEqual(
      expect.stringContaining('GitHub allows no `id` on a markdown item'),
    );
  });
});

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderRulesReference, renderSchemaFiles } from '../../scripts/generate-rules-reference.ts';
import { schemaFormats } from '../../src/rules/formats/index.ts';

describe('rules/README.md', () => {
  it('is the page generated from the current schemas', async () => {
    const committed = await readFile('rules/README.md', 'utf8');
    expect(committed, 'rules/README.md is out of date: run `npm run docs:rules` and commit the result').toBe(
      renderRulesReference(),
    );
  });

  it('comes with the JSON Schema files generated from the same schemas', async () => {
    for (const [file, text] of await renderSchemaFiles()) {
      const committed = await readFile(file, 'utf8').catch(() => '(missing)');
      expect(committed, `${file} is out of date: run \`npm run docs:rules\` and commit the result`).toBe(
        text,
      );
    }
  });

  it('has a section for every rules file format and a row for deep fields', () => {
    const page = renderRulesReference();
    for (const format of schemaFormats) expect(page).toContain(`## \`${format.pattern}\``);
    expect(page).toContain('| `rules[].then.team` | text |');
    expect(page).toContain('| `calendars[].hours.mon` | list of text |');
    expect(page).toContain('| `repodesk.translations.<lang>.body.<field id>.options` | list of text |');
  });
});

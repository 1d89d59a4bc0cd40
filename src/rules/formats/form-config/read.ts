// rules/forms/config.yml, first pass: GitHub's template chooser settings, optional.
import type { RulesInput } from '../../rules-input.ts';
import type { IssueTemplateConfig } from '../../types.ts';
import type { FormatReader } from '../format-reader.ts';

/** The name GitHub gives the chooser settings in a folder of issue forms. */
export const issueTemplateConfigName = /^config\.ya?ml$/;

export async function readIssueTemplateConfig(reader: FormatReader, input: RulesInput): Promise<void> {
  const [file] = await reader.list('rules/forms', (name) => issueTemplateConfigName.test(name));
  if (file === undefined) return;
  reader.counted(file);
  const data = reader.yaml('form-config', file, (await reader.read(file)) ?? '');
  if (data !== undefined) input.issueTemplateConfig = data as IssueTemplateConfig;
}

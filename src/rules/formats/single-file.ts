// The five YAML files at the top of rules/ (desk, teams, customers, routing, sla): each required, read
// through the first pass, its `x-…` keys (YAML anchors only) dropped once merged.
import type { RulesInput } from '../rules-input.ts';
import type { FormatReader } from './format-reader.ts';

type SingleFile = 'desk' | 'teams' | 'customers' | 'routing' | 'sla';

/** Reads rules/<name>.yaml into `input[name]`; a missing file is an error (naming the .yml spelling). */
export async function readSingleFile(
  name: SingleFile,
  reader: FormatReader,
  input: RulesInput,
): Promise<void> {
  const file = `rules/${name}.yaml`;
  const text = await reader.read(file);
  if (text === undefined) {
    // A missing file is often only misnamed: look for the .yml spelling to say so.
    const yml = await reader.read(`rules/${name}.yml`);
    reader.report({
      file,
      line: 1,
      column: 1,
      path: '',
      severity: 'error',
      message:
        yml === undefined
          ? `missing file: rules/ must contain ${name}.yaml (see rules/README.md for its fields)`
          : `missing file: rules/ must contain ${name}.yaml; rename rules/${name}.yml to rules/${name}.yaml`,
    });
    return;
  }
  reader.counted(file);
  const data = reader.yaml(name, file, text);
  if (data === undefined) return;
  // `x-…` keys only hold YAML anchors; the merged values are already in place.
  const map = data as Record<string, unknown>;
  for (const key of Object.keys(map)) if (key.startsWith('x-')) delete map[key];
  (input as unknown as Record<SingleFile, unknown>)[name] = data;
}

// rules/examples/*.yaml, first pass: each file through YAML and its schema, kept with its parsed source
// so that `repodesk validate` can point a failing example at its line.
import type { RulesInput } from '../../rules-input.ts';
import type { ExamplesFile } from '../../types.ts';
import type { YamlSource } from '../../yaml-source.ts';
import type { FormatReader } from '../format-reader.ts';

export async function readExamples(reader: FormatReader, input: RulesInput): Promise<void> {
  const files = await reader.list('rules/examples', (name) => /\.ya?ml$/.test(name));
  const texts = await Promise.all(files.map((file) => reader.read(file)));
  files.forEach((file, index) => {
    reader.counted(file);
    let source: YamlSource | undefined;
    const data = reader.yaml('examples', file, texts[index] ?? '', (parsed) => {
      source = parsed;
    });
    if (data !== undefined && source) input.examples.push({ file, source, data: data as ExamplesFile });
  });
}

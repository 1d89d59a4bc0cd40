// First pass: structure. Each file is checked against its JSON Schema by ajv (all errors, defaults
// filled in), and each ajv error becomes a Problem at the line:column of the node it is about.
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { describeSchemaErrors, refusedKeysKeyword } from './describe-schema-errors.ts';
import { whenOmittedKeyword } from './formats/define-schema.ts';
import { schemaFormats } from './formats/index.ts';
import type { FormatId } from './formats/index.ts';
import type { Problem } from './problem.ts';
import { formatPath, locate } from './yaml-source.ts';
import type { YamlSource } from './yaml-source.ts';

let validators: Map<FormatId, ValidateFunction> | undefined;

// Compiled once per process: compiling costs far more than validating.
function validatorFor(format: FormatId): ValidateFunction {
  if (!validators) {
    const ajv = new Ajv({
      allErrors: true,
      useDefaults: true,
      discriminator: true,
      verbose: true,
      allowUnionTypes: true,
    });
    // Annotations of our own, for messages and the reference page; they validate nothing.
    ajv.addVocabulary([refusedKeysKeyword, whenOmittedKeyword]);
    validators = new Map(schemaFormats.map((entry) => [entry.id, ajv.compile(entry.schema)]));
  }
  return validators.get(format)!;
}

/**
 * Validates `source.data` against the schema of `format`, filling defaults in place. Returns the
 * problems, deduplicated (one per position and message).
 */
export function validateSchema(format: FormatId, source: YamlSource, data: unknown): Problem[] {
  const validate = validatorFor(format);
  if (validate(data)) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const located of describeSchemaErrors(validate.errors ?? [], data)) {
    const { line, column } = locate(source, located.path, located.at);
    const problem: Problem = {
      file: source.file,
      line,
      column,
      path: formatPath(located.path),
      severity: 'error',
      message: located.message,
    };
    const key = `${line}:${column}:${problem.path}:${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

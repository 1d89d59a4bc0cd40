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

let ajv: Ajv | undefined;
const validators = new Map<FormatId, ValidateFunction>();

// Each schema is compiled once per process, when a file of its format is first validated: compiling
// costs far more than validating, and a build whose articles come from its cache compiles none for them.
function validatorFor(format: FormatId): ValidateFunction {
  let validate = validators.get(format);
  if (!validate) {
    if (!ajv) {
      ajv = new Ajv({
        allErrors: true,
        useDefaults: true,
        discriminator: true,
        verbose: true,
        allowUnionTypes: true,
      });
      // Annotations of our own, for messages and the reference page; they validate nothing.
      ajv.addVocabulary([refusedKeysKeyword, whenOmittedKeyword]);
    }
    validate = ajv.compile(schemaFormats.find((entry) => entry.id === format)!.schema);
    validators.set(format, validate);
  }
  return validate;
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

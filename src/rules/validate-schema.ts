// First pass: structure. Each file is checked against its JSON Schema by ajv (all errors, defaults
// filled in), and each ajv error becomes a Problem at the line:column of the node it is about.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { Ajv } from 'ajv';
import type { Options, ValidateFunction } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { describeSchemaErrors, refusedKeysKeyword } from './describe-schema-errors.ts';
import { whenOmittedKeyword } from './formats/define-schema.ts';
import { schemaFormats } from './formats/index.ts';
import type { FormatId } from './formats/index.ts';
import type { Problem } from './problem.ts';
import { formatPath, locate } from './yaml-source.ts';
import type { YamlSource } from './yaml-source.ts';

const options = {
  allErrors: true,
  useDefaults: true,
  discriminator: true,
  verbose: true,
  allowUnionTypes: true,
  // Keeps the generated code, to write it to the cache below.
  code: { source: true },
} satisfies Options;
// Annotations of our own, for messages and the reference page; they validate nothing.
const vocabulary = [refusedKeysKeyword, whenOmittedKeyword];
const load = createRequire(import.meta.url);
const ajvVersion = (load('ajv/package.json') as { version: string }).version;
// Compiled validators as ajv's standalone code, kept between processes like Node's compile cache
// (node_modules/.cache/repodesk-compile): compiling the schemas took about 270 ms of each build and each
// `repodesk validate` (load 5), loading their code takes about 15.
const cacheDir = path.resolve(import.meta.dirname, '../../node_modules/.cache/repodesk-schemas');

let ajv: Ajv | undefined;
const validators = new Map<FormatId, ValidateFunction>();

// Each schema is compiled once per process, when a file of its format is first validated: compiling
// costs far more than validating, and a build whose articles come from its cache compiles none for them.
function validatorFor(format: FormatId): ValidateFunction {
  let validate = validators.get(format);
  if (!validate) {
    validate = cachedValidator(format);
    validators.set(format, validate);
  }
  return validate;
}

/**
 * The validator of `format` from the cache, else compiled and written there. Its file is named by the
 * hash of everything the code is made from (the schema, ajv's version and options, our keywords): a
 * changed schema or an upgraded ajv is compiled again, never loaded stale. A file that cannot be loaded
 * or written (a read-only node_modules) only costs the compilation.
 */
function cachedValidator(format: FormatId): ValidateFunction {
  const schema = schemaFormats.find((entry) => entry.id === format)!.schema;
  const hash = createHash('sha256')
    .update(JSON.stringify({ ajvVersion, options, vocabulary, schema }))
    .digest('hex')
    .slice(0, 32);
  const file = path.join(cacheDir, `${format}-${hash}.cjs`);
  try {
    return load(file) as ValidateFunction;
  } catch {
    // Not there yet, or unreadable: compiled below.
  }
  if (!ajv) {
    ajv = new Ajv(options);
    ajv.addVocabulary(vocabulary);
  }
  const validate = ajv.compile(schema);
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Written whole under a name of this thread's first: a process loading it never sees half a file.
    const temporary = `${file}.${process.pid}.${threadId}`;
    writeFileSync(temporary, standalone.default(ajv, validate));
    renameSync(temporary, file);
    for (const stale of readdirSync(cacheDir)) {
      if (stale.startsWith(`${format}-`) && stale.endsWith('.cjs') && stale !== path.basename(file)) {
        rmSync(path.join(cacheDir, stale), { force: true });
      }
    }
  } catch {
    // The cache is an optimisation: the validator compiled here is used either way.
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

// An ajv error in words, at the path (and key or value) it is about: what was expected, what was found,
// and the fix (`unknown key "tem"; did you mean "team"?`). Used by the first pass over rules/ and by
// GitHub's issue-form rules; knows nothing of the formats themselves.
import type { ErrorObject } from 'ajv';
import { stringify } from 'yaml';
import { closestMatch, listChoices } from './closest-match.ts';
import type { PathSegment } from './yaml-source.ts';

/**
 * On an object schema: keys a user may well write there but that belong elsewhere, each with the
 * explanation the "unknown key" message gives instead of a did-you-mean guess.
 */
export const refusedKeysKeyword = 'x-refused-keys';

type SchemaObject = Record<string, unknown>;

const typeNames: Record<string, string> = {
  string: 'a text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map of keys',
  null: 'nothing',
};

function typeName(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => typeNames[String(t)] ?? String(t)).join(' or ');
}

/** How a found value reads in a message. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean')
    return `${typeof value === 'number' ? 'the number' : ''} ${value}`.trim();
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  return `a map (${listChoices(Object.keys(value as object), 5)})`;
}

function inlineYaml(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}

/** ajv instancePath (`/rules/2/then`) → path segments, numbers for list indexes. */
function toSegments(instancePath: string, data: unknown): PathSegment[] {
  const segments: PathSegment[] = [];
  let cursor: unknown = data;
  for (const raw of instancePath.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cursor)) {
      segments.push(Number(key));
      cursor = cursor[Number(key)];
    } else {
      segments.push(key);
      cursor = cursor && typeof cursor === 'object' ? (cursor as SchemaObject)[key] : undefined;
    }
  }
  return segments;
}

/** A key without value that contains a space is usually text cut by a comma inside a flow map `{ … }`. */
function commaHint(parent: unknown, key: string): string {
  const value = parent && typeof parent === 'object' ? (parent as SchemaObject)[key] : undefined;
  return value === null && /\s/.test(key)
    ? ' (a comma inside `{ … }` starts a new key: put texts that contain commas in quotes)'
    : '';
}

export interface Located {
  path: PathSegment[];
  at: 'key' | 'value';
  message: string;
}

function describeError(error: ErrorObject, base: PathSegment[]): Located | undefined {
  const parent = (error.parentSchema ?? {}) as SchemaObject;
  const properties = (parent.properties ?? {}) as Record<string, SchemaObject>;
  const knownKeys = Object.keys(properties);
  switch (error.keyword) {
    case 'required': {
      const key = (error.params as { missingProperty: string }).missingProperty;
      const property = properties[key] ?? {};
      const example = (property.examples as unknown[] | undefined)?.[0];
      const what =
        typeof property.description === 'string' ? ` (${property.description.replace(/\.$/, '')})` : '';
      const sample = example === undefined ? '' : inlineYaml(example);
      // A long example would drown the message: the reference page has it.
      const fix =
        sample === '' || sample.length > 80
          ? `add \`${key}:\` (its fields are in rules/README.md)`
          : `add for example \`${key}: ${sample}\``;
      return { path: base, at: 'key', message: `missing required key "${key}"${what}; ${fix}` };
    }
    case 'additionalProperties': {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const refused = (parent[refusedKeysKeyword] as Record<string, string> | undefined)?.[key];
      const suggestion = refused === undefined ? closestMatch(key, knownKeys) : undefined;
      const hint =
        refused !== undefined ? `${refused}; ` : suggestion ? `did you mean "${suggestion}"? ` : '';
      return {
        path: [...base, key],
        at: 'key',
        message: `unknown key "${key}"; ${hint}known keys: ${listChoices(knownKeys)}${parent.patternProperties ? ' (or a free key starting with x-, for YAML anchors)' : ''}${commaHint(error.data, key)}`,
      };
    }
    case 'type': {
      // `[a, P: drive]` or `text: a: b` turns a text into a map by accident.
      const colonHint =
        error.data &&
        typeof error.data === 'object' &&
        !Array.isArray(error.data) &&
        String(error.schema).includes('string')
          ? ' (a `: ` inside a text makes it a map: put the text in quotes)'
          : '';
      // One value where a list is expected: show the list to write.
      const listHint =
        error.schema === 'array' &&
        error.data !== null &&
        ['string', 'number', 'boolean'].includes(typeof error.data)
          ? `; write it as a list: [${inlineYaml(error.data)}]`
          : '';
      return {
        path: base,
        at: 'value',
        message: `expected ${typeName(error.schema)}, found ${describeValue(error.data)}${colonHint}${listHint}`,
      };
    }
    case 'enum':
    case 'const': {
      const choices = (error.keyword === 'enum' ? (error.schema as unknown[]) : [error.schema]).map(String);
      const suggestion = typeof error.data === 'string' ? closestMatch(error.data, choices) : undefined;
      const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
      return {
        path: base,
        at: 'value',
        message: `expected one of ${listChoices(choices)}; found ${describeValue(error.data)}${hint}`,
      };
    }
    case 'discriminator': {
      const params = error.params as { error: string; tag: string; tagValue: unknown };
      const choices = ((parent.oneOf ?? []) as SchemaObject[]).map(
        (branch) => ((branch.properties as Record<string, SchemaObject>)[params.tag]?.const as string) ?? '',
      );
      if (params.error === 'mapping') {
        const suggestion =
          typeof params.tagValue === 'string' ? closestMatch(params.tagValue, choices) : undefined;
        return {
          path: [...base, params.tag],
          at: 'value',
          message: `expected one of ${listChoices(choices)}; found ${describeValue(params.tagValue)}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
        };
      }
      return {
        path: [...base, params.tag],
        at: 'value',
        message: `expected ${params.tag} to be a text, one of ${listChoices(choices)}; found ${describeValue(params.tagValue)}`,
      };
    }
    case 'pattern': {
      const propertyName = (error.params as { propertyName?: string }).propertyName;
      if (error.propertyName !== undefined || propertyName !== undefined) return undefined;
      if (String(error.schema) === '\\S') {
        return {
          path: base,
          at: 'value',
          message: `expected some text, found ${describeValue(error.data)}: empty texts and texts of spaces only are refused; write the text or remove the key`,
        };
      }
      const example = (parent.examples as unknown[] | undefined)?.[0];
      const like =
        example === undefined
          ? `text matching ${String(error.schema)}`
          : `a value like ${inlineYaml(example)}`;
      // Domains, ids and languages are lowercase: say so when that is the only thing wrong.
      const lowercase =
        typeof error.data === 'string' &&
        error.data !== error.data.toLowerCase() &&
        new RegExp(String(error.schema), 'u').test(error.data.toLowerCase())
          ? ' (write it in lowercase)'
          : '';
      return {
        path: base,
        at: 'value',
        message: `expected ${like}; found ${describeValue(error.data)}${lowercase}`,
      };
    }
    case 'propertyNames': {
      const name = (error.params as { propertyName: string }).propertyName;
      return {
        path: [...base, name],
        at: 'key',
        message: `expected a language code such as fr or en as key; found ${JSON.stringify(name)}${commaHint(error.data, name)}`,
      };
    }
    case 'minItems':
    case 'maxItems': {
      const limit = (error.params as { limit: number }).limit;
      const found = Array.isArray(error.data) ? error.data.length : 0;
      const bound = error.keyword === 'minItems' ? 'at least' : 'at most';
      return {
        path: base,
        at: 'value',
        message: `expected ${bound} ${limit} item${limit === 1 ? '' : 's'}, found ${found}`,
      };
    }
    case 'minLength':
      return { path: base, at: 'value', message: 'expected a non-empty text, found an empty one' };
    case 'maxLength':
      return {
        path: base,
        at: 'value',
        message: `expected at most ${String(error.schema)} characters, found ${String(error.data).length}`,
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum': {
      const sign = error.keyword === 'minimum' ? '≥' : error.keyword === 'maximum' ? '≤' : '>';
      return {
        path: base,
        at: 'value',
        message: `expected a number ${sign} ${String(error.schema)}, found ${describeValue(error.data)}`,
      };
    }
    case 'uniqueItems': {
      // Point at the repeat, not at the first occurrence (ajv gives the two indexes in either order).
      const params = error.params as { i: number; j: number };
      const [first, repeat] = [Math.min(params.i, params.j), Math.max(params.i, params.j)];
      const list = error.data as unknown[];
      return {
        path: [...base, repeat],
        at: 'value',
        message: `duplicate item ${describeValue(list[repeat])} (also item ${first}); remove one of them`,
      };
    }
    case 'minProperties':
    case 'maxProperties': {
      const found = Object.keys((error.data ?? {}) as object);
      if (parent.maxProperties === 1) {
        // A condition: exactly one key.
        if (found.length === 0) {
          return {
            path: base,
            at: 'value',
            message: `expected one condition key (${listChoices(knownKeys)}), found an empty map`,
          };
        }
        return {
          path: base,
          at: 'value',
          message: `expected exactly one key per condition, found ${found.length} (${found.join(', ')}); combine several conditions with \`all: [ … ]\` or \`any: [ … ]\``,
        };
      }
      const limit = (error.params as { limit: number }).limit;
      const keys = knownKeys.length > 0 ? ` (${listChoices(knownKeys)})` : '';
      return {
        path: base,
        at: 'value',
        message: `expected at least ${limit} key${limit === 1 ? '' : 's'}${keys}, found none`,
      };
    }
    case 'if':
    case 'oneOf':
    case 'anyOf':
      // Summaries of errors already reported by the branch ajv picked.
      return undefined;
    default:
      return { path: base, at: 'value', message: error.message ?? `invalid (${error.keyword})` };
  }
}

/**
 * The errors of a failed validation, in words, each at the path (and key or value) it is about.
 * Summaries and the echoes of a key refused by name are left out.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[], data: unknown): Located[] {
  // A key rejected by name (propertyNames) needs no second message about its value.
  const badNames = new Set(
    errors
      .filter((error) => error.keyword === 'propertyNames')
      .map(
        (error) =>
          `${error.instancePath}/${(error.params as { propertyName: string }).propertyName.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      ),
  );
  return errors.flatMap((error) => {
    if (badNames.has(error.instancePath)) return [];
    return describeError(error, toSegments(error.instancePath, data)) ?? [];
  });
}

// An ajv error of an alert payload in words: the field (`alerts[0].status`), what was expected, what was
// found, so that whoever configures the monitoring system sees what to change.
import type { ErrorObject } from 'ajv';

/** One problem of a payload: the field it is about and what is wrong. */
export interface PayloadError {
  field: string;
  message: string;
}

function fieldOf(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`),
      '',
    );
}

function found(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return `${typeof value} ${String(value)}`;
}

const typeNames: Record<string, string> = {
  string: 'a text',
  integer: 'a whole number',
  number: 'a number',
  object: 'an object',
  array: 'a list',
  boolean: 'true or false',
};

function valueAt(data: unknown, instancePath: string): unknown {
  let cursor = data;
  for (const part of instancePath.split('/').slice(1)) {
    if (cursor === null || typeof cursor !== 'object') return undefined;
    cursor = (cursor as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cursor;
}

/** Every ajv error of `data` as a field and a message, in the payload's order. */
export function payloadErrors(errors: readonly ErrorObject[], data: unknown): PayloadError[] {
  return errors.map((error) => {
    const at = fieldOf(error.instancePath);
    const value = valueAt(data, error.instancePath);
    const join = (name: string) => (at === '' ? name : `${at}.${name}`);
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'required':
        return {
          field: join(String(params.missingProperty)),
          message: `missing; add "${String(params.missingProperty)}"`,
        };
      case 'additionalProperties':
        return {
          field: join(String(params.additionalProperty)),
          message: `unknown field; known fields: ${Object.keys(
            (error.parentSchema?.properties as Record<string, unknown> | undefined) ?? {},
          ).join(', ')}`,
        };
      case 'enum':
        return {
          field: at,
          message: `expected one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, found ${found(value)}`,
        };
      case 'const':
        return {
          field: at,
          message: `expected ${JSON.stringify(params.allowedValue)}, found ${found(value)}`,
        };
      case 'type':
        return {
          field: at,
          message: `expected ${String(params.type)
            .split(',')
            .map((type) => typeNames[type] ?? type)
            .join(' or ')}, found ${found(value)}`,
        };
      default:
        return { field: at, message: `${error.message ?? 'invalid'}, found ${found(value)}` };
    }
  });
}

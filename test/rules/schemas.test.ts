// The schemas are the single source of truth for the reference page: every field must explain itself
// (STYLE §13: a description, a default and an example), and every default must be one the field accepts.
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { whenOmittedKeyword } from '../../src/rules/formats/define-schema.ts';
import { schemaFormats } from '../../src/rules/formats/index.ts';

type Node = Record<string, unknown>;

interface Property {
  path: string;
  node: Node;
  required: boolean;
  /** A key of a condition: one key is chosen among them, so "optional with a default" does not apply. */
  choice: boolean;
}

/** Every property of every object in the schema, with its path and whether its object requires it. */
function properties(node: Node, path: string, out: Property[]): Property[] {
  const required = new Set((node.required ?? []) as string[]);
  for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Node>)) {
    out.push({
      path: `${path}.${key}`,
      node: child,
      required: required.has(key),
      choice: node.maxProperties === 1,
    });
    properties(child, `${path}.${key}`, out);
  }
  for (const nested of ['items', 'additionalProperties', 'not'] as const) {
    const child = node[nested];
    if (child && typeof child === 'object') properties(child as Node, `${path}[]`, out);
  }
  for (const branch of (node.oneOf ?? []) as Node[]) {
    const kind = ((branch.properties as Record<string, Node> | undefined)?.type?.const as string) ?? '?';
    properties(branch, `${path}(${kind})`, out);
  }
  for (const def of Object.values((node.$defs ?? {}) as Record<string, Node>))
    properties(def, `${path}#`, out);
  return out;
}

describe('rules schemas', () => {
  const all = schemaFormats.flatMap((format) => properties(format.schema as Node, format.id, []));

  it('cover at least every file format once', () => {
    expect(schemaFormats.map((format) => format.id)).toEqual([
      'desk',
      'teams',
      'customers',
      'routing',
      'sla',
      'examples',
      'form',
      'form-config',
      'reply',
      'article',
    ]);
    expect(all.length).toBeGreaterThan(150);
  });

  it('give every property a description and an example', () => {
    const lacking = all
      .filter(({ node }) => typeof node.description !== 'string' || !Array.isArray(node.examples))
      .map(({ path }) => path);
    expect(lacking).toEqual([]);
  });

  it('give every optional property a default, or say in words what leaving it out means', () => {
    const lacking = all
      .filter(({ required, choice }) => !required && !choice)
      .filter(({ node }) => node.default === undefined && typeof node[whenOmittedKeyword] !== 'string')
      .map(({ path }) => path);
    expect(lacking, 'optional fields without `default` or `x-when-omitted`').toEqual([]);
  });

  it('give no default to a required property, and never both a default and a when-omitted text', () => {
    const wrong = all
      .filter(
        ({ node, required }) =>
          (required && (node.default !== undefined || node[whenOmittedKeyword] !== undefined)) ||
          (node.default !== undefined && node[whenOmittedKeyword] !== undefined),
      )
      .map(({ path }) => path);
    expect(wrong).toEqual([]);
  });

  it('accept their own defaults and examples', () => {
    const ajv = new Ajv({ allowUnionTypes: true, discriminator: true, strict: false });
    const invalid: string[] = [];
    for (const { path, node } of all) {
      // Conditions refer to their file's $defs: checked with the whole file by the fixture tests.
      if (JSON.stringify(node).includes('"$ref"')) continue;
      const validate = ajv.compile(node);
      for (const [what, value] of [
        ['default', node.default],
        ...((node.examples ?? []) as unknown[]).map((example) => ['example', example] as const),
      ] as const) {
        if (value !== undefined && !validate(value)) invalid.push(`${path} ${what} ${JSON.stringify(value)}`);
      }
    }
    expect(invalid).toEqual([]);
  });

  it('reject unknown keys in every object with fixed keys', () => {
    const open = all
      .filter(
        ({ node }) =>
          node.type === 'object' && node.properties !== undefined && node.additionalProperties !== false,
      )
      .map(({ path }) => path);
    expect(open).toEqual([]);
  });
});

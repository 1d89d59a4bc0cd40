// The schemas are the single source of truth for the reference page: every field must explain itself.
import { describe, expect, it } from 'vitest';
import { ruleSchemas } from '../../src/rules/schemas/rule-schemas.ts';

type Node = Record<string, unknown>;

/** Every property of every object in the schema, with its path. */
function properties(node: Node, path: string, out: [string, Node][]): [string, Node][] {
  for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Node>)) {
    out.push([`${path}.${key}`, child]);
    properties(child, `${path}.${key}`, out);
  }
  for (const nested of ['items', 'additionalProperties', 'not'] as const) {
    const child = node[nested];
    if (child && typeof child === 'object') properties(child as Node, `${path}[]`, out);
  }
  for (const branch of (node.oneOf ?? []) as Node[]) properties(branch, path, out);
  for (const def of Object.values((node.$defs ?? {}) as Record<string, Node>))
    properties(def, `${path}#`, out);
  return out;
}

describe('rules schemas', () => {
  const all = ruleSchemas.flatMap((format) => properties(format.schema as Node, format.id, []));

  it('cover at least every file format once', () => {
    expect(ruleSchemas.map((format) => format.id)).toEqual([
      'desk',
      'teams',
      'customers',
      'routing',
      'sla',
      'form',
      'reply',
      'article',
    ]);
    expect(all.length).toBeGreaterThan(150);
  });

  it('give every property a description and an example', () => {
    const lacking = all
      .filter(([, node]) => typeof node.description !== 'string' || !Array.isArray(node.examples))
      .map(([path]) => path);
    expect(lacking).toEqual([]);
  });

  it('reject unknown keys in every object with fixed keys', () => {
    const open = all
      .filter(
        ([, node]) =>
          node.type === 'object' && node.properties !== undefined && node.additionalProperties !== false,
      )
      .map(([path]) => path);
    expect(open).toEqual([]);
  });
});

// The reference page promises, field by field, what leaving a field out means: a default value, or
// the words of `x-when-omitted`. Here the loader is held to it on real roots: wherever a file leaves
// a field out, the loaded rules carry exactly the schema's default, or nothing at all.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadRules } from '../../src/rules/load-rules.ts';
import { readFrontmatter } from '../../src/rules/read-frontmatter.ts';
import { whenOmittedKeyword } from '../../src/rules/formats/define-schema.ts';
import { schemaFormats } from '../../src/rules/formats/index.ts';
import type { FormatId } from '../../src/rules/formats/index.ts';

type Node = Record<string, unknown>;
type Map = Record<string, unknown>;

const isMap = (value: unknown): value is Map =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

interface Tally {
  defaults: number;
  omitted: number;
  wrong: string[];
}

/** Walks what a file says and what was loaded from it side by side, along the file's schema. */
function compare(
  schema: Node,
  defs: Record<string, Node>,
  written: unknown,
  loaded: unknown,
  at: string,
  tally: Tally,
) {
  const node = typeof schema.$ref === 'string' ? defs[schema.$ref.replace('#/$defs/', '')]! : schema;
  if (Array.isArray(written) && Array.isArray(loaded)) {
    const items = node.items as Node | undefined;
    if (items) written.forEach((item, i) => compare(items, defs, item, loaded[i], `${at}[${i}]`, tally));
    return;
  }
  if (!isMap(written) || !isMap(loaded)) return;
  if (Array.isArray(node.oneOf)) {
    const branch = (node.oneOf as Node[]).find(
      (candidate) => (candidate.properties as Record<string, Node>).type?.const === written.type,
    );
    if (branch) compare(branch, defs, written, loaded, at, tally);
    return;
  }
  const properties = node.properties as Record<string, Node> | undefined;
  if (!properties) {
    const values = node.additionalProperties;
    if (isMap(values))
      for (const key of Object.keys(written))
        compare(values, defs, written[key], loaded[key], `${at}.${key}`, tally);
    return;
  }
  for (const [key, property] of Object.entries(properties)) {
    const where = `${at}.${key}`;
    if (key in written) {
      compare(property, defs, written[key], loaded[key], where, tally);
    } else if (property.default !== undefined) {
      tally.defaults += 1;
      if (JSON.stringify(loaded[key]) !== JSON.stringify(property.default))
        tally.wrong.push(
          `${where}: default ${JSON.stringify(property.default)}, loaded ${JSON.stringify(loaded[key])}`,
        );
    } else if (typeof property[whenOmittedKeyword] === 'string') {
      tally.omitted += 1;
      if (loaded[key] !== undefined)
        tally.wrong.push(`${where}: left out, loaded ${JSON.stringify(loaded[key])}`);
    }
  }
}

const schemaOf = (id: FormatId) => schemaFormats.find((format) => format.id === id)!.schema as Node;

async function tallyRoot(root: string): Promise<Tally> {
  const result = await loadRules(root, { now: new Date('2026-11-22T12:00:00Z') });
  expect(result.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  const rules = result.rules!;
  const tally: Tally = { defaults: 0, omitted: 0, wrong: [] };
  const check = (id: FormatId, written: unknown, loaded: unknown, where: string) => {
    const schema = schemaOf(id);
    compare(schema, (schema.$defs ?? {}) as Record<string, Node>, written, loaded, where, tally);
  };
  const yamlOf = async (file: string) => parse(await readFile(path.join(root, file), 'utf8')) as unknown;
  for (const id of ['desk', 'teams', 'customers', 'routing', 'sla'] as const)
    check(id, await yamlOf(`rules/${id}.yaml`), rules[id], `rules/${id}.yaml`);
  for (const [id, form] of Object.entries(rules.forms))
    check('form', await yamlOf(`rules/forms/${id}.yaml`), form, id);
  for (const byLang of Object.values(rules.replies)) {
    for (const reply of Object.values(byLang)) {
      const written = readFrontmatter(
        reply.file,
        await readFile(path.join(root, reply.file), 'utf8'),
      ).source?.doc.toJS();
      check('reply', written, reply, reply.file);
    }
  }
  for (const article of result.articles) {
    const written = readFrontmatter(
      article.file,
      await readFile(path.join(root, article.file), 'utf8'),
    ).source?.doc.toJS();
    check('article', written, article, article.file);
  }
  return tally;
}

describe('fields left out of a file', () => {
  it.each([
    ['the base desk of the fixtures', 'test/fixtures/rules/base', 40, 20],
    ['the shipped Cassiopée rules', '.', 100, 100],
  ])(
    '%s loads with the default the reference page gives, or with nothing',
    async (_name, root, defaults, omitted) => {
      const tally = await tallyRoot(root);
      expect(tally.wrong).toEqual([]);
      // Enough fields were left out somewhere for the comparison to mean something.
      expect(tally.defaults).toBeGreaterThanOrEqual(defaults);
      expect(tally.omitted).toBeGreaterThanOrEqual(omitted);
    },
  );
});

// Generates rules/README.md, the reference of every field of every rules file, and the JSON Schema
// files rules/schemas/*.schema.json (for editors), from the schemas in src/rules/formats, so neither
// can drift from what `repodesk validate` accepts. Run: npm run docs:rules
import { mkdir, writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';
import { stringify } from 'yaml';
import { conditionSchema } from '../src/conditions/condition-schema.ts';
import { whenOmittedKeyword } from '../src/rules/formats/define-schema.ts';
import { schemaFormats } from '../src/rules/formats/index.ts';
import { replyVariables } from '../src/rules/types.ts';

type Node = Record<string, unknown>;

interface Row {
  field: string;
  type: string;
  /** `required`, the default value, or what leaving the field out means. */
  default: string;
  description: string;
  example: string;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => (text === '' ? '' : `\`${text.replace(/`/g, "'")}\``);
const inline = (value: unknown) => stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trim();

const shorten = (text: string) => (text.length > 90 ? `${text.slice(0, 87)}...` : text);

function typeOf(node: Node): string {
  if (node.$ref === '#/$defs/condition') return 'condition';
  if (node.oneOf) return 'form item';
  if (node.const !== undefined) return code(String(node.const));
  if (Array.isArray(node.enum)) return (node.enum as string[]).map((value) => code(value)).join(' | ');
  const type = node.type;
  if (Array.isArray(type)) return 'text or list of texts';
  if (type === 'array')
    return `list of ${typeOf((node.items ?? {}) as Node).replace(/^list of /, 'lists of ')}`;
  if (type === 'object')
    return node.additionalProperties && typeof node.additionalProperties === 'object' ? 'map' : 'object';
  if (type === 'string') return node.pattern === '^\\d{4}-\\d{2}-\\d{2}$' ? 'date' : 'text';
  if (type === 'integer') return 'integer';
  return String(type);
}

function walk(node: Node, path: string, required: boolean, rows: Row[], root: boolean): void {
  if (!root) {
    rows.push({
      field: path,
      type: typeOf(node),
      default: required
        ? 'required'
        : node.default !== undefined
          ? code(inline(node.default))
          : typeof node[whenOmittedKeyword] === 'string'
            ? `omitted: ${String(node[whenOmittedKeyword])}`
            : '',
      description: String(node.description ?? ''),
      // An object's fields have their own rows and examples; its own example would repeat them.
      example:
        node.properties === undefined && Array.isArray(node.examples) && node.examples.length > 0
          ? code(shorten(inline(node.examples[0])))
          : '',
    });
  }
  if (node.$ref) return;
  const requiredKeys = new Set((node.required ?? []) as string[]);
  for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Node>)) {
    walk(child, path === '' ? key : `${path}.${key}`, requiredKeys.has(key), rows, false);
  }
  const items = node.items as Node | undefined;
  if (items && (items.properties || items.oneOf || items.additionalProperties))
    walk(items, `${path}[]`, false, rows, true);
  const values = node.additionalProperties;
  if (values && typeof values === 'object') {
    const key = path.endsWith('translations') ? '<lang>' : path.endsWith('body') ? '<field id>' : '<lang>';
    const child = values as Node;
    if (child.properties) walk(child, `${path}.${key}`, false, rows, true);
  }
  for (const branch of (node.oneOf ?? []) as Node[]) {
    const kind = ((branch.properties as Record<string, Node>).type?.const as string) ?? '?';
    walk(branch, `${path} (type: ${kind})`, false, rows, true);
  }
}

function table(rows: Row[]): string {
  const lines = ['| Field | Type | Default | Description | Example |', '|---|---|---|---|---|'];
  for (const row of rows) {
    lines.push(
      `| ${[code(row.field), row.type, row.default, row.description, row.example].map(cell).join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** Routing and SLA conditions in one table, with where each key may be used. */
function conditionTable(): string {
  const routing: Row[] = [];
  const policy: Row[] = [];
  walk(conditionSchema('routing') as unknown as Node, '', false, routing, true);
  walk(conditionSchema('policy') as unknown as Node, '', false, policy, true);
  const inPolicy = new Set(policy.map((row) => row.field));
  const inRouting = new Set(routing.map((row) => row.field));
  const rows = [...routing, ...policy.filter((row) => !inRouting.has(row.field))];
  const lines = ['| Field | Used in | Type | Default | Description | Example |', '|---|---|---|---|---|---|'];
  for (const row of rows) {
    const usedIn = [inRouting.has(row.field) ? 'routing' : '', inPolicy.has(row.field) ? 'SLA' : '']
      .filter(Boolean)
      .join(', ');
    lines.push(
      `| ${[code(row.field), usedIn, row.type, row.default, row.description, row.example].map(cell).join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** The whole page, as committed at rules/README.md. */
export function renderRulesReference(): string {
  const parts = [
    '# Rules reference',
    '',
    '<!-- Generated from src/rules/formats by `npm run docs:rules`; do not edit by hand. -->',
    '',
    'Everything repodesk does is configured by the files below. Change them by pull request;',
    '`npx repodesk validate` (and the workflow in `actions/workflows/validate.yml`) checks every file',
    'against these fields, then checks the references between files (teams, agents, calendars, forms,',
    'replies, categories, tiers, organisations, priorities, types), regexes, timezones, hours and links.',
    '',
    'The Default column says "required", gives the value used when the field is left out, or says what',
    'leaving it out means. Unknown keys are errors, so typos are caught. In the five',
    'YAML files at the top of `rules/`, top-level keys starting with `x-` are free: a place for YAML',
    'anchors reused with merge keys (`x-office: &office { … }` then `<<: *office`).',
    '',
    'Editors that understand JSON Schema (VS Code with the YAML extension, JetBrains IDEs) complete and',
    'check these files as you type with a first line such as',
    '`# yaml-language-server: $schema=./schemas/routing.schema.json` (in `rules/forms/`:',
    '`$schema=../schemas/form.schema.json`). The schemas are in `rules/schemas/`.',
    '',
  ];
  for (const format of schemaFormats) {
    const schema = format.schema as Node;
    const rows: Row[] = [];
    walk(schema, '', false, rows, true);
    parts.push(`## \`${format.pattern}\``, '', String(schema.description), '');
    if (format.id === 'form') {
      parts.push(
        'The file is a GitHub issue form plus a `repodesk` key. GitHub refuses keys it does not know, so `repodesk forms export` writes a copy without that key for `.github/ISSUE_TEMPLATE/<id>.yml` (`--check` in CI keeps it in step); `repodesk validate` checks the rest against the rules GitHub documents (no `id` on markdown items, no empty texts, no reserved option "None", unique ids and checkbox labels, quoted `Yes`/`No`…). Markdown items are translated by position, in `repodesk.translations.<lang>.markdown`.',
        '',
      );
    }
    if (format.id === 'reply') {
      parts.push(
        `Variables the body may use: ${replyVariables.map((name) => code(`{{${name}}}`)).join(', ')}.`,
        '',
      );
    }
    if (format.id === 'article') {
      parts.push(
        'The slug is the file name (lowercase letters, digits, dashes; unique per language). Link to another article with a relative link: `[text](other-slug.md)` or `[text](../en/other-slug.md)`.',
        '',
      );
    }
    parts.push(table(rows), '');
  }
  parts.push(
    '## Conditions (`when` in routing rules and SLA policies)',
    '',
    String(conditionSchema('routing').description),
    'For example `when: { all: [{ channel: email }, { subject: { contains: [facture, invoice] } }] }`.',
    '',
    'An SLA policy is chosen from what the issue carries once routing is done (its labels and ticket marker),',
    'so its `when` tests the ticket and its team but not the request itself: the keys marked "routing" below',
    'are refused in `rules/sla.yaml`, and `team` is refused in `rules/routing.yaml` (test the team label there).',
    'Both read a key the same way. Ids, labels, language tags, addresses and domains compare whatever their case',
    '(`label: vip` matches the label `VIP`, as on GitHub); words and phrases also ignore accents.',
    '',
    conditionTable(),
    '',
  );
  return parts.join('\n');
}

/** The JSON Schema files, by path from the repository root, formatted as the repository's Prettier would. */
export async function renderSchemaFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const rule of schemaFormats) {
    const file = `rules/schemas/${rule.id}.schema.json`;
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: `https://repodesk.dev/schemas/${rule.id}.schema.json`,
      ...(rule.schema as Node),
    };
    const options = (await resolveConfig(file)) ?? {};
    files.set(file, await format(JSON.stringify(schema), { ...options, parser: 'json', filepath: file }));
  }
  return files;
}

if (import.meta.main) {
  const root = new URL('../', import.meta.url);
  await writeFile(new URL('rules/README.md', root), renderRulesReference());
  await mkdir(new URL('rules/schemas/', root), { recursive: true });
  const schemas = await renderSchemaFiles();
  for (const [file, text] of schemas) await writeFile(new URL(file, root), text);
  process.stdout.write(`wrote rules/README.md and ${schemas.size} files in rules/schemas/\n`);
}

// Extracts the operations the GitHub stand-in serves (plus every `$ref` they reach) from GitHub's official
// OpenAPI description into the committed src/standin/openapi-subset.json, ready for Ajv 8.
//
// The source package (@octokit/openapi, 385 MB) is NOT a project dependency. Install it outside the
// project and point this script at it, then re-run it when upgrading:
//   mkdir -p /tmp/openapi && cd /tmp/openapi && npm init -y && npm install @octokit/openapi
//   node scripts/extract-openapi.ts [/tmp/openapi/node_modules/@octokit/openapi]
// With @octokit/openapi-webhooks installed next to it (npm install @octokit/openapi-webhooks in the same
// folder), it also writes the schemas of the webhooks the stand-in sends to
// test/fixtures/payloads/webhook-schemas.json, which the tests validate every delivered payload against.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The operations the stand-in serves, by GitHub operationId. */
export const servedOperations = [
  'apps/get-authenticated',
  'apps/create-installation-access-token',
  'apps/create-from-manifest',
  'apps/get-installation',
  'apps/get-repo-installation',
  'apps/get-webhook-config-for-app',
  'repos/get',
  'users/get-authenticated',
  'issues/list-for-repo',
  'issues/create',
  'issues/get',
  'issues/update',
  'issues/list-labels-on-issue',
  'issues/add-labels',
  'issues/remove-label',
  'issues/add-assignees',
  'issues/remove-assignees',
  'issues/list-comments',
  'issues/create-comment',
  'issues/get-comment',
  'issues/update-comment',
  'issues/delete-comment',
  'issues/list-events',
  'issues/list-events-for-timeline',
  'issues/list-labels-for-repo',
  'issues/create-label',
  'repos/get-collaborator-permission-level',
] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * GitHub's spec is OpenAPI 3.0: `nullable: true` instead of a `null` type, sometimes next to `$ref`/`allOf`.
 * Ajv 8 ignores `nullable` without `type`, so: `{type: X, nullable}` → `type: [X, "null"]` (and `null` added
 * to an `enum`), anything else → `anyOf: [<the schema>, {type: "null"}]`.
 */
export function rewriteNullable(node: Json): Json {
  if (Array.isArray(node)) return node.map(rewriteNullable);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = rewriteNullable(value);
  if (out.nullable !== true) {
    delete out.nullable;
    return out;
  }
  delete out.nullable;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

/**
 * Drops what validation does not need (examples are most of the weight); with `dropDescriptions`, also
 * the prose of each schema (a string `description`; a property named "description" is an object and stays).
 */
function prune(node: Json, dropDescriptions = false): Json {
  if (Array.isArray(node)) return node.map((item) => prune(item, dropDescriptions));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'examples' || key === 'example' || key === 'x-github' || key === 'x-octokit') continue;
    if (dropDescriptions && key === 'description' && typeof value === 'string') continue;
    out[key] = prune(value, dropDescriptions);
  }
  return out;
}

/** The webhook payloads the stand-in sends, by schema name in @octokit/openapi-webhooks. */
export const sentWebhooks = [
  'webhook-issues-opened',
  'webhook-issues-edited',
  'webhook-issues-closed',
  'webhook-issues-reopened',
  'webhook-issues-labeled',
  'webhook-issues-unlabeled',
  'webhook-issues-assigned',
  'webhook-issues-unassigned',
  'webhook-issue-comment-created',
  'webhook-issue-comment-edited',
  'webhook-issue-comment-deleted',
] as const;

function collectRefs(node: Json, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') into.add(value);
    else collectRefs(value, into);
  }
}

function resolvePointer(document: JsonObject, ref: string): Json {
  if (!ref.startsWith('#/'))
    throw new Error(`extract-openapi: only local $ref are supported, found "${ref}"`);
  let node: Json = document;
  for (const raw of ref.slice(2).split('/')) {
    const part = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isObject(node) || !(part in node)) throw new Error(`extract-openapi: unresolved $ref "${ref}"`);
    node = node[part] as Json;
  }
  return node;
}

function setPointer(document: JsonObject, ref: string, value: Json): void {
  const parts = ref
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
  let node = document;
  for (const part of parts.slice(0, -1)) {
    if (!isObject(node[part])) node[part] = {};
    node = node[part] as JsonObject;
  }
  node[parts[parts.length - 1] as string] = value;
}

export function extractSubset(
  spec: JsonObject,
  operationIds: readonly string[],
  sourceVersion: string,
): JsonObject {
  const wanted = new Set(operationIds);
  const paths: JsonObject = {};
  const methods = ['get', 'post', 'patch', 'put', 'delete'];
  for (const [path, item] of Object.entries(spec.paths as JsonObject)) {
    if (!isObject(item)) continue;
    for (const method of methods) {
      const operation = item[method];
      if (!isObject(operation) || !wanted.has(String(operation.operationId))) continue;
      wanted.delete(String(operation.operationId));
      const pathItem = (paths[path] ??= {}) as JsonObject;
      pathItem[method] = prune(operation, true);
    }
  }
  if (wanted.size > 0) throw new Error(`extract-openapi: operations not found: ${[...wanted].join(', ')}`);

  const subset: JsonObject = {
    openapi: spec.openapi ?? '3.0.3',
    info: {
      title: 'GitHub REST API subset served by the repodesk stand-in',
      description:
        'Generated by scripts/extract-openapi.ts from @octokit/openapi generated/api.github.com.json; ' +
        '`nullable` rewritten for Ajv 8, examples and prose dropped. Do not edit by hand.',
      version: sourceVersion,
    },
    paths,
    components: {},
  };
  copyReferenced(spec, paths, subset, true);
  sortComponents(subset);
  return rewriteNullable(subset) as JsonObject;
}

/** Components in name order, so that adding an operation gives a readable diff. */
function sortComponents(document: JsonObject): void {
  const components = document.components as JsonObject;
  for (const [group, entries] of Object.entries(components)) {
    if (isObject(entries)) {
      components[group] = Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
}

/** Copies every `$ref` reachable from `roots`, transitively, under the same pointers so they resolve unchanged. */
function copyReferenced(spec: JsonObject, roots: Json, into: JsonObject, dropDescriptions = false): void {
  const pending = new Set<string>();
  collectRefs(roots, pending);
  const done = new Set<string>();
  while (pending.size > 0) {
    const [ref] = pending;
    pending.delete(ref as string);
    if (ref === undefined || done.has(ref)) continue;
    done.add(ref);
    const target = prune(resolvePointer(spec, ref), dropDescriptions);
    setPointer(into, ref, target);
    const more = new Set<string>();
    collectRefs(target, more);
    for (const next of more) if (!done.has(next)) pending.add(next);
  }
}

/**
 * The JSON Schemas (2020-12, from OpenAPI 3.1: no pre-pass needed) of the given webhook payloads, as
 * `{ components: { schemas } }` holding them and everything they reference.
 */
export function extractWebhookSchemas(
  spec: JsonObject,
  names: readonly string[],
  sourceVersion: string,
): JsonObject {
  const schemas = ((spec.components as JsonObject | undefined)?.schemas ?? {}) as JsonObject;
  const missing = names.filter((name) => !(name in schemas));
  if (missing.length > 0)
    throw new Error(`extract-openapi: webhook schemas not found: ${missing.join(', ')}`);
  const subset: JsonObject = {
    info: {
      description:
        'Generated by scripts/extract-openapi.ts from @octokit/openapi-webhooks generated/api.github.com.json. ' +
        'Do not edit by hand.',
      version: sourceVersion,
    },
    components: {
      schemas: Object.fromEntries(names.map((name) => [name, prune(schemas[name] as Json, true)])),
    },
  };
  copyReferenced(spec, subset.components as Json, subset, true);
  sortComponents(subset);
  return subset;
}

if (import.meta.main) {
  const packageDir = process.argv[2] ?? '/tmp/openapi/node_modules/@octokit/openapi';
  const spec = JSON.parse(
    readFileSync(join(packageDir, 'generated/api.github.com.json'), 'utf8'),
  ) as JsonObject;
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const subset = extractSubset(spec, servedOperations, `@octokit/openapi ${version}`);
  const target = new URL('../src/standin/openapi-subset.json', import.meta.url);
  const text = JSON.stringify(subset, null, 1) + '\n';
  writeFileSync(target, text);
  const schemas = Object.keys((subset.components as JsonObject).schemas ?? {}).length;
  process.stdout.write(
    `wrote src/standin/openapi-subset.json: ${servedOperations.length} operations, ${schemas} schemas, ` +
      `${Math.round(Buffer.byteLength(text) / 1024)} KB\n`,
  );
  const webhooksDir = join(packageDir, '..', 'openapi-webhooks');
  if (existsSync(webhooksDir)) {
    const webhookSpec = JSON.parse(
      readFileSync(join(webhooksDir, 'generated/api.github.com.json'), 'utf8'),
    ) as JsonObject;
    const webhookVersion = (
      JSON.parse(readFileSync(join(webhooksDir, 'package.json'), 'utf8')) as { version: string }
    ).version;
    const webhookSubset = extractWebhookSchemas(
      webhookSpec,
      sentWebhooks,
      `@octokit/openapi-webhooks ${webhookVersion}`,
    );
    const webhookTarget = new URL('../test/fixtures/payloads/webhook-schemas.json', import.meta.url);
    mkdirSync(new URL('.', webhookTarget), { recursive: true });
    const webhookText = JSON.stringify(webhookSubset) + '\n';
    writeFileSync(webhookTarget, webhookText);
    process.stdout.write(
      `wrote test/fixtures/payloads/webhook-schemas.json: ${sentWebhooks.length} payloads, ` +
        `${Math.round(Buffer.byteLength(webhookText) / 1024)} KB\n`,
    );
  } else {
    process.stdout.write(`skipped webhook schemas: ${webhooksDir} not installed\n`);
  }
}

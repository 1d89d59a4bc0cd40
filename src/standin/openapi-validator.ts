// Checks the stand-in's request and response bodies against GitHub's own OpenAPI description (the subset
// committed in openapi-subset.json, produced by scripts/extract-openapi.ts). A request that does not fit
// gets GitHub's 422; a response that does not fit is a stand-in bug and is reported loudly by the caller.

import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type JsonObject = Record<string, unknown>;

// ajv-formats is CommonJS with a default export; under nodenext it arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const documentId = 'https://standin.repodesk.invalid/openapi-subset.json';

/** One problem found by Ajv, as a short line: `/labels/0 must be string`. */
export interface SchemaProblem {
  path: string;
  message: string;
}

export interface Operation {
  operationId: string;
  method: string;
  /** The path template, e.g. `/repos/{owner}/{repo}/issues`. */
  path: string;
  request: JsonObject | undefined;
  responses: Map<string, JsonObject | undefined>;
}

export class OpenapiValidator {
  readonly operations = new Map<string, Operation>();
  readonly #ajv: Ajv;
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor(subset: JsonObject = loadSubset()) {
    this.#ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.#ajv);
    const components = subset.components as JsonObject;
    const operationSchemas: JsonObject = {};
    for (const [path, item] of Object.entries(subset.paths as Record<string, JsonObject>)) {
      for (const [method, raw] of Object.entries(item)) {
        const operation = raw as JsonObject;
        const operationId = String(operation.operationId);
        const request = jsonSchemaOf(operation.requestBody, components);
        const responses = new Map<string, JsonObject | undefined>();
        for (const [status, response] of Object.entries((operation.responses ?? {}) as JsonObject)) {
          responses.set(status, jsonSchemaOf(response, components));
        }
        this.operations.set(operationId, {
          operationId,
          method: method.toUpperCase(),
          path,
          request,
          responses,
        });
        operationSchemas[slug(operationId)] = {
          request: request ?? {},
          responses: Object.fromEntries([...responses].map(([status, schema]) => [status, schema ?? {}])),
        };
      }
    }
    // One document holding the components and every operation's schemas, so local `#/components/...`
    // references resolve as in GitHub's description.
    this.#ajv.addSchema({ $id: documentId, components, 'x-operations': operationSchemas });
  }

  /** Problems with a request body, or an empty list; operations without a body schema accept anything. */
  checkRequest(operationId: string, body: unknown): SchemaProblem[] {
    const operation = this.#operation(operationId);
    if (operation.request === undefined) return [];
    return this.#check(`${documentId}#/x-operations/${slug(operationId)}/request`, body);
  }

  /**
   * Problems with a response body for a status. A status the description does not list for the operation
   * is itself a problem for 2xx (the stand-in answers something GitHub never does); error statuses GitHub
   * may answer without documenting them (401, 403, 502…) are not checked.
   */
  checkResponse(operationId: string, status: number, body: unknown): SchemaProblem[] {
    const operation = this.#operation(operationId);
    const key = String(status);
    if (!operation.responses.has(key)) {
      return status >= 200 && status < 300
        ? [{ path: '', message: `status ${status} is not a documented response of ${operationId}` }]
        : [];
    }
    if (operation.responses.get(key) === undefined) return [];
    return this.#check(`${documentId}#/x-operations/${slug(operationId)}/responses/${key}`, body);
  }

  #operation(operationId: string): Operation {
    const operation = this.operations.get(operationId);
    if (!operation) throw new Error(`openapi-validator: unknown operation "${operationId}"`);
    return operation;
  }

  #check(ref: string, body: unknown): SchemaProblem[] {
    let validate = this.#compiled.get(ref);
    if (!validate) {
      validate = this.#ajv.compile({ $ref: ref });
      this.#compiled.set(ref, validate);
    }
    if (validate(body)) return [];
    return summarise(validate.errors ?? []);
  }
}

let shared: OpenapiValidator | undefined;

/**
 * One validator per process for the committed subset: compiling GitHub's larger schemas (the timeline's
 * 33-way anyOf) takes most of a second, and every stand-in a test file starts would pay it again.
 */
export function sharedOpenapiValidator(): OpenapiValidator {
  shared ??= new OpenapiValidator();
  return shared;
}

function loadSubset(): JsonObject {
  return JSON.parse(readFileSync(new URL('./openapi-subset.json', import.meta.url), 'utf8')) as JsonObject;
}

/** Keys of `x-operations`: operationIds contain `/`, which JSON pointers would need escaped. */
function slug(operationId: string): string {
  return operationId.replace(/[^a-z0-9-]/gi, '_');
}

/** The `application/json` schema of a request body or response, following `#/components/...` refs. */
function jsonSchemaOf(node: unknown, components: JsonObject): JsonObject | undefined {
  let current = node as JsonObject | undefined;
  for (let depth = 0; current && typeof current.$ref === 'string' && depth < 5; depth += 1) {
    const [, group = '', name = ''] = /^#\/components\/([^/]+)\/(.+)$/.exec(current.$ref) ?? [];
    current = (components[group] as JsonObject | undefined)?.[name] as JsonObject | undefined;
  }
  const content = current?.content as Record<string, { schema?: JsonObject }> | undefined;
  return content?.['application/json']?.schema;
}

/**
 * Ajv reports every branch of a failed anyOf/oneOf; keep the deepest problems (the useful ones) and at most
 * a dozen, so that an error record stays readable.
 */
function summarise(errors: ErrorObject[]): SchemaProblem[] {
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  const sorted = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length);
  for (const error of sorted) {
    const detail =
      error.keyword === 'additionalProperties'
        ? `${error.message ?? ''} "${String((error.params as { additionalProperty?: string }).additionalProperty)}"`
        : (error.message ?? error.keyword);
    const line = `${error.instancePath} ${detail}`;
    if (seen.has(line)) continue;
    seen.add(line);
    problems.push({ path: error.instancePath, message: detail });
    if (problems.length >= 12) break;
  }
  return problems;
}

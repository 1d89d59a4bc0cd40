// The extraction of GitHub's OpenAPI subset: the nullable pre-pass Ajv 8 needs, and the $ref closure.

import { describe, expect, it } from 'vitest';
import { extractSubset, rewriteNullable } from '../../scripts/extract-openapi.ts';

describe('rewriteNullable', () => {
  it.each([
    [
      'a typed nullable becomes a type list',
      { type: 'string', nullable: true },
      { type: ['string', 'null'] },
    ],
    [
      'a nullable enum also accepts null',
      { type: 'string', enum: ['a', 'b'], nullable: true },
      { type: ['string', 'null'], enum: ['a', 'b', null] },
    ],
    [
      'a nullable $ref is wrapped in anyOf',
      { $ref: '#/components/schemas/user', nullable: true },
      { anyOf: [{ $ref: '#/components/schemas/user' }, { type: 'null' }] },
    ],
    [
      'a nullable allOf is wrapped in anyOf',
      { allOf: [{ $ref: '#/x' }], nullable: true },
      { anyOf: [{ allOf: [{ $ref: '#/x' }] }, { type: 'null' }] },
    ],
    ['nullable false is dropped', { type: 'integer', nullable: false }, { type: 'integer' }],
    [
      'nested schemas are rewritten too',
      { type: 'object', properties: { body: { type: 'string', nullable: true } } },
      { type: 'object', properties: { body: { type: ['string', 'null'] } } },
    ],
  ])('%s', (_name, input, expected) => {
    expect(rewriteNullable(input)).toEqual(expected);
  });
});

describe('extractSubset', () => {
  const spec = {
    openapi: '3.0.3',
    paths: {
      '/things': {
        get: {
          operationId: 'things/list',
          responses: {
            '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/thing' } } } },
          },
        },
        post: {
          operationId: 'things/create',
          responses: { '201': { $ref: '#/components/responses/created' } },
        },
      },
      '/other': { get: { operationId: 'other/get', responses: {} } },
    },
    components: {
      schemas: {
        thing: {
          type: 'object',
          properties: { owner: { $ref: '#/components/schemas/user' } },
          example: { big: true },
        },
        user: { type: 'object', properties: { name: { type: 'string', nullable: true } } },
        unused: { type: 'string' },
      },
      responses: {
        created: { content: { 'application/json': { schema: { $ref: '#/components/schemas/thing' } } } },
      },
    },
  };

  it('keeps the wanted operations, every $ref they reach and nothing else, without examples', () => {
    const subset = extractSubset(spec, ['things/list', 'things/create'], 'test 1.0');
    expect(Object.keys(subset.paths as object)).toEqual(['/things']);
    expect(subset.components).toEqual({
      schemas: {
        thing: { type: 'object', properties: { owner: { $ref: '#/components/schemas/user' } } },
        user: { type: 'object', properties: { name: { type: ['string', 'null'] } } },
      },
      responses: spec.components.responses,
    });
    expect((subset.info as { version: string }).version).toBe('test 1.0');
  });

  it('names the operations it cannot find', () => {
    expect(() => extractSubset(spec, ['things/list', 'things/delete'], 'x')).toThrow(
      'extract-openapi: operations not found: things/delete',
    );
  });
});

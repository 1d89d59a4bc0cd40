// objectSchema<T>() is what keeps the schemas and src/rules/types.ts in step. The @ts-expect-error
// lines below are checked by `npm run typecheck`: if a drift stopped being a type error, the
// directive itself would fail the typecheck.
import { describe, expect, it } from 'vitest';
import { objectSchema } from '../../src/rules/formats/define-schema.ts';
import type { EscalationStep, OutOfOffice } from '../../src/rules/types.ts';

const from = { type: 'string', description: 'First day.', examples: ['2026-12-21'] } as const;
const to = { type: 'string', description: 'Last day.', examples: ['2027-01-01'] } as const;
const reason = { type: 'string', description: 'Why.', examples: ['Congés'] } as const;

describe('objectSchema', () => {
  it('builds a closed object schema whose example is made of its properties’ examples', () => {
    const schema = objectSchema<OutOfOffice>()({
      description: 'Away.',
      properties: { from, to, reason },
      required: ['from', 'to'],
    });
    expect(schema).toEqual({
      type: 'object',
      description: 'Away.',
      properties: { from, to, reason },
      required: ['from', 'to'],
      additionalProperties: false,
      examples: [{ from: '2026-12-21', to: '2027-01-01', reason: 'Congés' }],
    });
  });

  it('refuses a key the file may omit when its property has no default', () => {
    expect(() =>
      objectSchema<OutOfOffice>()({
        description: 'Away.',
        properties: { from, to, reason },
        required: ['from'],
        defaulted: ['to'],
      }),
    ).toThrow('schema: defaulted key "to" has no default');
  });

  it('makes drift between a schema and its interface a type error', () => {
    const build = objectSchema<OutOfOffice>();
    // @ts-expect-error a required key of the interface ("to") is not required by the schema
    build({ description: 'Away.', properties: { from, to, reason }, required: ['from'] });
    // @ts-expect-error an optional key of the interface ("reason") is required by the schema
    build({ description: 'Away.', properties: { from, to, reason }, required: ['from', 'to', 'reason'] });
    // @ts-expect-error a property of the interface ("reason") has no schema
    build({ description: 'Away.', properties: { from, to }, required: ['from', 'to'] });
    // @ts-expect-error the schema has a property the interface does not know
    build({ description: 'Away.', properties: { from, to, reason, until: to }, required: ['from', 'to'] });
    const step = objectSchema<EscalationStep>()({
      description: 'Step.',
      properties: {
        // @ts-expect-error a number field described as text
        at: { type: 'string', description: 'Percent.', examples: ['75'] },
        label: { type: 'string', description: 'Label.', examples: ['sla: at-risk'] },
        notify: {
          type: 'string',
          // @ts-expect-error an enum value the interface does not allow
          enum: ['mention', 'page'],
          description: 'What to do.',
          examples: ['mention'],
        },
      },
      required: ['at', 'label'],
    });
    // At run time the builder still produces the schema; the guard is the type check above.
    expect(step.required).toEqual(['at', 'label']);
  });
});

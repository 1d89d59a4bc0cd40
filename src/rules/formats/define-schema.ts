// Typed builders for the rules JSON Schemas. The schemas are plain JSON Schema objects (ajv compiles
// them, the reference page is generated from them), but each object schema is built through
// `objectSchema<T>()` so that TypeScript checks it against the matching interface in `../types.ts`:
// every key of T must have a property schema, no other key may, `required` must list exactly the keys
// T requires (minus those the file may omit because ajv fills their `default`), and every leaf's
// `type`, `enum`, `default` and `examples` must fit the field's TypeScript type. Drift fails `tsc`.

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;
type IsUnion<T> = [T] extends [UnionToIntersection<T>] ? false : true;

/** Keys of T that are not optional. */
export type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/**
 * On an optional property that has no value to default to (`then.team`, `reviewBy`): what leaving it
 * out means, in words. The reference page shows it in the Default column; ajv ignores it.
 */
export const whenOmittedKeyword = 'x-when-omitted';

/** The annotations every schema node may carry; `description` is required on properties. */
interface Annotations<V> {
  description?: string;
  default?: V;
  /** See `whenOmittedKeyword`. */
  'x-when-omitted'?: string;
  examples?: readonly V[];
  title?: string;
}

export interface StringNode<V extends string> extends Annotations<V> {
  type: 'string';
  enum?: readonly V[];
  const?: V;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
}

export interface NumberNode extends Annotations<number> {
  type: 'number' | 'integer';
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

export interface BooleanNode extends Annotations<boolean> {
  type: 'boolean';
}

export interface ArrayNode<U> extends Annotations<readonly U[]> {
  type: 'array';
  items: SchemaNode<U>;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
}

/** An object whose keys are free (ids, languages): `Record<string, X>`. */
export interface MapNode<X> extends Annotations<Record<string, X>> {
  type: 'object';
  additionalProperties: SchemaNode<X>;
  propertyNames?: { pattern: string };
  minProperties?: number;
}

/** A node the type system does not follow (unions such as `Condition` or `OneOrMany<T>`). */
export type LooseNode = { description?: string } & Record<string, unknown>;

/** The result of `objectSchema<T>()`: carries T as a phantom so one interface's schema cannot stand in for another's. */
export interface ObjectSchema<T> extends Annotations<T> {
  type: 'object';
  description: string;
  properties: Record<string, LooseNode>;
  required: string[];
  additionalProperties: false;
  readonly __shape?: (shape: T) => T;
}

/** The schema node a value of type V needs. */
export type SchemaNode<V> = [V] extends [string]
  ? StringNode<V>
  : [V] extends [number]
    ? NumberNode
    : [V] extends [boolean]
      ? BooleanNode
      : [V] extends [readonly (infer U)[]]
        ? ArrayNode<U>
        : IsUnion<V> extends true
          ? LooseNode
          : string extends keyof V
            ? MapNode<V[string & keyof V]> | LooseNode
            : ObjectSchema<V>;

/** A property's node: a schema node that must say what the field is for. */
export type PropertyNode<V> = SchemaNode<V> & { description: string };

type Missing<T, R extends readonly PropertyKey[], D extends readonly PropertyKey[]> = Exclude<
  RequiredKeys<T>,
  R[number] | D[number]
>;

export interface ObjectSpec<T, R extends readonly RequiredKeys<T>[], D extends readonly RequiredKeys<T>[]> {
  description: string;
  properties: { [K in keyof T]-?: PropertyNode<Exclude<T[K], undefined>> };
  /** Exactly the keys T requires, except those listed in `defaulted`. */
  required: R & ([Missing<T, R, D>] extends [never] ? unknown : { missingRequiredKeys: Missing<T, R, D> });
  /** Keys T requires that a file may omit: ajv (`useDefaults`) fills them from their `default`. */
  defaulted?: D;
  examples?: readonly T[];
  title?: string;
}

/** Builds the schema of an object type T, checked against T at compile time (see the file comment). */
export function objectSchema<T>() {
  return <const R extends readonly RequiredKeys<T>[], const D extends readonly RequiredKeys<T>[] = []>(
    spec: ObjectSpec<T, R, D>,
  ): ObjectSchema<T> => {
    const properties = spec.properties as unknown as Record<string, LooseNode>;
    for (const key of (spec.defaulted ?? []) as readonly string[]) {
      // A programming error, caught by the schema tests at import time.
      if (properties[key]?.default === undefined)
        throw new Error(`schema: defaulted key "${key}" has no default`);
    }
    const schema: ObjectSchema<T> = {
      type: 'object',
      description: spec.description,
      properties,
      required: [...(spec.required as readonly string[])],
      additionalProperties: false,
    };
    if (spec.title !== undefined) schema.title = spec.title;
    // Without an explicit example, the object's example is made of its properties' first examples.
    schema.examples =
      spec.examples ??
      ([
        Object.fromEntries(
          Object.entries(properties).flatMap(([key, node]) =>
            Array.isArray(node.examples) && node.examples.length > 0 ? [[key, node.examples[0]]] : [],
          ),
        ),
      ] as unknown as readonly T[]);
    return schema;
  };
}

type KeysOfUnion<U> = U extends unknown ? keyof U : never;

/**
 * `true` when the members of union `U` have, together, exactly the keys of `Properties` (a schema's
 * `properties`), `never` otherwise: `const check: KeysMatch<Condition, typeof schema.properties> = true`
 * is then a type error as soon as a key is added on one side only.
 */
export type KeysMatch<U, Properties> = [KeysOfUnion<U>] extends [keyof Properties]
  ? [keyof Properties] extends [KeysOfUnion<U>]
    ? true
    : never
  : never;

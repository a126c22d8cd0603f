import fc from 'fast-check';
import { HTML_FRAGMENTS, ID_NUMBERS, PHONES, SQL_FRAGMENTS, hostileValue } from './hostile';

/** The part of JSON Schema (as zod 4 emits it into the OpenAPI document) the fuzzer reads. */
export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  $ref?: string;
};

/** Known-good values of the running system, so requests reach past "not found" into the handlers. */
export type Pools = {
  /** ids of existing rows (never the fuzzer's own accounts) */
  ids: string[];
  /** codes of service items, bundles, categories, settings keys */
  codes: string[];
};

export type SchemaOptions = {
  pools: Pools;
  /** `0` derives only values the schema allows (still with SQL and HTML inside strings); above, the weight of a hostile value at every position */
  hostility: number;
};

const MAX_DEPTH = 6;

/** Strings that the schema allows but that carry SQL, HTML or unusual Unicode. */
const textWithin = (min: number, max: number): fc.Arbitrary<string> =>
  fc
    .oneof(
      { weight: 4, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, min + 40) }) },
      {
        weight: 2,
        arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, min + 20) }),
      },
      { weight: 2, arbitrary: fc.constantFrom(...SQL_FRAGMENTS, ...HTML_FRAGMENTS) },
      { weight: 1, arbitrary: fc.constantFrom('中文测试', '李建国', '北外滩街道', '上海市虹口区') },
      { weight: 1, arbitrary: fc.constant('x'.repeat(Math.min(max, 5000))) },
    )
    .map((s) => (s.length > max ? s.slice(0, max) : s.padEnd(min, 'a')));

function stringArbitrary(schema: JsonSchema, name: string, options: SchemaOptions): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 200;
  const { pools } = options;
  if (schema.format === 'uuid' || /(^id$|Id$|Ids$)/.test(name)) {
    return fc.oneof(
      { weight: 3, arbitrary: pools.ids.length ? fc.constantFrom(...pools.ids) : fc.uuid() },
      { weight: 1, arbitrary: fc.uuid() },
    );
  }
  if (schema.format === 'date-time')
    return fc
      .date({
        min: new Date('1990-01-01T00:00:00Z'),
        max: new Date('2040-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
  if (schema.format === 'date' || /date$|Date$|^from$|^to$|^start$/.test(name))
    return fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2035-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
  if (/idNumber|IdNumber/.test(name))
    return fc.constantFrom('31010919780315241X', '310109199208263026', ...ID_NUMBERS);
  if (/phone|Phone/.test(name)) return fc.constantFrom('13900001001', '13812345678', ...PHONES);
  if (/code$|Code$|^key$/.test(name) && pools.codes.length)
    return fc.oneof(fc.constantFrom(...pools.codes), textWithin(min, max));
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= max && s.length >= min);
    } catch {
      // a pattern fast-check cannot generate from: plain text below
    }
  }
  return textWithin(min, max);
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1e6);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1e6);
  if (integer) {
    const lo = Math.max(Math.ceil(min), Number.MIN_SAFE_INTEGER);
    const hi = Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER);
    return fc.integer({ min: lo, max: Math.max(lo, hi) });
  }
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/**
 * An arbitrary of values for a JSON Schema, with a hostile value (hostile.ts) mixed in at
 * any position when `options.hostility` > 0: a field, an array item, the whole body.
 */
export function arbitraryFromSchema(
  schema: JsonSchema | undefined,
  options: SchemaOptions,
  name = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  const clean = cleanArbitrary(schema ?? {}, options, name, depth);
  if (options.hostility <= 0) return clean;
  return fc.oneof(
    { weight: 10, arbitrary: clean },
    { weight: Math.max(1, Math.round(options.hostility * 10)), arbitrary: hostileValue },
  );
}

function cleanArbitrary(
  schema: JsonSchema,
  options: SchemaOptions,
  name: string,
  depth: number,
): fc.Arbitrary<unknown> {
  if (depth > MAX_DEPTH) return fc.constant(null);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length)
    return fc.oneof(...alternatives.map((s) => arbitraryFromSchema(s, options, name, depth + 1)));
  if (schema.allOf?.length) return arbitraryFromSchema(schema.allOf[0], options, name, depth + 1);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (type.length > 1)
    return fc.oneof(...type.map((t) => cleanArbitrary({ ...schema, type: t }, options, name, depth)));
  switch (type[0]) {
    case 'string':
      return stringArbitrary(schema, name, options);
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(arbitraryFromSchema(schema.items, options, name, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, (schema.minItems ?? 0) + 5),
      });
    case 'object':
      return objectArbitrary(schema, options, depth);
    default:
      // no type: anything JSON
      return fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null));
  }
}

function objectArbitrary(schema: JsonSchema, options: SchemaOptions, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, sub] of Object.entries(properties))
    record[key] = arbitraryFromSchema(sub, options, key, depth + 1);
  const requiredKeys = Object.keys(properties).filter((k) => required.has(k));
  const base = fc.record(record, { requiredKeys });
  if (options.hostility <= 0) return base;
  // Now and then a field too few (a required one dropped) or too many (an unknown or polluting key).
  return fc.oneof(
    { weight: 8, arbitrary: base },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          base,
          fc.constantFrom('__proto__', 'constructor', 'prototype', 'unknownField', ''),
          hostileValue,
        )
        .map(([value, key, extra]) => {
          const copy = JSON.parse(JSON.stringify(value ?? {})) as Record<string, unknown>;
          Object.defineProperty(copy, key, {
            value: extra,
            enumerable: true,
            writable: true,
            configurable: true,
          });
          return copy;
        }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(base, fc.nat()).map(([value, n]) => {
        const copy = { ...(value as Record<string, unknown>) };
        const keys = Object.keys(copy);
        if (keys.length) delete copy[keys[n % keys.length]!];
        return copy;
      }),
    },
  );
}

// A small JSON Schema checker (the keywords published export schemas use, draft-04 to 2020-12),
// so tests can prove an export against its standard's schema without a validator package.
//
// Supported: type, enum, const, required, properties, additionalProperties, items, minItems,
// maxItems, uniqueItems, minLength, pattern, format (date, date-time, uri), minimum, allOf, anyOf,
// oneOf, not, and local $ref (#/$defs/… or #/definitions/…). Unknown keywords are ignored, as
// JSON Schema itself ignores them (360Giving's "codelist", "weight", "rollUp").

export type JsonSchema = { readonly [keyword: string]: unknown };
export interface SchemaError {
  readonly path: string;
  readonly message: string;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/;

const typeOf = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
};

const hasType = (value: unknown, type: string): boolean => {
  const actual = typeOf(value);
  if (type === 'integer') return actual === 'number' && Number.isInteger(value);
  return actual === type;
};

const resolve = (root: JsonSchema, ref: string): JsonSchema => {
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  const found = match ? (root[match[1]!] as Record<string, JsonSchema> | undefined)?.[match[2]!] : undefined;
  if (!found) throw new Error(`Unsupported or missing $ref ${ref}`);
  return found;
};

const checkFormat = (value: string, format: string): boolean => {
  if (format === 'date') return DATE.test(value);
  if (format === 'date-time') return DATE_TIME.test(value);
  if (format === 'uri') return URI.test(value);
  return true;
};

const check = (root: JsonSchema, schema: JsonSchema, value: unknown, path: string, errors: SchemaError[]): void => {
  const fail = (message: string): void => {
    errors.push({ path: path || '/', message });
  };
  if (typeof schema.$ref === 'string') check(root, resolve(root, schema.$ref), value, path, errors);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => hasType(value, t))) return fail(`must be ${types.join(' or ')}, got ${typeOf(value)}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((v) => v === value)) fail(`must be one of ${schema.enum.map(String).join(', ')}`);
  if ('const' in schema && schema.const !== value) fail(`must be ${String(schema.const)}`);
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) fail(`must be at least ${schema.minLength} characters`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) fail(`must match ${schema.pattern}`);
    if (typeof schema.format === 'string' && !checkFormat(value, schema.format)) fail(`must be a ${schema.format}`);
  }
  if (typeof value === 'number' && typeof schema.minimum === 'number' && value < schema.minimum) fail(`must be at least ${schema.minimum}`);
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail(`must have at least ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail(`must have at most ${schema.maxItems} items`);
    if (schema.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) fail('must not repeat items');
    if (schema.items && typeof schema.items === 'object') value.forEach((item, i) => check(root, schema.items as JsonSchema, item, `${path}/${i}`, errors));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    for (const name of (schema.required as string[] | undefined) ?? []) if (!(name in object)) fail(`must have ${name}`);
    const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
    for (const [name, child] of Object.entries(object)) {
      if (properties[name]) check(root, properties[name], child, `${path}/${name}`, errors);
      else if (schema.additionalProperties === false) fail(`must not have ${name}`);
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') check(root, schema.additionalProperties as JsonSchema, child, `${path}/${name}`, errors);
    }
  }
  const passes = (sub: JsonSchema) => validateAgainst(root, sub, value).length === 0;
  for (const sub of (schema.allOf as JsonSchema[] | undefined) ?? []) check(root, sub, value, path, errors);
  if (Array.isArray(schema.anyOf) && !(schema.anyOf as JsonSchema[]).some(passes)) fail('must match at least one of anyOf');
  if (Array.isArray(schema.oneOf) && (schema.oneOf as JsonSchema[]).filter(passes).length !== 1) fail('must match exactly one of oneOf');
  if (schema.not && typeof schema.not === 'object' && passes(schema.not as JsonSchema)) fail('must not match "not"');
};

const validateAgainst = (root: JsonSchema, schema: JsonSchema, value: unknown): SchemaError[] => {
  const errors: SchemaError[] = [];
  check(root, schema, value, '', errors);
  return errors;
};

/** Every way `value` breaks `schema`; empty when it conforms. */
export const validateJson = (schema: JsonSchema, value: unknown): SchemaError[] => validateAgainst(schema, schema, value);

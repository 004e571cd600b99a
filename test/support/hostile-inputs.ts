// fast-check arbitraries for what a hostile caller sends: values no field accepts, keys that pollute
// prototypes, deep nesting, oversized and malformed bodies, hostile path segments, queries and headers.
import fc from 'fast-check';

/** Percent-encodes every UTF-8 byte (a lone surrogate becomes U+FFFD's bytes, as any client sends it). */
const encode = (value: string) => [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** Strings that are wrong for any field: hidden characters, lone surrogates, injections, or far too long. */
const hostileString = fc.oneof(
  fc.constantFrom(
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\u202eevil',
    '\u2066iso\u2069',
    '\u001b[31mred',
    '\u0085',
    "' OR 1=1 --",
    '${jndi:ldap://x}',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '%00',
    '\\u0000',
    '🏳️‍🌈'.repeat(3000),
  ),
  fc.string({ minLength: 5_000, maxLength: 20_000 }).map((s) => `\u0000${s}`),
);

/** Numbers no pence, capacity or count field takes. */
const hostileNumber = fc.oneof(
  fc.constantFrom(-1, 0.5, -0.0001, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 64, 1e21, 123.456),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
);

const deep = (depth: number, leaf: unknown): unknown => {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
};

/** A value of the wrong shape for a field, whatever the field is. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString.map((s) => ({ s })),
  hostileNumber,
  fc.constantFrom(null, true, false, [], {}, [[[]]], { $gt: '' }, { __proto__: { admin: true } }),
  fc.integer({ min: 50, max: 400 }).map((depth) => deep(depth, 'x')),
  fc.array(fc.anything({ maxDepth: 2 }), { minLength: 1, maxLength: 5 }),
);

/** Strings (one per field): what a string field must refuse when it is a free-text, id, date or enum field. */
export const hostileText = hostileString;

/** Keys that pollute prototypes or smuggle operators, added beside the real ones. */
export const pollutingKey = fc.constantFrom('__proto__', 'constructor', 'prototype', '$where', 'toString', 'hasOwnProperty', '');

/** Raw bodies that are not the JSON object a route wants: broken, oversized, deeply nested, of another type. */
export const rawBody = fc.oneof(
  fc.constantFrom('{', '{"a":', '[]', 'null', '"text"', '42', '{"a":1}{"b":2}', '\u0000', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}', '1e999'),
  fc.constant(`{"name":"${'x'.repeat(70 * 1024)}"}`),
  fc.integer({ min: 1_000, max: 10_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.integer({ min: 1_000, max: 5_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  fc.string({ maxLength: 200 }),
);

/** Path segments where an id belongs. */
export const hostileSegment = fc.oneof(
  fc.constantFrom('', ' ', '..', '%2e%2e', '%2F', '%00', 'fund_', 'FUND#x', 'ref_01JF0000000000000000000000%00', 'org_' + 'Z'.repeat(300), '%E0%A4%A', '%uD800', '*', 'null', 'undefined', '__proto__'),
  fc.string({ minLength: 1, maxLength: 80 }).map(encode),
);

/** Query strings: known parameters with hostile values, unknown ones, duplicates, junk encodings. */
export const hostileQuery = (known: readonly string[]) =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...(known.length ? known : ['limit'])), fc.oneof(hostileString, fc.constantFrom('0x10', '1e2', '-5', '0', '201', '1.5', 'NaN', '%', '%zz'))).map(
      ([k, v]) => `${k}=${v.startsWith('%') ? v : encode(v)}`,
    ),
    fc.constantFrom(...(known.length ? known : ['limit'])).map((k) => `${k}=1&${k}=2&${k}[]=3`),
    fc.constantFrom('__proto__[admin]=1', 'constructor[prototype][admin]=1', 'unknown=1', '=', '&&&', 'a=%E0%A4%A'),
  );

/** Header sets that are wrong: missing or duplicated content types, hostile keys, bad authorisation shapes. */
export const hostileHeaders = fc.oneof(
  fc.constantFrom<Record<string, string>>(
    { 'content-type': 'text/plain' },
    { 'content-type': 'application/json, text/plain' },
    { 'content-type': 'application/x-www-form-urlencoded' },
    { 'content-type': 'multipart/form-data; boundary=x' },
    { 'idempotency-key': 'one, two' },
    { 'idempotency-key': '' },
    { 'idempotency-key': 'k'.repeat(300) },
    { 'idempotency-key': 'naïve' },
    { authorization: 'Bearer' },
    { authorization: 'Basic YWRtaW46YWRtaW4=' },
    { authorization: 'Bearer a.b.c' },
    { authorization: 'Bearer x, Bearer y' },
    { 'x-request-id': '../../<script>' },
  ),
);

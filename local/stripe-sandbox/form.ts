// Decodes Stripe's form-encoded request bodies (bracket notation) into plain nested values, as Rack does.
//
// The SDK sends `metadata[fund]=x`, `capabilities[transfers][requested]=true` and arrays as
// `expand[0]=a&expand[1]=b`; curl users also send `expand[]=a`. Rules followed (Rack's, which is
// what Stripe's API runs on):
//   - a repeated plain key keeps its last value;
//   - `key[]` appends to an array;
//   - a hash whose keys are all integers becomes an array ordered by index;
//   - using one key both as a scalar and as a hash is a 400, never a silent merge.

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormParams = { [key: string]: FormValue };

export class FormDecodeError extends Error {
  override readonly name = 'FormDecodeError';
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 12;
// Keys that would reach Object.prototype if we ever used plain objects carelessly.
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

type Node = string | Node[] | Map<string, Node>;

export function decodeForm(body: string): FormParams {
  const root = new Map<string, Node>();
  if (body.trim() === '') return {};
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const key = decodeComponent(rawKey);
    const value = decodeComponent(rawValue);
    assign(root, splitKey(key), value, key);
  }
  return toPlain(root) as FormParams;
}

/** Encodes the other way, in the SDK's format (indexed arrays, brackets left readable). */
export function encodeForm(params: Record<string, unknown>): string {
  const pairs: string[] = [];
  const encode = (key: string, value: unknown): void => {
    if (value === undefined) return;
    if (value === null || typeof value !== 'object') {
      pairs.push(`${escapeKey(key)}=${encodeURIComponent(value === null ? '' : String(value))}`);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => encode(`${key}[${index}]`, item));
      return;
    }
    for (const [child, item] of Object.entries(value)) encode(`${key}[${child}]`, item);
  };
  for (const [key, value] of Object.entries(params)) encode(key, value);
  return pairs.join('&');
}

function escapeKey(key: string): string {
  return encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']');
}

function decodeComponent(raw: string): string {
  const spaced = raw.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    throw new FormDecodeError(`Invalid URL encoding in request body: ${raw.slice(0, 40)}`, raw);
  }
}

/** `a[b][0][]` → ['a', 'b', '0', ''] */
export function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const parts = [key.slice(0, open)];
  const rest = key.slice(open);
  const matcher = /\[([^\][]*)\]/g;
  let consumed = 0;
  for (let match = matcher.exec(rest); match; match = matcher.exec(rest)) {
    if (match.index !== consumed) break;
    parts.push(match[1] ?? '');
    consumed = match.index + match[0].length;
  }
  // Anything after the last well-formed bracket (e.g. `a[b]c`) is treated as part of the name, as Rack does.
  if (consumed !== rest.length) return [key];
  return parts;
}

function assign(container: Map<string, Node>, path: string[], value: string, fullKey: string): void {
  if (path.length > MAX_DEPTH) throw new FormDecodeError(`Parameter nesting too deep: ${fullKey}`, fullKey);
  const [head, ...tail] = path;
  if (head === undefined) return;
  if (FORBIDDEN_KEYS.has(head)) throw new FormDecodeError(`Invalid parameter name: ${fullKey}`, fullKey);
  if (tail.length === 0) {
    const existing = container.get(head);
    if (existing !== undefined && typeof existing !== 'string') throw conflict(fullKey);
    container.set(head, value);
    return;
  }
  const [next] = tail;
  if (next === '') {
    let list = container.get(head);
    if (list === undefined) {
      list = [];
      container.set(head, list);
    }
    if (!Array.isArray(list)) throw conflict(fullKey);
    appendToList(list, tail.slice(1), value, fullKey);
    return;
  }
  let child = container.get(head);
  if (child === undefined) {
    child = new Map<string, Node>();
    container.set(head, child);
  }
  if (!(child instanceof Map)) throw conflict(fullKey);
  assign(child, tail, value, fullKey);
}

function appendToList(list: Node[], rest: string[], value: string, fullKey: string): void {
  if (rest.length === 0) {
    list.push(value);
    return;
  }
  // `items[][price]=a&items[][quantity]=1`: start a new hash when the last one already has this key.
  const last = list[list.length - 1];
  const head = rest[0] ?? '';
  if (last instanceof Map && !last.has(head)) {
    assign(last, rest, value, fullKey);
    return;
  }
  const fresh = new Map<string, Node>();
  assign(fresh, rest, value, fullKey);
  list.push(fresh);
}

function conflict(fullKey: string): FormDecodeError {
  return new FormDecodeError(`Invalid value for ${fullKey}: a parameter cannot be both a value and a hash.`, fullKey);
}

function toPlain(node: Node): FormValue {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map(toPlain);
  const keys = [...node.keys()];
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map((k) => [Number(k), node.get(k) as Node] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, v]) => toPlain(v));
  }
  const out: { [key: string]: FormValue } = {};
  for (const [k, v] of node) out[k] = toPlain(v);
  return out;
}

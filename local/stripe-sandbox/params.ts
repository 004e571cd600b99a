// Parameter checks shared by the endpoints, each answering Stripe's own 400 when a parameter is wrong.
import { errors, type ApiResult } from './errors.js';
import type { FormParams, FormValue } from './form.js';

/** Thrown by the checks below; the endpoint answers its `result`. */
export class ParamError extends Error {
  constructor(readonly result: ApiResult) {
    super('invalid parameters');
  }
}

export function rejectUnknown(params: FormParams, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) throw new ParamError(errors.unknownParam(key));
  }
}

export function optionalString(params: FormParams, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ParamError(errors.invalidParam(name, `Invalid string: ${describe(value)}`));
  return value;
}

export function requiredString(params: FormParams, name: string): string {
  const value = optionalString(params, name);
  if (value === undefined || value === '') throw new ParamError(errors.missingParam(name));
  return value;
}

export function optionalInteger(params: FormParams, name: string, min: number): number | undefined {
  const raw = optionalString(params, name);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw)) throw new ParamError(errors.invalidInteger(name, raw));
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new ParamError(errors.invalidInteger(name, raw));
  if (value < min) {
    throw new ParamError(errors.invalidParam(name, `This value must be greater than or equal to ${min}.`));
  }
  return value;
}

export function requiredInteger(params: FormParams, name: string, min: number): number {
  const value = optionalInteger(params, name, min);
  if (value === undefined) throw new ParamError(errors.missingParam(name));
  return value;
}

export function optionalBoolean(params: FormParams, name: string, path = name): boolean | undefined {
  const raw = params[name];
  if (raw === undefined) return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new ParamError(errors.invalidParam(path, `Invalid boolean: ${describe(raw)}`));
}

export function optionalHash(params: FormParams, name: string, path = name): FormParams | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' || Array.isArray(value)) {
    throw new ParamError(errors.invalidParam(path, `Invalid object`));
  }
  return value;
}

/** Stripe's metadata limits: up to 50 keys, keys up to 40 characters, values up to 500 characters. */
export function metadata(params: FormParams): Record<string, string> {
  const hash = optionalHash(params, 'metadata');
  if (!hash) return {};
  const out: Record<string, string> = {};
  const entries = Object.entries(hash);
  if (entries.length > 50) {
    throw new ParamError(errors.invalidParam('metadata', 'Invalid metadata: metadata cannot have more than 50 keys'));
  }
  for (const [key, value] of entries) {
    if (typeof value !== 'string') {
      throw new ParamError(errors.invalidParam(`metadata[${key}]`, 'Invalid metadata: values must be strings'));
    }
    if (key.length > 40) {
      throw new ParamError(
        errors.invalidParam(`metadata[${key}]`, 'Invalid metadata: keys can be at most 40 characters long'),
      );
    }
    if (value.length > 500) {
      throw new ParamError(
        errors.invalidParam(`metadata[${key}]`, 'Invalid metadata: values can be at most 500 characters long'),
      );
    }
    // An empty value unsets the key, as on Stripe.
    if (value !== '') out[key] = value;
  }
  return out;
}

export function httpUrl(params: FormParams, name: string): string {
  const value = requiredString(params, name);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ParamError(errors.invalidParam(name, `Not a valid URL`));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ParamError(errors.invalidParam(name, `Not a valid URL`));
  }
  return value;
}

/** The list endpoints' `limit`: 1 to 100, default 10. */
export function listLimit(query: URLSearchParams): number {
  const raw = query.get('limit');
  if (raw === null) return 10;
  if (!/^\d+$/.test(raw)) throw new ParamError(errors.invalidInteger('limit', raw));
  const value = Number(raw);
  if (value < 1 || value > 100) {
    throw new ParamError(errors.invalidParam('limit', 'This value must be between 1 and 100 (inclusive).'));
  }
  return value;
}

function describe(value: FormValue): string {
  return typeof value === 'string' ? value : Array.isArray(value) ? 'array' : 'hash';
}

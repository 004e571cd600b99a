// Stripe's `created` filter on list endpoints: an exact Unix time in seconds, or a range of any of gt, gte, lt and lte.
//
//   created=1700000000                         only objects created in that second
//   created[gte]=1700000000&created[lt]=…      the bounds given, each inclusive (gte, lte) or exclusive (gt, lt)
//
// A bound that is not an integer is Stripe's 400 parameter_invalid_integer naming it (`created[gte]`);
// any other key is 400 parameter_unknown.
import { errors } from './errors.js';
import type { FormParams } from './form.js';
import { ParamError } from './params.js';

const BOUNDS = {
  gt: (created: number, bound: number) => created > bound,
  gte: (created: number, bound: number) => created >= bound,
  lt: (created: number, bound: number) => created < bound,
  lte: (created: number, bound: number) => created <= bound,
} as const;

const integer = (raw: unknown, param: string): number => {
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw new ParamError(errors.invalidInteger(param, text));
  return Number(raw);
};

/** Whether an object's `created` (Unix seconds) passes the request's `created` filter; everything passes without one. */
export function createdFilter(params: FormParams): (created: number) => boolean {
  const raw = params.created;
  if (raw === undefined || raw === '') return () => true;
  if (typeof raw === 'string' || Array.isArray(raw)) {
    const exact = integer(raw, 'created');
    return (created) => created === exact;
  }
  const checks: ((created: number) => boolean)[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.hasOwn(BOUNDS, key)) throw new ParamError(errors.unknownParam(`created[${key}]`));
    const bound = integer(value, `created[${key}]`);
    const passes = BOUNDS[key as keyof typeof BOUNDS];
    checks.push((created) => passes(created, bound));
  }
  return (created) => checks.every((check) => check(created));
}

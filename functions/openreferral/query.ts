// The query parameters of the Open Referral UK API, checked once: the profile's paging and filters.
// Parameters the profile defines for data we do not hold (ages, times, days) are accepted and ignored.
import { isValid, toOutcode, validOutcode } from 'postcode';
import * as z from 'zod';
import { AppError } from '../../shared/domain/errors.js';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from '../../shared/domain/exports/oruk-query.js';

const whole = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

export const PagingQuery = z.object({
  page: whole('page', 1, 1_000_000).default(1),
  per_page: whole('per_page', 1, MAX_PER_PAGE).default(DEFAULT_PER_PAGE),
});

export const ServiceQuery = PagingQuery.extend({
  search: z.string().max(200, 'search must be at most 200 characters').optional(),
  taxonomy_term_id: z.string().max(64).optional(),
  taxonomy_id: z.string().max(64).optional(),
  // A full postcode or a district, read as its district: `ME4 4QU` and `me4` → `ME4`.
  postcode: z
    .string()
    .trim()
    .max(10, 'postcode must be a UK postcode or postcode district, such as ME4 4QU or ME4')
    .transform((value, ctx) => {
      const upper = value.toUpperCase();
      const district = isValid(upper) ? toOutcode(upper) : validOutcode(upper) ? upper : null;
      if (!district) ctx.addIssue({ code: 'custom', message: 'postcode must be a UK postcode or postcode district, such as ME4 4QU or ME4' });
      return district ?? '';
    })
    .optional(),
  // Metres from the postcode's centre, as the profile defines it.
  proximity: whole('proximity', 0, 1_000_000).optional(),
});

export type ServiceQuery = z.infer<typeof ServiceQuery>;

/** Parses the query, or refuses it with a problem naming each parameter that is wrong. */
export const parseQuery = <T extends z.ZodType>(schema: T, query: Record<string, string>): z.infer<T> => {
  const result = schema.safeParse(query);
  if (result.success) return result.data as z.infer<T>;
  const errors = result.error.issues.map((issue) => ({ path: `/${issue.path.map(String).join('/')}`, message: issue.message }));
  throw new AppError('validation_failed', errors.map((e) => e.message).join('; '), { errors });
};

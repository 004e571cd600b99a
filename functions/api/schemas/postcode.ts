// UK postcodes at the edge: a full postcode stored in its normal form, and a postcode or district to measure from.
import { z } from '@hono/zod-openapi';
import { isValid, toNormalised, toOutcode, validOutcode } from 'postcode';

/** A full UK postcode, stored in its normal form (`me44qu` → `ME4 4QU`). */
export const PostcodeSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const normal = isValid(value) ? toNormalised(value) : null;
    if (!normal) {
      ctx.addIssue({ code: 'custom', message: 'Enter a full UK postcode, such as ME4 4QU' });
      return z.NEVER;
    }
    return normal;
  })
  .openapi({ type: 'string', example: 'ME4 4QU' });

/** A full postcode or a district on its own, read as its district: `ME4 4QU` and `me4` → `ME4`. */
export const DistrictSchema = z
  .string()
  .trim()
  .max(10)
  .transform((value, ctx) => {
    const upper = value.toUpperCase();
    const district = isValid(upper) ? toOutcode(upper) : validOutcode(upper) ? upper : null;
    if (!district) {
      ctx.addIssue({ code: 'custom', message: 'Enter a UK postcode or district, such as ME4 4QU or ME4' });
      return z.NEVER;
    }
    return district;
  })
  .openapi({ type: 'string', example: 'ME4' });

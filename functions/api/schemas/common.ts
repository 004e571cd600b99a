// Schemas every resource shares: problems, pages, ids, money, dates and text free of NHS numbers.
import { z } from '@hono/zod-openapi';
import { ERROR_STATUS } from '../../../shared/domain/errors.js';
import { containsNhsNumber } from '../../../shared/domain/nhs-number.js';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]]),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const NO_NHS_NUMBER = 'must not contain an NHS number: use a pseudonymous reference';

// Characters no one types into a form and that change what a reader or a log sees: control
// characters other than tab and line breaks, direction overrides and isolates (text that reads
// differently from how it is stored), the byte-order mark and zero-width space, noncharacters.
const HIDDEN_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]/;

// With the `u` flag a surrogate range matches only surrogates that are not half of a pair.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** Text that is well-formed UTF-16 (no lone surrogates) and free of hidden characters. */
export const isPlainText = (value: string): boolean => !LONE_SURROGATE.test(value) && !HIDDEN_CHARACTERS.test(value);

const PLAIN_TEXT = 'must be plain text: no control, direction-changing or invisible characters';

/** Free text that must never carry a resident's NHS number, nor characters that hide what it says. */
export const safeText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(isPlainText, { message: PLAIN_TEXT })
    .refine((value) => !containsNhsNumber(value), { message: NO_NHS_NUMBER });

export const optionalSafeText = (max: number) => safeText(max).optional();

export const PenceSchema = z.number().int().nonnegative().max(100_000_000_000).openapi({ example: 30_000_000 });

export const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written as YYYY-MM-DD, such as 2026-11-23')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
    message: 'must be a real calendar date',
  })
  .openapi({ example: '2026-11-23' });

export const TimestampSchema = z.string().datetime({ offset: true }).openapi({ example: '2026-11-23T10:15:00Z' });

/** An id of one kind as this API issues them: the prefix and a ULID. Nothing else reaches a key. */
export const idString = (prefix: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`), `must be an id starting ${prefix}_`)
    .openapi({ example: `${prefix}_01JF0000000000000000000000` });

export const idParam = (prefix: string) =>
  z.object({
    id: idString(prefix).openapi({ param: { name: 'id', in: 'path' } }),
  });

/** A page size written as a plain decimal number (not `0x10`, `1e2` or `+5`), 1 to 200. */
const PageLimit = z
  .string()
  .regex(/^[1-9]\d{0,2}$/, 'must be a whole number from 1 to 200')
  .transform(Number)
  .pipe(z.number().int().min(1).max(200))
  .optional()
  .transform((limit) => limit ?? 50);

/** Paging for every list. Strict: a query parameter the route does not know is refused, not ignored. */
export const PageQuery = z.strictObject({
  limit: PageLimit.openapi({ param: { name: 'limit', in: 'query' }, type: 'integer', minimum: 1, maximum: 200, default: 50 }),
  cursor: z.string().max(2048).regex(/^[A-Za-z0-9_-]*$/, 'must be a cursor this API issued').optional().openapi({ param: { name: 'cursor', in: 'query' } }),
});

export const pageOf = <T extends z.ZodTypeAny>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** The error responses most routes can give, for the OpenAPI document. */
export const commonErrors = {
  400: problem('The request is not valid (validation_failed)'),
  401: problem('No valid bearer token (unauthenticated)'),
  403: problem('The caller’s role cannot do this (forbidden)'),
  404: problem('Not found, or not visible to the caller (not_found)'),
  413: problem('Body over 64 KiB (payload_too_large)'),
  415: problem('Body is not JSON (unsupported_media_type)'),
  422: problem('Idempotency-Key reused with another body (idempotency_conflict)'),
  500: problem('Unexpected failure (internal)'),
} as const;

export const conflict = (codes: string) => ({ 409: problem(codes) });

export const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

export const jsonResponse = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** For actions that take no body: none, or `{}`; anything else is refused like any unknown field. */
export const noBody = {
  body: { required: false, content: { 'application/json': { schema: z.strictObject({}).openapi('NoBody') } } },
};

/** A code field that can never smuggle in an NHS number. */
export const codeWithoutNhsNumber = (pattern: RegExp, message: string) =>
  z
    .string()
    .regex(pattern, message)
    .refine((value) => !containsNhsNumber(value), { message: NO_NHS_NUMBER });

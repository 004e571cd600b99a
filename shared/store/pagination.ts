// Opaque list cursors: DynamoDB's LastEvaluatedKey, base64url-encoded, checked on the way back in.
import { AppError } from '../domain/errors.js';
import { KEY_ATTRIBUTES } from './keys.js';

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export const encodeCursor = (key: Record<string, unknown> | undefined): string | null =>
  key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;

export const invalidCursor = (cause?: unknown) =>
  new AppError('validation_failed', 'The cursor is not one this API issued.', { cause, errors: [{ path: '/cursor', message: 'Unrecognised cursor' }] });

export const decodeCursor = (cursor: string | undefined): Record<string, unknown> | undefined => {
  if (!cursor) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const entries = Object.entries(parsed as Record<string, unknown>);
      if (entries.length > 0 && entries.every(([k, v]) => KEY_ATTRIBUTES.has(k) && typeof v === 'string')) return parsed as Record<string, unknown>;
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw invalidCursor();
};

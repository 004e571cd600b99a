// The store's entity layer: an item kind is its `entity` name and a codec; reading one decodes it or names the damage.
import { safeParse } from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { STORAGE_ATTRIBUTES, type Key } from './keys.js';

export interface Entity<T> {
  /** The `entity` attribute every item of this kind carries. */
  readonly kind: string;
  /** Any zod schema, classic or zod/mini: both are built on zod's core. */
  readonly codec: $ZodType<T>;
}

export const entity = <T>(kind: string, codec: $ZodType<T>): Entity<T> => ({ kind, codec });

/**
 * An item read from the table is not what its kind requires (a missing or mistyped attribute). It is
 * deliberately not an AppError: the web layer logs it with the request id and answers a generic 500
 * `internal`, so the damage is found in the logs and nothing about the table reaches a client.
 */
export class CorruptItemError extends Error {
  override readonly name = 'CorruptItemError';
  constructor(
    readonly kind: string,
    readonly key: Key | undefined,
    readonly problems: readonly string[],
    options: { cause?: unknown } = {},
  ) {
    super(`Corrupt ${kind} item${key ? ` at ${key.pk} / ${key.sk}` : ''}: ${problems.join('; ')}`, options);
  }
}

const keyOf = (item: Record<string, unknown>): Key | undefined =>
  typeof item.pk === 'string' && typeof item.sk === 'string' ? { pk: item.pk, sk: item.sk } : undefined;

/** Key and index attributes removed, then the rest parsed by the kind's codec. */
export const decode = <T>(kind: Entity<T>, item: Record<string, unknown>): T => {
  const fields: Record<string, unknown> = { ...item };
  for (const name of STORAGE_ATTRIBUTES) delete fields[name];
  const parsed = safeParse(kind.codec, fields);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`);
  throw new CorruptItemError(kind.kind, keyOf(item), problems, { cause: parsed.error });
};

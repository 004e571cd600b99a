// Idempotency-Key on every POST, persisted in DynamoDB by Powertools idempotency.
//
// The key is scoped to the caller, so two users can never collide. The request's fingerprint (its
// method, path and body) is the payload Powertools validates: the same key with the same request
// replays the stored response (status and body, marked Idempotent-Replayed); the same key with
// another method, path or body is 422 idempotency_conflict, as Stripe answers a key reused on
// another endpoint. (Scoping the key by path would let one key run a second action elsewhere.)
// Only outcomes of work that ran are stored (2xx and the 409/422 business refusals), as Stripe
// does; a request refused before it ran (bad input, auth) or that failed (5xx) can be retried.
import { createHash } from 'node:crypto';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../../shared/domain/errors.js';
import type { AppEnv } from '../../runtime/env.js';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
const REQUEST_TIMEOUT_MS = 30_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

interface StoredResponse {
  status: number;
  contentType: string;
  body: string;
  location?: string | undefined;
}

interface IdempotentRequest {
  scope: string;
  fingerprint: string;
}

/** Carries a response that must not be stored; Powertools deletes the record when this is thrown. */
class NotStored extends Error {
  override readonly name = 'NotStored';
  constructor(readonly response: Response) {
    super('response not stored for replay');
  }
}

const isStored = (status: number) => (status >= 200 && status < 300) || status === 409 || status === 422;

/**
 * The largest response body kept for replay. DynamoDB refuses an item over 400 KB, and a record that
 * cannot be saved would turn work that succeeded into a 500 and lock its key. Only a payment run of
 * more than about 1,500 lines answers with more (drafting, approving, retrying its lines), and each of
 * those is a state change its own rules make safe to send again (a second approval is 409
 * invalid_transition; drafting again resumes or finds nothing open), so such a response is answered
 * and not kept.
 */
export const MAX_STORED_RESPONSE_BYTES = 300_000;

export const idempotency = (persistenceStore: BasePersistenceLayer): MiddlewareHandler<AppEnv> => {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'scope',
    payloadValidationJmesPath: 'fingerprint',
    expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
    hashFunction: 'sha256',
    responseHook: (response) => ({ ...(response as unknown as StoredResponse), replayed: true }),
  });
  // No Lambda context here: a request that crashed mid-way leaves its key "in progress" for at
  // most the API's 30 s timeout, after which a retry may run it again.
  config.registerLambdaContext({ getRemainingTimeInMillis: () => REQUEST_TIMEOUT_MS } as Context);
  const run = makeIdempotent(
    async (_request: IdempotentRequest, handle: () => Promise<StoredResponse>) => handle(),
    { persistenceStore, config },
  );

  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (!KEY_PATTERN.test(key)) {
      throw new AppError('validation_failed', 'Idempotency-Key must be 1 to 255 visible ASCII characters.', {
        errors: [{ path: 'header:Idempotency-Key', message: 'Invalid key' }],
      });
    }
    const body = await c.req.text();
    const principal = c.get('principal');
    const request: IdempotentRequest = {
      scope: `${principal?.sub ?? 'anonymous'} ${key}`,
      fingerprint: createHash('sha256').update(`${c.req.method}\n${c.req.path}\n${body}`).digest('hex'),
    };
    let stored: (StoredResponse & { replayed?: boolean }) | undefined;
    try {
      stored = await run(request, async () => {
        await next();
        const response = c.res;
        if (!isStored(response.status)) throw new NotStored(response);
        const text = await response.clone().text();
        if (Buffer.byteLength(text) > MAX_STORED_RESPONSE_BYTES) throw new NotStored(response);
        const location = response.headers.get('location');
        return {
          status: response.status,
          contentType: response.headers.get('content-type') ?? 'application/json',
          body: text,
          ...(location ? { location } : {}),
        };
      });
    } catch (error) {
      if (error instanceof NotStored) return;
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof NotStored) return;
      if (error instanceof IdempotencyValidationError) {
        throw new AppError('idempotency_conflict', 'This Idempotency-Key was already used for a different request (another method, path or body).', { cause: error });
      }
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new AppError('idempotency_key_in_use', 'A request with this Idempotency-Key is still in progress; retry shortly.', { cause: error });
      }
      throw error;
    }
    if (stored.replayed) {
      c.res = new Response(stored.body, {
        status: stored.status,
        headers: {
          'Content-Type': stored.contentType,
          'Idempotent-Replayed': 'true',
          ...(stored.location ? { Location: stored.location } : {}),
        },
      });
    }
  };
};

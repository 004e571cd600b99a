// A signed webhook body read into the product's event shape, or named as malformed (signed, yet not an event we can apply).
import type Stripe from 'stripe';
import { signatureInvalid } from './errors.js';

/** The two endpoints Stripe sends to, each with its own signing secret. */
export type WebhookEndpoint = 'connect' | 'account';

export interface StripeWebhookEvent {
  id: string;
  type: string;
  /** Which endpoint's secret signed it. */
  endpoint: WebhookEndpoint;
  /** The connected account the event is about, for Connect events (e.g. account.updated); else null. */
  connectedAccountId: string | null;
  created: number;
  livemode: boolean;
  /** The API version the endpoint rendered the event in. */
  apiVersion: string | null;
  data: { object: Record<string, unknown>; previousAttributes: Record<string, unknown> | null };
}

export type VerifiedWebhook =
  | { readonly kind: 'event'; readonly event: StripeWebhookEvent }
  /** Signed by Stripe's secret, but not something that can be applied: `id` is null when it has none. */
  | { readonly kind: 'malformed'; readonly id: string | null; readonly type: string | null; readonly endpoint: WebhookEndpoint; readonly reason: string };

/**
 * How far ahead of our clock a signature's timestamp may be. Stripe's libraries check only age
 * (300 s); a timestamp from the future is either a badly wrong clock or a signature made to be
 * replayed later, so beyond this skew it is refused like a bad signature. Stripe signs each
 * delivery afresh, so a genuine event is simply accepted on its next attempt.
 */
export const FUTURE_SKEW_SECONDS = 300;
/** Stripe's own default: an older signature may be a replay. */
export const TOLERANCE_SECONDS = 300;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Refuses a signature whose timestamp is further in the future than FUTURE_SKEW_SECONDS. */
export const assertNotFromTheFuture = (signature: string, receivedAtMs: number): void => {
  const timestamp = Number(/(?:^|,)t=(\d+)/.exec(signature)?.[1]);
  if (Number.isFinite(timestamp) && timestamp - Math.floor(receivedAtMs / 1000) > FUTURE_SKEW_SECONDS) {
    throw signatureInvalid('The Stripe signature is dated in the future; check the clocks.');
  }
};

/** Reads what the SDK parsed (it checks only the signature) into an event, or says why it cannot be applied. */
export const readWebhookEvent = (parsed: Stripe.Event | unknown, endpoint: WebhookEndpoint): VerifiedWebhook => {
  const body = isObject(parsed) ? parsed : {};
  const id = typeof body.id === 'string' && body.id.length > 0 ? body.id : null;
  const type = typeof body.type === 'string' && body.type.length > 0 ? body.type : null;
  const malformed = (reason: string): VerifiedWebhook => ({ kind: 'malformed', id, type, endpoint, reason });
  if (!id) return malformed('the event has no id');
  if (!type) return malformed('the event has no type');
  if (!isObject(body.data)) return malformed('the event has no data');
  if (!isObject(body.data.object)) return malformed('the event has no data.object');
  if (typeof body.created !== 'number' || typeof body.livemode !== 'boolean') return malformed('the event has no created time or livemode');
  const previous = body.data.previous_attributes;
  return {
    kind: 'event',
    event: {
      id,
      type,
      endpoint,
      connectedAccountId: typeof body.account === 'string' ? body.account : null,
      created: body.created,
      livemode: body.livemode,
      apiVersion: typeof body.api_version === 'string' ? body.api_version : null,
      data: { object: body.data.object, previousAttributes: isObject(previous) ? previous : null },
    },
  };
};

// The Stripe Connect sandbox's public surface: start it, steer it, sign events for it.
export { SANDBOX_API_VERSION, startStripeSandbox } from './sandbox.js';
export type { StripeSandbox, StripeSandboxOptions } from './sandbox.js';
export { FAILURE_KINDS } from './faults.js';
export type { FailNextOptions, FailureKind } from './faults.js';
export { signPayload } from './webhooks.js';
export type { WebhookDelivery, WebhookEndpointKind } from './webhooks.js';
export { decodeForm, encodeForm, FormDecodeError } from './form.js';
export type { FormParams, FormValue } from './form.js';
export type { AccountObject, BalanceTransactionObject, EventObject, PayoutObject, ReversalObject, TransferObject } from './state.js';

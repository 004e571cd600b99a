// The local Stripe sandbox's idempotency, as Stripe documents it: replays, conflicts, keys in use, lost
// answers and timeouts, through the real SDK and the project's gateway (which must never pay twice).
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { deadlineIn } from '../../shared/retry/retry.js';
import { StripeGatewayError } from '../../shared/stripe/gateway.js';
import { rejectionOf, useSandbox } from '../support/stripe-sandbox-kit.js';
describe('Class: StripeSandbox (idempotency and retries)', () => {
  const kit = useSandbox();

  it('replays the same transfer for the same key and parameters', async () => {
    // Prepare
    const destination = await kit.onboardedAccount();
    const group = kit.newGroup();
    const input = { amountPence: 700, destination, transferGroup: group, metadata: { line: 'l1' }, idempotencyKey: `${group}-l1` };
    const before = kit.sandbox.balance();

    // Act
    const first = await kit.gateway.createTransfer(input);
    const second = await kit.gateway.createTransfer(input);

    // Assess
    expect(second).toEqual({ id: first.id, replayed: true });
    expect(kit.transfersIn(group)).toHaveLength(1);
    expect(kit.sandbox.balance()).toBe(before - 700);
  });

  it('refuses the same key with different parameters with idempotency_error', async () => {
    // Prepare
    const destination = await kit.onboardedAccount();
    const group = kit.newGroup();
    await kit.gateway.createTransfer({ amountPence: 700, destination, transferGroup: group, metadata: {}, idempotencyKey: `${group}-k` });

    // Act
    const raw = await rejectionOf(
      kit.sdk().transfers.create({ amount: 701, currency: 'gbp', destination, transfer_group: group }, { idempotencyKey: `${group}-k` }),
    );
    const translated = await rejectionOf(
      kit.gateway.createTransfer({ amountPence: 701, destination, transferGroup: group, metadata: {}, idempotencyKey: `${group}-k` }),
    );

    // Assess
    expect(raw).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(raw).toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });
    // Something already exists under the key, so the gateway does not call this a clean failure.
    expect(translated).toMatchObject({ reason: 'idempotency_error', definitive: false });
    expect(kit.transfersIn(group)).toHaveLength(1);
  });

  it('answers 409 idempotency_key_in_use while the first request with a key is still running', async () => {
    // Prepare
    const destination = await kit.onboardedAccount();
    const group = kit.newGroup();
    const params = { amount: 300, currency: 'gbp', destination, transfer_group: group };
    kit.sandbox.setLatency(200);

    // Act
    const outcomes = await Promise.allSettled([
      kit.sdk().transfers.create(params, { idempotencyKey: `${group}-k` }),
      kit.sdk().transfers.create(params, { idempotencyKey: `${group}-k` }),
    ]);
    kit.sandbox.setLatency(0);

    // Assess
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toMatchObject({ statusCode: 409, code: 'idempotency_key_in_use' });
    expect(kit.transfersIn(group)).toHaveLength(1);
  });

  it('creates exactly one transfer for concurrent gateway calls with the same key', async () => {
    // Prepare
    const destination = await kit.onboardedAccount();
    const group = kit.newGroup();
    const input = { amountPence: 300, destination, transferGroup: group, metadata: {}, idempotencyKey: `${group}-k` };
    kit.sandbox.setLatency(100);

    // Act
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => kit.gateway.createTransfer(input)));
    kit.sandbox.setLatency(0);

    // Assess
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(kit.transfersIn(group)).toHaveLength(1);
  });

  it('retries an injected 500 with the same key and creates exactly one transfer', async () => {
    // Prepare
    const destination = await kit.onboardedAccount();
    const group = kit.newGroup();
    const client = kit.sdk({ retries: 3 });
    const sentKeys: (string | undefined)[] = [];
    client.on('request', (event: { idempotency_key?: string }) => sentKeys.push(event.idempotency_key));
    kit.sandbox.failNext('server_error', { path: '/v1/transfers', method: 'POST' });

    // Act
    const transfer = await client.transfers.create({ amount: 400, currency: 'gbp', destination, transfer_group: group });

    // Assess
    expect(sentKeys).toHaveLength(2);
    expect(sentKeys[0]).toMatch(/^stripe-node-retry-/);
    expect(sentKeys[1]).toBe(sentKeys[0]);
    expect(kit.transfersIn(group).map((t) => t.id)).toEqual([transfer.id]);
  });

  it('leaves 429s to the caller in the SDK, and the gateway retries them into exactly one transfer', async () => {
    // Prepare
    const destination = await kit.onboardedAccount();
    const group = kit.newGroup();
    kit.sandbox.failNext('rate_limit', { path: '/v1/transfers', method: 'POST' });

    // Act
    const raw = await rejectionOf(kit.sdk({ retries: 3 }).transfers.create({ amount: 1, currency: 'gbp', destination, transfer_group: group }));
    kit.sandbox.failNext('rate_limit', { path: '/v1/transfers', method: 'POST', count: 2 });
    const viaGateway = await kit.gateway.createTransfer({ amountPence: 500, destination, transferGroup: group, metadata: {}, idempotencyKey: `${group}-k` });

    // Assess
    expect(raw).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(raw).toMatchObject({ statusCode: 429, code: 'rate_limit' });
    expect(kit.transfersIn(group).map((t) => t.id)).toEqual([viaGateway.id]);
  });

  it('stops retrying 429s at the caller’s deadline, reporting rate_limit (Stripe did nothing)', async () => {
    // Prepare
    const destination = await kit.onboardedAccount();
    const group = kit.newGroup();
    // As many 429s as the retry policy has attempts, so none of them gets through.
    kit.sandbox.failNext('rate_limit', { path: '/v1/transfers', method: 'POST', count: 10 });

    // Act: 4 s leaves room for the first attempt and some retries, not for an attempt past the deadline.
    const error = await rejectionOf(
      kit.gateway.withDeadline(deadlineIn(4_000)).createTransfer({ amountPence: 500, destination, transferGroup: group, metadata: {}, idempotencyKey: `${group}-k` }),
    );

    kit.sandbox.clearFailures();

    // Assess
    expect(error).toMatchObject({ code: 'unavailable', reason: 'rate_limit', definitive: true, statusCode: 429 });
    expect(kit.transfersIn(group)).toEqual([]);
  });

  it('replays the committed transfer when the first answer was lost after commit (500)', async () => {
    // Prepare
    const destination = await kit.onboardedAccount();
    const group = kit.newGroup();
    kit.sandbox.failNext('server_error', { path: '/v1/transfers', method: 'POST', afterCommit: true });

    // Act
    const transfer = await kit.sdk({ retries: 3 }).transfers.create({ amount: 600, currency: 'gbp', destination, transfer_group: group });

    // Assess
    expect(transfer.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(kit.transfersIn(group).map((t) => t.id)).toEqual([transfer.id]);
  });

  it('replays the committed transfer when the first attempt timed out after commit', async () => {
    // Prepare
    const destination = await kit.onboardedAccount();
    const group = kit.newGroup();
    const impatient = kit.gatewayWith({ timeoutMs: 300 });
    kit.sandbox.failNext('timeout', { path: '/v1/transfers', method: 'POST', afterCommit: true });

    // Act
    const transfer = await impatient.createTransfer({ amountPence: 800, destination, transferGroup: group, metadata: {}, idempotencyKey: `${group}-k` });

    // Assess
    expect(transfer.replayed).toBe(true);
    expect(kit.transfersIn(group).map((t) => t.id)).toEqual([transfer.id]);
  });

  it('reports a timeout as not definitive when every attempt times out', async () => {
    // Prepare
    const destination = await kit.onboardedAccount();
    const group = kit.newGroup();
    const impatient = kit.gatewayWith({ timeoutMs: 200, maxNetworkRetries: 1 });
    kit.sandbox.failNext('timeout', { path: '/v1/transfers', method: 'POST', count: 2 });

    // Act
    const error = await rejectionOf(
      impatient.createTransfer({ amountPence: 800, destination, transferGroup: group, metadata: {}, idempotencyKey: `${group}-k` }),
    );

    // Assess
    expect(error).toMatchObject({ reason: 'timeout', definitive: false, statusCode: undefined });
    expect(kit.transfersIn(group)).toHaveLength(0);
  });

  it('saves a 500 raised during execution and replays it for the same key, as Stripe documents', async () => {
    // Prepare
    const destination = await kit.onboardedAccount();
    const group = kit.newGroup();
    const input = { amountPence: 900, destination, transferGroup: group, metadata: {}, idempotencyKey: `${group}-k` };
    kit.sandbox.failNext('server_error', { path: '/v1/transfers', method: 'POST', saved: true });

    // Act
    const first = await rejectionOf(kit.gateway.createTransfer(input));
    const again = await rejectionOf(kit.gateway.createTransfer(input));
    const freshKey = await kit.gateway.createTransfer({ ...input, idempotencyKey: `${group}-k2` });

    // Assess
    expect(first).toMatchObject({ statusCode: 500, definitive: false, reason: 'api_error' });
    expect(again).toMatchObject({ statusCode: 500, definitive: false });
    expect(((again as StripeGatewayError).cause as { headers?: Record<string, string> }).headers?.['idempotent-replayed']).toBe('true');
    expect(kit.transfersIn(group).map((t) => t.id)).toEqual([freshKey.id]);
  });
});

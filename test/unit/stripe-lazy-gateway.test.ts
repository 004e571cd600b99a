// The gateway that reads Stripe's keys on first use: unconfigured until real keys are stored, then built once.
import { describe, expect, it } from 'vitest';
import { createLazyStripeGateway, RECHECK_MS } from '../../shared/stripe/lazy-gateway.js';
import type { StripeGateway } from '../../shared/stripe/gateway.js';
import type { StripeSettings } from '../../shared/stripe/settings.js';

const CONFIGURED: StripeSettings = { state: 'configured', settings: { secretKey: 'sk_test_abcdefgh', webhookSecrets: { connect: 'whsec_abcdefgh' } } };
const UNCONFIGURED: StripeSettings = { state: 'unconfigured', reason: 'placeholder' };

const fakeGateway = (deadlines: unknown[] = []): StripeGateway => ({
  withDeadline: (deadline) => (deadlines.push(deadline), fakeGateway(deadlines)),
  status: async () => ({ state: 'configured', mode: 'test' }),
  createConnectedAccount: async () => ({ id: 'acct_1', adopted: false }),
  createAccountLink: async () => ({ url: 'https://connect.stripe.com/x', expiresAt: 1 }),
  retrieveAccount: async (id) => ({ id, payoutsEnabled: true, chargesEnabled: false, detailsSubmitted: true, transfersCapability: 'active' }),
  createTransfer: async () => ({ id: 'tr_1', replayed: false }),
  getBalancePence: async () => 100,
  findTransfer: async () => undefined,
  transfersInPayout: async () => [],
  verifyWebhook: async () => ({ kind: 'malformed', id: null, type: null, endpoint: 'connect', reason: 'test' }),
});

const setup = (answers: (StripeSettings | Error)[]) => {
  let now = 0;
  let loads = 0;
  let builds = 0;
  const gateway = createLazyStripeGateway(
    async () => {
      const answer = answers[Math.min(loads, answers.length - 1)]!;
      loads += 1;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    { now: () => now, build: () => ((builds += 1), fakeGateway()) },
  );
  return { gateway, advance: (ms: number) => (now += ms), loads: () => loads, builds: () => builds };
};

describe('Function: createLazyStripeGateway', () => {
  it('reads nothing until first used', () => {
    const { loads } = setup([CONFIGURED]);
    expect(loads()).toBe(0);
  });

  it('answers stripe_unconfigured (503) while the secret holds placeholders, and reports the state', async () => {
    const { gateway } = setup([UNCONFIGURED]);
    await expect(gateway.createConnectedAccount({ organisationId: 'org_1', idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'stripe_unconfigured',
      status: 503,
      // The logs say why; the caller reads only the plain detail.
      cause: expect.objectContaining({ message: 'Stripe is unconfigured: placeholder.' }),
    });
    await expect(gateway.status()).resolves.toEqual({ state: 'unconfigured' });
  });

  it('looks at the secret again a minute later, so stored keys take effect without a restart', async () => {
    const { gateway, advance, loads } = setup([UNCONFIGURED, CONFIGURED]);
    await expect(gateway.getBalancePence()).rejects.toMatchObject({ code: 'stripe_unconfigured' });
    advance(RECHECK_MS - 1);
    await expect(gateway.getBalancePence()).rejects.toMatchObject({ code: 'stripe_unconfigured' });
    expect(loads()).toBe(1);
    advance(1);
    await expect(gateway.getBalancePence()).resolves.toBe(100);
    await expect(gateway.status()).resolves.toEqual({ state: 'configured', mode: 'test' });
  });

  it('builds the real gateway once and keeps it', async () => {
    const { gateway, loads, builds } = setup([CONFIGURED]);
    await Promise.all([gateway.getBalancePence(), gateway.getBalancePence(), gateway.status()]);
    await gateway.createTransfer({ amountPence: 1, destination: 'acct_1', transferGroup: 'g', metadata: {}, idempotencyKey: 'k' });
    expect([loads(), builds()]).toEqual([1, 1]);
  });

  it('hands the caller’s deadline to the real gateway', async () => {
    const deadlines: unknown[] = [];
    const gateway = createLazyStripeGateway(async () => CONFIGURED, { build: () => fakeGateway(deadlines) });
    await gateway.withDeadline({ at: 42 }).getBalancePence();
    await gateway.getBalancePence();
    expect(deadlines).toEqual([{ at: 42 }]);
  });

  it('answers unavailable when the secret cannot be read, and asks again on the next call', async () => {
    const { gateway, loads } = setup([new Error('Secrets Manager timed out'), CONFIGURED]);
    await expect(gateway.getBalancePence()).rejects.toMatchObject({ code: 'unavailable', detail: expect.stringMatching(/could not be read/) });
    await expect(gateway.getBalancePence()).resolves.toBe(100);
    expect(loads()).toBe(2);
  });
});

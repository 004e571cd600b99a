// Builds the API's real dependencies from configuration: once per process (Lambda cold start).
import { Logger } from '@aws-lambda-powertools/logger';
import { createRemoteJWKSet } from 'jose';
import type { Config } from '../../shared/config.js';
import { createIdFactory } from '../../shared/domain/ids.js';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createStore, type Store } from '../../shared/store/client.js';
import { stripeFromConfig } from '../../shared/stripe/lazy-gateway.js';
import { createInProcessDispatcher, createSqsDispatcher } from '../payout-worker/dispatch.js';
import { createPacer } from '../payout-worker/pacer.js';
import { createMetrics } from './metrics.js';
import { createLocalIssuer, loadOrCreateSigningKey } from './auth/local-issuer.js';
import { createTokenVerifier } from './auth/verifier.js';
import type { Deps } from './deps.js';
import { createIdempotencyStore } from './middleware/idempotency.js';

export const API_VERSION = '1.0.0';

export const buildDeps = async (config: Config, options: { dataDir?: string; store?: Store } = {}): Promise<Deps> => {
  const store = options.store ?? createStore({ tableName: config.TABLE_NAME, endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
  const logger = new Logger({ serviceName: 'pay-on-prescription', logLevel: config.LOG_LEVEL });
  let localIssuer;
  let verifier;
  if (config.AUTH_MODE === 'local') {
    localIssuer = await createLocalIssuer(await loadOrCreateSigningKey(options.dataDir ?? '.data'));
    verifier = createTokenVerifier({ keys: localIssuer.keys, issuer: localIssuer.issuer });
  } else {
    // loadConfig guarantees both are present in cognito mode.
    verifier = createTokenVerifier({
      keys: createRemoteJWKSet(new URL(config.JWKS_URL!)),
      issuer: config.JWT_ISSUER!,
      audience: config.JWT_AUDIENCE,
    });
  }
  // Stripe's keys are read on first use: every function starts (and /health answers) before they are stored.
  const stripe = stripeFromConfig(config);
  const clock = () => new Date();
  const ids = createIdFactory();
  const metrics = createMetrics();
  const payouts = config.PAYOUT_QUEUE_URL
    ? createSqsDispatcher(new SQSClient({ region: config.AWS_REGION }), config.PAYOUT_QUEUE_URL)
    : stripe
      ? createInProcessDispatcher({ store, stripe, logger, clock, ids, metrics, pacer: createPacer(config.PAYOUT_TRANSFERS_PER_SECOND) })
      : undefined;
  return {
    store,
    logger,
    stripe,
    payouts,
    metrics,
    publicUrl: config.PUBLIC_URL ?? 'http://localhost:3000',
    verifier,
    localIssuer,
    idempotencyStore: createIdempotencyStore(store),
    clock,
    ids,
    versions: { api: API_VERSION, node: process.version, stage: config.STAGE },
  };
};

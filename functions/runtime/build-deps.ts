// Builds every entry point's real dependencies from configuration: once per process (Lambda cold start).
import type { Logger } from '@aws-lambda-powertools/logger';
import { createRemoteJWKSet } from 'jose';
import type { Config } from '../../shared/config.js';
import { createIdFactory, type IdFactory } from '../../shared/domain/ids.js';
import { createLocalMemberDirectory } from '../../shared/identity/member-directory.js';
import { createStore, type Store } from '../../shared/store/client.js';
import type { StripeGateway } from '../../shared/stripe/gateway.js';
import { stripeFromConfig } from '../../shared/stripe/lazy-gateway.js';
import { createLocalIssuer, loadOrCreateSigningKey } from './auth/local-issuer.js';
import { createTokenVerifier } from './auth/verifier.js';
import type { Deps } from './deps.js';
import { createIdempotencyStore } from './idempotency-store.js';
import { createLogger } from './logger.js';
import { createMetrics, type AppMetrics } from './metrics.js';
import { createTracer, traceAwsClient } from './tracing.js';
import type { PayoutDispatcher } from './payouts.js';

export const API_VERSION = '1.0.0';

/** What a payout worker running in this process needs; the entry file that composes the rooms supplies the worker. */
export interface InProcessWorkerBase {
  readonly store: Store;
  readonly stripe: StripeGateway;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly ids: IdFactory;
  readonly metrics: AppMetrics;
  readonly transfersPerSecond: number;
}

export interface BuildOptions {
  readonly dataDir?: string;
  readonly store?: Store;
  /**
   * Pays approved runs in this process when there is no payout queue (npm start). This room cannot
   * import the worker, so the composing entry file passes it; without it such runs are not paid here.
   */
  readonly inProcessPayouts?: (worker: InProcessWorkerBase) => PayoutDispatcher;
}

export const buildDeps = async (config: Config, options: BuildOptions = {}): Promise<Deps> => {
  const tracer = await createTracer();
  const store = options.store ?? createStore({ tableName: config.TABLE_NAME, endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
  if (!options.store) traceAwsClient(tracer, store.raw);
  const logger = createLogger(config);
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
  // The SQS and Cognito clients are loaded only where they are used: every other process (npm start,
  // and the webhook, which builds these deps too) would otherwise evaluate them at start-up for nothing.
  const sqsDispatcher = async (queueUrl: string) => {
    const [{ SQSClient }, { createSqsDispatcher }] = await Promise.all([import('@aws-sdk/client-sqs'), import('./payouts.js')]);
    return createSqsDispatcher(traceAwsClient(tracer, new SQSClient({ region: config.AWS_REGION })), queueUrl);
  };
  const cognitoDirectory = async (userPoolId: string) => {
    const [{ CognitoIdentityProviderClient }, { createCognitoMemberDirectory }] = await Promise.all([
      import('@aws-sdk/client-cognito-identity-provider'),
      import('../../shared/identity/cognito-directory.js'),
    ]);
    return createCognitoMemberDirectory(traceAwsClient(tracer, new CognitoIdentityProviderClient({ region: config.AWS_REGION })), userPoolId);
  };
  const payouts = config.PAYOUT_QUEUE_URL
    ? await sqsDispatcher(config.PAYOUT_QUEUE_URL)
    : stripe && options.inProcessPayouts
      ? options.inProcessPayouts({ store, stripe, logger, clock, ids, metrics, transfersPerSecond: config.PAYOUT_TRANSFERS_PER_SECOND })
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
    members:
      config.AUTH_MODE === 'local'
        ? createLocalMemberDirectory()
        : config.USER_POOL_ID
          ? await cognitoDirectory(config.USER_POOL_ID)
          : undefined,
  };
};

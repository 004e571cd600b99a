// Lambda entry for the payout worker: each SQS message pays one slice of a run and queues the rest.
// It builds only what paying needs (no token verifier, idempotency store or member directory), so
// its bundle carries none of them.
import { SQSClient } from '@aws-sdk/client-sqs';
import { createIdFactory } from '../../shared/domain/ids.js';
import { createStore } from '../../shared/store/client.js';
import { stripeFromConfig } from '../../shared/stripe/lazy-gateway.js';
import { loadLambdaConfig } from '../runtime/lambda-config.js';
import { sqsJsonSender } from '../runtime/sqs-json.js';
import { createLogger } from '../runtime/logger.js';
import { createMetrics } from '../runtime/metrics.js';
import { createTracer, traceAwsClient } from '../runtime/tracing.js';
import { createPacer } from './pacer.js';
import { createWorkerHandler, type ContinuationQueue } from './sqs-handler.js';

const config = loadLambdaConfig();
const tracer = await createTracer();
const store = createStore({ tableName: config.TABLE_NAME, endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
traceAwsClient(tracer, store.raw);
const stripe = stripeFromConfig(config);
if (!stripe) throw new Error('The payout worker needs Stripe: set STRIPE_SECRET_ARN.');
const queueUrl = config.PAYOUT_QUEUE_URL;
const sqs = queueUrl ? traceAwsClient(tracer, new SQSClient({ region: config.AWS_REGION })) : undefined;
const continuation: ContinuationQueue | undefined = sqs && queueUrl ? { send: sqsJsonSender(sqs, queueUrl) } : undefined;

export const handler = createWorkerHandler(
  {
    store,
    stripe,
    logger: createLogger(config),
    clock: () => new Date(),
    ids: createIdFactory(),
    metrics: createMetrics(),
    pacer: createPacer(config.PAYOUT_TRANSFERS_PER_SECOND),
  },
  { continuation, shards: config.PAYOUT_WORKERS },
);

// Lambda entry for the payout worker: each SQS message names a run to pay (or resume paying).
import { buildDeps } from '../runtime/build-deps.js';
import { loadLambdaConfig } from '../runtime/lambda-config.js';
import { createPacer } from './pacer.js';
import { createWorkerHandler } from './sqs-handler.js';

const config = loadLambdaConfig();
const deps = await buildDeps(config);
if (!deps.stripe) throw new Error('The payout worker needs Stripe: set STRIPE_SECRET_ARN.');

export const handler = createWorkerHandler({
  store: deps.store,
  stripe: deps.stripe,
  logger: deps.logger,
  clock: deps.clock,
  ids: deps.ids,
  metrics: deps.metrics,
  pacer: createPacer(config.PAYOUT_TRANSFERS_PER_SECOND),
});

// Lambda entry for the EventBridge schedule that expires referrals left unanswered past their deadline.
import { createIdFactory } from '../../shared/domain/ids.js';
import { createStore, withDeadline } from '../../shared/store/client.js';
import { expireOverdueReferrals } from '../../shared/store/expiry.js';
import { lambdaDeadline, type RemainingTime } from '../runtime/deadlines.js';
import { loadLambdaConfig } from '../runtime/lambda-config.js';
import { createLogger } from '../runtime/logger.js';
import { createTracer, traceAwsClient } from '../runtime/tracing.js';

const config = loadLambdaConfig();
const store = createStore({ tableName: config.TABLE_NAME, endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
// Each DynamoDB call becomes an X-Ray subsegment (a no-op outside Lambda, where tracing is off).
traceAwsClient(await createTracer('pay-on-prescription-expiry'), store.raw);
const ids = createIdFactory();
const logger = createLogger(config, 'pay-on-prescription-expiry');

export const handler = async (event: { time?: string }, context?: RemainingTime): Promise<{ expired: number; skipped: number }> => {
  const now = event.time ? new Date(event.time) : new Date();
  // The store's retries stop before the function would time out; what is left is done next hour.
  const result = await expireOverdueReferrals(context ? withDeadline(store, lambdaDeadline(context)) : store, now, ids);
  logger.info('expired overdue referrals', { ...result, at: now.toISOString() });
  return result;
};

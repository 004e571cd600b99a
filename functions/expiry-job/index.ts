// Lambda entry for the EventBridge schedule that expires referrals left unanswered past their deadline.
import { Logger } from '@aws-lambda-powertools/logger';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { loadConfig } from '../../shared/config.js';
import { createIdFactory } from '../../shared/domain/ids.js';
import { createStore } from '../../shared/store/client.js';
import { expireOverdueReferrals } from '../../shared/store/expiry.js';

const config = loadConfig({ ...process.env, RUNNING_IN_LAMBDA: 'true' });
const store = createStore({ tableName: config.TABLE_NAME, endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
// Each DynamoDB call becomes an X-Ray subsegment (a no-op outside Lambda, where tracing is off).
new Tracer({ serviceName: 'pay-on-prescription-expiry' }).captureAWSv3Client(store.raw);
const ids = createIdFactory();
const logger = new Logger({ serviceName: 'pay-on-prescription-expiry', logLevel: config.LOG_LEVEL });

export const handler = async (event: { time?: string }): Promise<{ expired: number; skipped: number }> => {
  const now = event.time ? new Date(event.time) : new Date();
  const result = await expireOverdueReferrals(store, now, ids);
  logger.info('expired overdue referrals', { ...result, at: now.toISOString() });
  return result;
};
